#include "tests/integration/plan_view.h"

#include <doctest/doctest.h>

#include <sstream>

namespace pt::itest {
namespace {

std::set<std::string> key_set(const json& object) {
    std::set<std::string> keys;
    if (object.is_object()) {
        for (const auto& item : object.items())
            keys.insert(item.key());
    }
    return keys;
}

std::string join(const std::set<std::string>& words) {
    std::string text;
    for (const auto& word : words)
        text += (text.empty() ? "" : ", ") + word;
    return "{" + text + "}";
}

std::set<std::string> minus(const std::set<std::string>& a, const std::set<std::string>& b) {
    std::set<std::string> result;
    for (const auto& item : a) {
        if (b.count(item) == 0) result.insert(item);
    }
    return result;
}

}  // namespace

void PlanView::apply(const json& answer) {
    if (!answer.is_object()) return;
    if (answer.value("reset", false)) objects_.clear();
    for (const auto& kind : kPlanKinds) {
        auto& bucket = objects_[kind];
        if (answer.contains(kind) && answer[kind].is_array()) {
            for (const auto& object : answer[kind]) {
                if (object.is_object() && object.contains("id") && object["id"].is_string()) {
                    bucket[object["id"].get<std::string>()] = object;
                }
            }
        }
        if (answer.contains("removed") && answer["removed"].is_object() &&
            answer["removed"].contains(kind) && answer["removed"][kind].is_array()) {
            for (const auto& id : answer["removed"][kind]) {
                if (id.is_string()) bucket.erase(id.get<std::string>());
            }
        }
    }
}

PlanView PlanView::of(const json& answer) {
    PlanView view;
    view.apply(answer);
    return view;
}

std::set<std::string> PlanView::ids(const std::string& kind) const {
    std::set<std::string> result;
    const auto bucket = objects_.find(kind);
    if (bucket == objects_.end()) return result;
    for (const auto& [id, object] : bucket->second)
        result.insert(id);
    return result;
}

const json* PlanView::find(const std::string& kind, const std::string& id) const {
    const auto bucket = objects_.find(kind);
    if (bucket == objects_.end()) return nullptr;
    const auto object = bucket->second.find(id);
    return object == bucket->second.end() ? nullptr : &object->second;
}

std::size_t PlanView::size() const {
    std::size_t count = 0;
    for (const auto& [kind, bucket] : objects_)
        count += bucket.size();
    return count;
}

PlanView PlanView::without(const std::string& kind) const {
    PlanView rest = *this;
    rest.objects_.erase(kind);
    return rest;
}

std::string PlanView::diff(const PlanView& expected) const {
    std::ostringstream out;
    for (const auto& kind : kPlanKinds) {
        const auto mine = ids(kind);
        const auto theirs = expected.ids(kind);
        for (const auto& id : minus(mine, theirs)) {
            out << kind << " " << id
                << ": held by the client but not in a fresh pull: " << find(kind, id)->dump()
                << "\n";
        }
        for (const auto& id : minus(theirs, mine)) {
            out << kind << " " << id << ": in a fresh pull but missing on the client: "
                << expected.find(kind, id)->dump() << "\n";
        }
        for (const auto& id : mine) {
            if (theirs.count(id) == 0) continue;
            const json& a = *find(kind, id);
            const json& b = *expected.find(kind, id);
            if (a != b) {
                out << kind << " " << id << ": client holds " << a.dump() << "\n   fresh pull "
                    << b.dump() << "\n";
            }
        }
    }
    return out.str();
}

std::set<std::string> ids_mentioned(const json& answer) {
    std::set<std::string> result;
    for (const auto& kind : kPlanKinds) {
        if (answer.contains(kind) && answer[kind].is_array()) {
            for (const auto& object : answer[kind]) {
                if (object.contains("id") && object["id"].is_string()) {
                    result.insert(object["id"].get<std::string>());
                }
            }
        }
        if (answer.contains("removed") && answer["removed"].contains(kind) &&
            answer["removed"][kind].is_array()) {
            for (const auto& id : answer["removed"][kind]) {
                if (id.is_string()) result.insert(id.get<std::string>());
            }
        }
    }
    return result;
}

void check_plan_answer(const json& answer, const std::vector<std::string>& work_step_columns,
                       const std::vector<std::string>& process_columns) {
    REQUIRE(answer.is_object());
    for (const char* key : {"cursor", "reset", "orders", "resources", "work_steps", "processes",
                            "step_notes", "removed"}) {
        CHECK_MESSAGE(answer.contains(key), "plan answer lacks `", key, "`: ", answer.dump());
    }
    CHECK_MESSAGE(answer.value("cursor", json()).is_string(), "cursor must be a string");
    CHECK_MESSAGE(answer.value("reset", json()).is_boolean(), "reset must be a boolean");

    std::set<std::string> work_step_keys = {"id",     "order_id",         "resource_id",
                                            "status", "feedback_allowed", "operators"};
    work_step_keys.insert(work_step_columns.begin(), work_step_columns.end());
    std::set<std::string> process_keys = {"id", "order_id", "status", "feedback_allowed"};
    process_keys.insert(process_columns.begin(), process_columns.end());
    const std::map<std::string, std::set<std::string>> expected_keys = {
        {"orders", {"id", "number", "article", "quantity", "due", "parent_id", "top_id"}},
        {"resources", {"id", "name", "own"}},
        {"work_steps", work_step_keys},
        {"processes", process_keys},
        {"step_notes", {"id", "work_step_id", "operator_name", "at", "text"}}};

    const json removed = answer.value("removed", json::object());
    CHECK_MESSAGE(removed.is_object(), "removed must be an object");
    for (const auto& kind : kPlanKinds) {
        CHECK_MESSAGE((removed.is_object() && removed.contains(kind) && removed[kind].is_array()),
                      "removed lacks the list `", kind, "`: ", removed.dump());
        const json list = answer.value(kind, json::array());
        CHECK_MESSAGE(list.is_array(), kind, " must be an array");
        if (!list.is_array()) continue;
        std::set<std::string> listed;
        for (const auto& object : list) {
            const auto keys = key_set(object);
            const auto& want = expected_keys.at(kind);
            CHECK_MESSAGE(keys == want, kind, " object has fields ", join(keys), ", contract says ",
                          join(want), "; extra ", join(minus(keys, want)), ", missing ",
                          join(minus(want, keys)), ": ", object.dump());
            const json id = object.value("id", json());
            CHECK_MESSAGE(id.is_string(), kind, " id must be a string: ", object.dump());
            if (!id.is_string()) continue;
            CHECK_MESSAGE(listed.insert(id.get<std::string>()).second, kind, " lists ", id.dump(),
                          " twice");
            if (removed.is_object() && removed.contains(kind) && removed[kind].is_array()) {
                for (const auto& gone : removed[kind]) {
                    CHECK_MESSAGE(gone != id, kind, " ", id.dump(), " is both listed and removed");
                }
            }
            if (kind == "orders") {
                CHECK_MESSAGE((object.value("parent_id", json(0)).is_null() ||
                               object.value("parent_id", json()).is_string()),
                              "parent_id must be null or a string: ", object.dump());
                CHECK_MESSAGE(object.value("top_id", json()).is_string(),
                              "top_id must be a string: ", object.dump());
                if (object.value("parent_id", json(0)).is_null()) {
                    CHECK_MESSAGE(object.value("top_id", json()) == id,
                                  "a top-level order's top_id is itself: ", object.dump());
                }
                CHECK_MESSAGE(object.value("quantity", json()).is_number(),
                              "order quantity must be a number: ", object.dump());
            } else if (kind == "step_notes") {
                for (const char* text : {"work_step_id", "operator_name", "at", "text"}) {
                    CHECK_MESSAGE(object.value(text, json()).is_string(), text,
                                  " must be a string: ", object.dump());
                }
            } else if (kind == "resources") {
                CHECK_MESSAGE(object.value("own", json()).is_boolean(),
                              "own must be a boolean: ", object.dump());
            } else {
                CHECK_MESSAGE(object.value("feedback_allowed", json()).is_boolean(),
                              "feedback_allowed must be a boolean: ", object.dump());
                CHECK_MESSAGE(object.value("status", json()).is_string(),
                              "status must be a string: ", object.dump());
                CHECK_MESSAGE(object.value("order_id", json()).is_string(),
                              "order_id must be a string: ", object.dump());
            }
        }
    }
}

}  // namespace pt::itest
