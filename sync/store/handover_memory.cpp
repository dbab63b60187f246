#include "sync/store/handover_memory.h"

#include <SQLiteCpp/Transaction.h>

#include <charconv>

#include "sync/store/db_impl.h"

namespace pt::store {
namespace {

// One line per step, fields separated by tabs (ids, names of statuses and numbers hold none):
//   work_step_id  resource_id  planned_start  planned_end  quantity  status  note ids (spaces)
// an absent column is "-".

void put_number(std::string& out, const std::optional<std::int64_t>& value) {
    out += value ? std::to_string(*value) : std::string("-");
}

std::string encode(const std::vector<plan::StepMemory>& memory) {
    std::string out;
    out.reserve(memory.size() * 64);
    const auto seconds = [](const std::optional<plan::Timestamp>& t) {
        return t ? std::optional<std::int64_t>(t->time_since_epoch().count()) : std::nullopt;
    };
    for (const plan::StepMemory& m : memory) {
        out += m.work_step_id;
        out += '\t';
        out += m.resource_id;
        out += '\t';
        put_number(out, seconds(m.planned_start));
        out += '\t';
        put_number(out, seconds(m.planned_end));
        out += '\t';
        put_number(out, m.quantity);
        out += '\t';
        out += plan::name_of(m.status);
        out += '\t';
        for (std::size_t i = 0; i < m.seen_notes.size(); ++i) {
            if (i > 0) out += ' ';
            out += m.seen_notes[i];
        }
        out += '\n';
    }
    return out;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        const std::size_t end = text.find(separator, start);
        parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
        if (end == std::string_view::npos) return parts;
        start = end + 1;
    }
}

std::optional<std::int64_t> number(std::string_view field) {
    if (field == "-") return std::nullopt;
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (error != std::errc() || end != field.data() + field.size())
        throw detail::bad_value("handover_logouts", "steps", std::string(field));
    return value;
}

std::vector<plan::StepMemory> decode(std::string_view text) {
    std::vector<plan::StepMemory> memory;
    for (const std::string_view line : split(text, '\n')) {
        if (line.empty()) continue;
        const auto fields = split(line, '\t');
        if (fields.size() != 7)
            throw detail::bad_value("handover_logouts", "steps", std::string(line));
        plan::StepMemory m;
        m.work_step_id = fields[0];
        m.resource_id = fields[1];
        const auto time = [](std::optional<std::int64_t> s) {
            return s ? std::optional<plan::Timestamp>(plan::Timestamp(std::chrono::seconds(*s)))
                     : std::nullopt;
        };
        m.planned_start = time(number(fields[2]));
        m.planned_end = time(number(fields[3]));
        m.quantity = number(fields[4]);
        const auto status = plan::work_step_status_from_name(fields[5]);
        if (!status) throw detail::bad_value("handover_logouts", "steps", std::string(fields[5]));
        m.status = *status;
        for (const std::string_view id : split(fields[6], ' '))
            if (!id.empty()) m.seen_notes.emplace_back(id);
        memory.push_back(std::move(m));
    }
    return memory;
}

}  // namespace

void HandoverMemory::save(std::string_view operator_id, std::string_view partner_id,
                          const std::vector<plan::StepMemory>& memory) {
    if (operator_id.empty() || partner_id.empty())
        throw detail::misuse("remembering a handover: the operator and partner must be set");
    const std::string steps = encode(memory);
    auto& impl = db_.impl();
    detail::guarded(impl, "remembering the operator's handover", [&] {
        SQLite::Statement upsert(impl.db,
                                 "INSERT OR REPLACE INTO handover_logouts (operator_id, "
                                 "partner_id, steps) VALUES (?, ?, ?)");
        detail::bind_text(upsert, 1, operator_id);
        detail::bind_text(upsert, 2, partner_id);
        upsert.bind(3, steps);
        upsert.exec();
    });
}

void HandoverMemory::forget(std::string_view operator_id) {
    auto& impl = db_.impl();
    detail::guarded(impl, "forgetting the operator's handover", [&] {
        SQLite::Statement erase(impl.db, "DELETE FROM handover_logouts WHERE operator_id = ?");
        detail::bind_text(erase, 1, operator_id);
        erase.exec();
    });
}

std::optional<std::vector<plan::StepMemory>> HandoverMemory::load(
    std::string_view operator_id, std::string_view partner_id) const {
    auto& impl = db_.impl();
    return detail::guarded(impl, "reading the operator's handover", [&] {
        std::optional<std::vector<plan::StepMemory>> memory;
        SQLite::Statement query(
            impl.db, "SELECT steps FROM handover_logouts WHERE operator_id = ? AND partner_id = ?");
        detail::bind_text(query, 1, operator_id);
        detail::bind_text(query, 2, partner_id);
        if (query.executeStep()) memory = decode(query.getColumn(0).getString());
        return memory;
    });
}

}  // namespace pt::store
