// PlanService: the feeds an integration pages through (sync-api.md "Administration"): accepted
// events and refusals by `seq`. They read the database on a connection of their own, so a large
// page holds up no terminal's request.
#include <charconv>
#include <variant>

#include "sync/server/event_store.h"
#include "sync/server/plan_service_impl.h"

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

/// The page asked for, or the 422 that says what is wrong with the query.
std::variant<Page, Reply> page_of(const PageQuery& query) {
    Page page;
    if (!query.after && !query.limit) return page;
    if (query.after) {
        const auto after = whole_number(*query.after);
        if (!after) return error_reply(422, "invalid", "after: a seq (a whole number) is expected");
        page.after = *after;
    }
    page.limit = kDefaultPageSize;
    if (query.limit) {
        const auto limit = whole_number(*query.limit);
        if (!limit || *limit < 1 || *limit > kLargestPageSize) {
            return error_reply(422, "invalid",
                               "limit: a whole number from 1 to " +
                                   std::to_string(kLargestPageSize) + " is expected");
        }
        page.limit = *limit;
    }
    return page;
}

}  // namespace

Reply PlanService::get_events(std::string_view bearer, const PageQuery& query) {
    return read_feed(bearer, query, false);
}

Reply PlanService::get_refusals(std::string_view bearer, const PageQuery& query) {
    return read_feed(bearer, query, true);
}

Reply PlanService::read_feed(std::string_view bearer, const PageQuery& query, bool refusals) {
    const auto caller = impl_->authorize(bearer, Role::viewer);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    const auto asked = page_of(query);
    if (const Reply* refusal = std::get_if<Reply>(&asked)) return *refusal;
    const Page& page = std::get<Page>(asked);
    SQLite::Database reader(impl_->options.db.string(), SQLite::OPEN_READONLY);
    protocol::EventPage answer;
    answer.events = EventStore::page(reader, refusals, page.after, page.limit);
    answer.next = answer.events.empty() ? page.after : answer.events.back().seq;
    return json_reply(200, protocol::encode_event_page(answer, refusals));
}

}  // namespace pt::server
