// PlanService: the feeds an integration pages through (sync-api.md "Administration"): accepted
// events, refusals and the audit log, by `seq`. They read the database on a connection of their
// own, so a large page holds up no terminal's request.
#include <charconv>
#include <variant>

#include "sync/server/audit_log.h"
#include "sync/server/event_store.h"
#include "sync/server/plan_service_impl.h"
#include "sync/server/query_params.h"

namespace pt::server {
namespace {

constexpr std::int64_t kDefaultPageSize = 1'000;
constexpr std::int64_t kLargestPageSize = 10'000;

/// A whole decimal number without sign, or nullopt.
std::optional<std::int64_t> whole_number(std::string_view text) {
    std::int64_t value = 0;
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (text.empty() || text.front() == '-' || error != std::errc() || stop != end)
        return std::nullopt;
    return value;
}

struct Page {
    std::int64_t after = 0;
    std::optional<std::int64_t> limit;  ///< none: everything (no parameters given)
};

/// The page asked for, or the 422 that says what is wrong with the query. Without parameters:
/// everything when `whole_by_default` (the accepted events, as sync-api.md has always listed
/// them), else the first page.
std::variant<Page, Reply> page_of(const PageQuery& query, bool whole_by_default) {
    Page page;
    if (!query.after && !query.limit && whole_by_default) return page;
    if (query.after) {
        const auto after = whole_number(*query.after);
        if (!after)
            return error_reply(422, "unprocessable", "after: a seq (a whole number) is expected");
        page.after = *after;
    }
    page.limit = kDefaultPageSize;
    if (query.limit) {
        const auto limit = whole_number(*query.limit);
        if (!limit || *limit < 1 || *limit > kLargestPageSize) {
            return error_reply(422, "unprocessable",
                               "limit: a whole number from 1 to " +
                                   std::to_string(kLargestPageSize) + " is expected");
        }
        page.limit = *limit;
    }
    return page;
}

/// A read-only connection of its own to the database.
SQLite::Database open_reader(const std::filesystem::path& db) {
    SQLite::Database reader(db.string(), SQLite::OPEN_READONLY);
    reader.setBusyTimeout(5000);  // a checkpoint or recovery in progress is waited for
    return reader;
}

/// The console's filters of a feed (issue 16); BadQuery for one it cannot read.
EventFilter event_filter_of(const QueryParams& query) {
    EventFilter filter;
    filter.partner_id = id_param(query, "partner_id");
    filter.terminal_id = id_param(query, "terminal_id");
    filter.operator_id = id_param(query, "operator_id");
    filter.from = time_param(query, "from");
    filter.to = time_param(query, "to");
    return filter;
}

}  // namespace

Reply PlanService::get_events(std::string_view bearer, const PageQuery& query,
                              const QueryParams& filters) {
    return read_feed(bearer, query, filters, false);
}

Reply PlanService::get_refusals(std::string_view bearer, const PageQuery& query,
                                const QueryParams& filters) {
    return read_feed(bearer, query, filters, true);
}

Reply PlanService::read_feed(std::string_view bearer, const PageQuery& query,
                             const QueryParams& filters, bool refusals) {
    const auto caller = impl_->authorize(bearer, Role::viewer);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    EventFilter filter;
    try {
        filter = event_filter_of(filters);
    } catch (const BadQuery& error) {
        return bad_query_reply(error);
    }
    // A filtered feed is a console's list: paged even without `after` or `limit`.
    const auto asked = page_of(query, !refusals && filter.empty());
    if (const Reply* refusal = std::get_if<Reply>(&asked)) return *refusal;
    const Page& page = std::get<Page>(asked);
    SQLite::Database reader = open_reader(impl_->options.db);
    protocol::EventPage answer;
    answer.events = EventStore::page(reader, refusals, page.after, page.limit, filter);
    answer.next = answer.events.empty() ? page.after : answer.events.back().seq;
    return json_reply(200, protocol::encode_event_page(answer, refusals));
}

Reply PlanService::get_audit(std::string_view bearer, const PageQuery& query) {
    const auto caller = impl_->authorize(bearer, Role::admin);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    const auto asked = page_of(query, false);
    if (const Reply* refusal = std::get_if<Reply>(&asked)) return *refusal;
    const Page& page = std::get<Page>(asked);
    SQLite::Database reader = open_reader(impl_->options.db);
    const auto entries = AuditLog::page(reader, page.after, page.limit);
    return json_reply(200, protocol::encode_audit_page(
                               entries, entries.empty() ? page.after : entries.back().seq));
}

}  // namespace pt::server
