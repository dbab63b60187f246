// Mutated documents: every decoder either succeeds or throws ProtocolError — nothing else, no
// crash. A fixed seed keeps failures reproducible; the sanitizer build catches memory errors.
#include <doctest/doctest.h>

#include <functional>
#include <random>

#include "tests/protocol/protocol_samples.h"

namespace pt::protocol::test {
namespace {

struct Target {
    const char* name;
    std::string valid;  ///< a valid document to mutate
    std::function<void(std::string_view)> decode;
};

std::vector<Target> targets() {
    std::vector<Target> list;
    list.push_back({"dataset", encode_dataset(sample_dataset()),
                    [](std::string_view t) { (void)decode_dataset(t); }});
    list.push_back({"order", Json::parse(encode_dataset(sample_dataset()))["orders"][1].dump(),
                    [](std::string_view t) { (void)decode_order(t); }});
    list.push_back({"order change",
                    R"({"number":"N","quantity":3,"due":"2026-11-23T06:00:00Z",)"
                    R"("parent_id":null,"external_inheritance":"full","named_partner_ids":["P1"]})",
                    [](std::string_view t) { (void)decode_order_change(t); }});
    Json step_body = Json::parse(encode_dataset(sample_dataset()))["work_steps"][0];
    step_body.erase("id");
    list.push_back({"work step patch", step_body.dump(), [](std::string_view t) {
                        plan::WorkStep step;
                        apply_work_step_patch(step, t);
                    }});
    list.push_back({"process patch",
                    R"({"status":"done","due":"2026-11-23T06:00:00Z","name":"n","notes":""})",
                    [](std::string_view t) {
                        plan::Process process;
                        apply_process_patch(process, t);
                    }});
    list.push_back({"partner patch",
                    R"({"name":"n","modules":["workbench"],"allow_process_feedback":true})",
                    [](std::string_view t) {
                        plan::Partner partner;
                        apply_partner_patch(partner, t);
                    }});
    list.push_back({"resource patch", R"({"name":"n","external":true,"partner_ids":["P1"]})",
                    [](std::string_view t) {
                        plan::Resource resource;
                        apply_resource_patch(resource, t);
                    }});
    list.push_back({"settings",
                    R"({"default_external_inheritance":"full",)"
                    R"("external_columns":{"work_steps":["notes"],"processes":[]},)"
                    R"("reasons":{"pause":[{"code":"c","label":"l"}]}})",
                    [](std::string_view t) {
                        plan::Settings settings;
                        apply_settings_update(settings, t);
                    }});
    list.push_back({"error", encode_error({"unauthorized", "no"}),
                    [](std::string_view t) { (void)decode_error(t); }});
    list.push_back({"enrollment code",
                    encode_enrollment_code("C", plan::Timestamp{std::chrono::seconds{1}}),
                    [](std::string_view t) { (void)decode_enrollment_code(t); }});
    list.push_back({"enrollment code request", R"({"expires_in_s": 3600})",
                    [](std::string_view t) { (void)decode_enrollment_code_request(t); }});
    list.push_back({"enroll request", encode(EnrollRequest{"C", "N"}),
                    [](std::string_view t) { (void)decode_enroll_request(t); }});
    list.push_back({"enroll response", encode(EnrollResponse{"T", "K"}),
                    [](std::string_view t) { (void)decode_enroll_response(t); }});
    list.push_back({"login request", encode(LoginRequest{"B", "1"}),
                    [](std::string_view t) { (void)decode_login_request(t); }});
    list.push_back({"login response", encode(sample_login_response()),
                    [](std::string_view t) { (void)decode_login_response(t); }});
    list.push_back({"plan response", encode(sample_plan_response()),
                    [](std::string_view t) { (void)decode_plan_response(t); }});
    list.push_back({"events request", encode_events_request(sample_events()),
                    [](std::string_view t) { (void)decode_events_request(t); }});
    list.push_back({"event results",
                    encode_event_results({{"e1", ResultStatus::accepted, ""},
                                          {"e2", ResultStatus::rejected, "invalid"}}),
                    [](std::string_view t) { (void)decode_event_results(t); }});
    std::vector<RecordedEvent> recorded;
    for (const auto& event : sample_events())
        recorded.push_back({.event = event, .received_at = at_hour(3), .terminal_id = "T1"});
    list.push_back({"recorded events", encode_recorded_events(recorded),
                    [](std::string_view t) { (void)decode_recorded_events(t); }});
    recorded.push_back({.seq = 9, .event = {.id = "x"}, .undecoded = true, .reason = "invalid"});
    list.push_back({"event page", encode_event_page({recorded, 9}, true),
                    [](std::string_view t) { (void)decode_event_page(t); }});
    return list;
}

/// Every value in the document, for picking one to replace.
void collect(Json& value, std::vector<Json*>& out) {
    out.push_back(&value);
    if (value.is_structured()) {
        for (auto& child : value)
            collect(child, out);
    }
}

Json random_value(std::mt19937& rng) {
    switch (rng() % 12) {
        case 0:
            return nullptr;
        case 1:
            return true;
        case 2:
            return -1;
        case 3:
            return 1.5;
        case 4:
            return "";
        case 5:
            return "2026-11-23T06:00:00Z";
        case 6:
            return "in_progress";
        case 7:
            return Json::array();
        case 8:
            return Json::object();
        case 9:
            return Json::parse("18446744073709551615");
        case 10:
            return Json{1, "a", nullptr};
        default:
            return Json{{"id", "x"}};
    }
}

std::string mutate(const std::string& valid, std::mt19937& rng) {
    std::string text = valid;
    const int rounds = 1 + static_cast<int>(rng() % 3);
    for (int round = 0; round < rounds; ++round) {
        if (text.empty()) text = "{";
        const std::size_t at = rng() % text.size();
        switch (rng() % 6) {
            case 0:  // truncate
                text.resize(at);
                break;
            case 1:  // flip a byte
                text[at] = static_cast<char>(text[at] ^ static_cast<char>(1U << (rng() % 8)));
                break;
            case 2: {  // insert a structural character
                static constexpr std::string_view kChars = "{}[]\",:-0123456789.eE\\ntfu";
                text.insert(at, 1, kChars[rng() % kChars.size()]);
                break;
            }
            case 3:  // delete a range
                text.erase(at, rng() % 16);
                break;
            default: {  // replace one value by a value of another type (stays valid JSON)
                Json document = Json::parse(text, nullptr, false);
                if (document.is_discarded()) break;
                std::vector<Json*> values;
                collect(document, values);
                *values[rng() % values.size()] = random_value(rng);
                text = document.dump();
                break;
            }
        }
    }
    return text;
}

TEST_CASE("mutated documents throw only ProtocolError") {
    std::mt19937 rng(20261123);
    constexpr int kIterations = 1500;
    for (const Target& target : targets()) {
        const std::string name = target.name;
        CAPTURE(name);
        REQUIRE_NOTHROW(target.decode(target.valid));
        int refused = 0;
        for (int i = 0; i < kIterations; ++i) {
            const std::string text = mutate(target.valid, rng);
            try {
                target.decode(text);
            } catch (const ProtocolError& error) {
                ++refused;
                CHECK(std::string_view(error.what()).size() > 0);
            } catch (const std::exception& error) {
                CAPTURE(text);
                FAIL("not a ProtocolError: " << error.what());
            }
        }
        CHECK(refused > 0);
    }
}

TEST_CASE("deeply nested and huge garbage is refused, not a crash") {
    constexpr std::size_t kDepth = 100000;
    const std::string arrays = std::string(kDepth, '[') + std::string(kDepth, ']');
    const std::string objects = [&] {
        std::string text;
        for (std::size_t i = 0; i < kDepth; ++i)
            text += "{\"a\":";
        text += "1";
        text += std::string(kDepth, '}');
        return text;
    }();
    const std::string in_field = "{\"events\":" + arrays + "}";
    const std::string unclosed = std::string(kDepth, '[');
    for (const std::string* text : {&arrays, &objects, &in_field, &unclosed}) {
        CHECK(error_field([&] { return decode_dataset(*text); }) != "<no error>");
        CHECK(error_field([&] { return decode_events_request(*text); }).rfind("<", 0) != 0);
    }
    const std::string long_string = "{\"code\":\"" + std::string(1 << 20, 'x') + "\"}";
    CHECK(decode_enrollment_code(long_string).size() == std::size_t{1} << 20);
}

}  // namespace
}  // namespace pt::protocol::test
