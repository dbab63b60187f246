#include "tests/bench/fleet_run.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <queue>
#include <random>
#include <set>
#include <stdexcept>

#include "tests/bench/bench_http.h"
#include "tests/support/http_client.h"

namespace pt::bench {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

std::string numbered(const char* prefix, std::size_t n) {
    char text[32];
    std::snprintf(text, sizeof text, "%s%04zu", prefix, n);
    return text;
}

/// Terminal i's partner, operator (and badge) and work step.
std::string partner_id(std::size_t p) {
    return numbered("FP", p);
}
std::string operator_id(std::size_t i) {
    return numbered("FO", i);
}
std::string badge_of(std::size_t i) {
    return numbered("FB-", i);
}
std::string step_id(std::size_t i) {
    return numbered("FW", i);
}

/// One external resource and one order per partner; every terminal's operator has a work step
/// of its own on it, in progress, so each quantity report is accepted and adds to its total.
json fleet_dataset(const FleetOptions& options) {
    json partners = json::array();
    json resources = json::array();
    json orders = json::array();
    json steps = json::array();
    for (std::size_t p = 0; p < options.partners; ++p) {
        partners.push_back({{"id", partner_id(p)},
                            {"name", "Fleet partner " + std::to_string(p)},
                            {"modules", {"workbench", "planning"}},
                            {"allow_process_feedback", false},
                            {"operators", json::array()}});
        resources.push_back({{"id", numbered("FR", p)},
                             {"name", "Line " + std::to_string(p)},
                             {"external", true},
                             {"partner_ids", json::array({partner_id(p)})}});
        orders.push_back({{"id", numbered("FORD", p)},
                          {"number", numbered("PO-", p)},
                          {"article", "Bracket"},
                          {"quantity", 1000},
                          {"due", "2026-12-31T00:00:00Z"},
                          {"parent_id", nullptr},
                          {"external_inheritance", "limited"},
                          {"named_partner_ids", json::array()}});
    }
    for (std::size_t i = 0; i < options.terminals; ++i) {
        const std::size_t p = i % options.partners;
        partners[p]["operators"].push_back({{"id", operator_id(i)},
                                            {"name", "Operator " + std::to_string(i)},
                                            {"badge", badge_of(i)},
                                            {"pin", nullptr}});
        steps.push_back({{"id", step_id(i)},
                         {"order_id", numbered("FORD", p)},
                         {"seq", 10},
                         {"operation", "Coating"},
                         {"resource_id", numbered("FR", p)},
                         {"planned_start", "2026-12-05T06:00:00Z"},
                         {"planned_end", "2026-12-05T14:00:00Z"},
                         {"quantity", 1000},
                         {"status", "in_progress"},
                         {"quantity_good", 0},
                         {"quantity_scrap", 0},
                         {"notes", ""}});
    }
    return {{"settings",
             {{"default_external_inheritance", "limited"},
              {"external_columns",
               {{"work_steps", {"order_number", "operation", "quantity_good"}},
                {"processes", {"name"}}}},
              {"reasons", {{"pause", json::array()}, {"scrap", json::array()}}}}},
            {"partners", partners},
            {"resources", resources},
            {"orders", orders},
            {"work_steps", steps},
            {"processes", json::array()}};
}

/// `object[key]` as text; empty when absent or not text.
std::string text_of(const json& object, const char* key) {
    if (!object.is_object()) return {};
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get_ref<const std::string&>()
                                                       : std::string();
}

/// Now, as a report's occurred_at: the server takes it only within an hour of the login (R13).
std::string now_rfc3339() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    ::gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

std::string new_uuid(std::mt19937_64& random) {
    const std::uint64_t high = random();
    const std::uint64_t low = random();
    char text[37];
    std::snprintf(text, sizeof text, "%08llx-%04llx-4%03llx-8%03llx-%012llx",
                  static_cast<unsigned long long>(high >> 32),
                  static_cast<unsigned long long>((high >> 16) & 0xffff),
                  static_cast<unsigned long long>(high & 0xfff),
                  static_cast<unsigned long long>(low >> 52),
                  static_cast<unsigned long long>(low & 0xffffffffffffU));
    return text;
}

enum class Kind { login, pull, push, health };
constexpr const char* kKindNames[] = {"login", "plan pull", "event push", "health report"};

struct Terminal {
    std::size_t index = 0;
    std::string token;    // the terminal's
    std::string session;  // its operator's
    std::string cursor;
    std::string last_batch;  // the body of the last push, sent again now and then
    bool resend_next = false;
    bool unanswered = false;  // the last push got no answer: it goes again
    bool fresh_connection = false;
    std::size_t cycles = 0;
    Clock::time_point cycle_started;
    std::optional<Clock::time_point> last_health;
    // The request in flight.
    Kind kind = Kind::login;
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;
    std::string body;
    std::string answer;
};

std::size_t collect(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

RequestFigures figures_of(std::string name, std::vector<double> samples) {
    std::sort(samples.begin(), samples.end());
    return {std::move(name), samples.size(), percentile_of_sorted(samples, 0.50),
            percentile_of_sorted(samples, 0.99), samples.empty() ? 0 : samples.back()};
}

/// Drives every terminal from one thread; see fleet_run.h.
class Fleet {
public:
    Fleet(std::string base_url, const FleetOptions& options, std::vector<std::string> tokens)
        : base_url_(std::move(base_url)),
          options_(options),
          multi_(curl_multi_init()),
          random_(std::random_device{}()) {
        curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, static_cast<long>(tokens.size()));
        terminals_.resize(tokens.size());
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            terminals_[i].index = i;
            terminals_[i].token = std::move(tokens[i]);
            terminals_[i].easy = curl_easy_init();
        }
        accepted_.resize(tokens.size());
        sent_.resize(tokens.size());
        refused_.resize(tokens.size());
    }
    ~Fleet() {
        for (Terminal& terminal : terminals_) {
            curl_slist_free_all(terminal.headers);
            curl_easy_cleanup(terminal.easy);
        }
        curl_multi_cleanup(multi_);
    }
    Fleet(const Fleet&) = delete;
    Fleet& operator=(const Fleet&) = delete;

    void run(FleetFigures& figures) {
        const auto started = Clock::now();
        stop_at_ = started + options_.duration;
        // The fleet comes up over one cycle, as terminals do when a shift starts, not all in
        // the same millisecond.
        for (Terminal& terminal : terminals_) {
            const auto offset = std::chrono::duration_cast<Clock::duration>(options_.cycle) *
                                static_cast<long long>(terminal.index) /
                                static_cast<long long>(terminals_.size());
            wake_.emplace(started + offset, terminal.index);
        }
        while (!wake_.empty() || running_ > 0) {
            const auto now = Clock::now();
            while (!wake_.empty() && wake_.top().first <= now) {
                Terminal& terminal = terminals_[wake_.top().second];
                wake_.pop();
                begin_cycle(terminal);
            }
            int still_running = 0;
            curl_multi_perform(multi_, &still_running);
            int left = 0;
            while (CURLMsg* message = curl_multi_info_read(multi_, &left)) {
                if (message->msg != CURLMSG_DONE) continue;
                Terminal* terminal = nullptr;
                curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &terminal);
                curl_multi_remove_handle(multi_, message->easy_handle);
                --running_;
                finished(*terminal, message->data.result);
            }
            int timeout_ms = 100;
            if (!wake_.empty()) {
                const auto until = std::chrono::duration_cast<std::chrono::milliseconds>(
                    wake_.top().first - Clock::now());
                timeout_ms = static_cast<int>(std::clamp<long long>(until.count(), 0, 100));
            }
            curl_multi_poll(multi_, nullptr, 0, timeout_ms, nullptr);
        }
        figures.seconds = std::chrono::duration<double>(Clock::now() - started).count();
        std::vector<double> all;
        for (std::size_t k = 0; k < samples_.size(); ++k) {
            all.insert(all.end(), samples_[k].begin(), samples_[k].end());
            figures.by_kind.push_back(figures_of(kKindNames[k], samples_[k]));
        }
        figures.all = figures_of("all", all);
        figures.requests = all.size() + connection_errors_;
        figures.connection_errors = connection_errors_;
        figures.unexpected_answers = unexpected_;
        figures.first_problems = problems_;
        figures.events_resent = resent_;
        for (const auto& ids : accepted_)
            figures.events_accepted += ids.size();
        for (const auto& ids : sent_)
            figures.events_sent += ids.size();
    }

    /// Per terminal, the ids of the reports the server said it accepted.
    [[nodiscard]] const std::vector<std::set<std::string>>& accepted() const { return accepted_; }
    /// Per terminal, the ids of every report it sent (answered or not).
    [[nodiscard]] const std::vector<std::set<std::string>>& sent() const { return sent_; }
    /// Per terminal, the ids the server answered with anything but accepted.
    [[nodiscard]] const std::vector<std::set<std::string>>& refused() const { return refused_; }

private:
    void begin_cycle(Terminal& terminal) {
        terminal.cycle_started = Clock::now();
        ++terminal.cycles;
        // A kiosk syncs every 15 s and the server closes a connection idle for 10 s: each
        // cycle starts on a new connection, its later requests reuse one.
        terminal.fresh_connection = true;
        if (terminal.session.empty()) {
            return send(terminal, Kind::login, "POST", "/api/v1/sessions", terminal.token,
                        json{{"badge", badge_of(terminal.index)}}.dump());
        }
        pull(terminal);
    }

    void pull(Terminal& terminal) {
        std::string path = "/api/v1/plan";
        if (!terminal.cursor.empty()) path += "?cursor=" + terminal.cursor;
        send(terminal, Kind::pull, "GET", path, terminal.session, std::nullopt);
    }

    void push(Terminal& terminal) {
        // Every third cycle the last batch goes again, as when its answer was lost; it must
        // come back "duplicate" and change nothing.
        std::string batch = terminal.last_batch;
        terminal.resend_next = !batch.empty() && (terminal.unanswered || terminal.cycles % 3 == 0);
        if (!terminal.resend_next) {
            const json event{{"id", new_uuid(random_)},
                             {"type", "work_step.quantity"},
                             {"operator_id", operator_id(terminal.index)},
                             {"target_id", step_id(terminal.index)},
                             {"occurred_at", now_rfc3339()},
                             {"data", {{"good", 1}, {"scrap", 0}}}};
            batch = json{{"events", json::array({event})}}.dump();
            terminal.last_batch = batch;
            sent_[terminal.index].insert(event.at("id").get<std::string>());
        }
        send(terminal, Kind::push, "POST", "/api/v1/events", terminal.token, std::move(batch));
    }

    void report_health(Terminal& terminal) {
        terminal.last_health = Clock::now();
        send(terminal, Kind::health, "POST", "/api/v1/terminals/health", terminal.token,
             json{{"software_version", "fleet-bench"},
                  {"outbox_pending", 0},
                  {"session_open", true},
                  {"uptime_s", static_cast<std::int64_t>(terminal.cycles) * options_.cycle.count()}}
                 .dump());
    }

    void end_cycle(Terminal& terminal) {
        const auto next = terminal.cycle_started + options_.cycle;
        if (next < stop_at_) wake_.emplace(next, terminal.index);
    }

    void send(Terminal& terminal, Kind kind, const char* method, const std::string& path,
              const std::string& bearer, std::optional<std::string> body) {
        terminal.kind = kind;
        terminal.answer.clear();
        terminal.body = body.value_or("");
        curl_slist_free_all(terminal.headers);
        terminal.headers = curl_slist_append(nullptr, ("Authorization: Bearer " + bearer).c_str());
        terminal.headers = curl_slist_append(terminal.headers, "Content-Type: application/json");
        CURL* easy = terminal.easy;
        curl_easy_setopt(easy, CURLOPT_URL, (base_url_ + path).c_str());
        curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method);
        curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
        if (body) {
            curl_easy_setopt(easy, CURLOPT_POSTFIELDS, terminal.body.c_str());
            curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(terminal.body.size()));
        }
        curl_easy_setopt(easy, CURLOPT_HTTPHEADER, terminal.headers);
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, &terminal.answer);
        curl_easy_setopt(easy, CURLOPT_PRIVATE, &terminal);
        curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, 30'000L);
        curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, terminal.fresh_connection ? 1L : 0L);
        terminal.fresh_connection = false;
        curl_multi_add_handle(multi_, easy);
        ++running_;
    }

    void problem(const Terminal& terminal, const std::string& what) {
        ++unexpected_;
        if (problems_.size() < 5) {
            problems_.push_back(std::string(kKindNames[static_cast<int>(terminal.kind)]) + " of " +
                                operator_id(terminal.index) + ": " + what);
        }
    }

    void finished(Terminal& terminal, CURLcode result) {
        if (result != CURLE_OK) {
            ++connection_errors_;
            if (terminal.kind == Kind::push) terminal.unanswered = true;
            if (problems_.size() < 5) {
                problems_.push_back(operator_id(terminal.index) + ": " +
                                    curl_easy_strerror(result));
            }
            return end_cycle(terminal);
        }
        long status = 0;
        double seconds = 0;
        curl_easy_getinfo(terminal.easy, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_getinfo(terminal.easy, CURLINFO_TOTAL_TIME, &seconds);
        samples_[static_cast<std::size_t>(terminal.kind)].push_back(seconds * 1000.0);
        const json answer = json::parse(terminal.answer, nullptr, false);
        switch (terminal.kind) {
            case Kind::login:
                if (!take(terminal, status, 201, answer, "token", terminal.session))
                    return end_cycle(terminal);
                return pull(terminal);
            case Kind::pull:
                if (!take(terminal, status, 200, answer, "cursor", terminal.cursor))
                    return end_cycle(terminal);
                return push(terminal);
            case Kind::push:
                check_results(terminal, status, answer);
                if (!terminal.last_health ||
                    Clock::now() - *terminal.last_health >= std::chrono::minutes(1)) {
                    return report_health(terminal);
                }
                return end_cycle(terminal);
            case Kind::health:
                if (status != 204) problem(terminal, "HTTP " + std::to_string(status));
                return end_cycle(terminal);
        }
    }

    /// Keeps the answer's text `field` in `into` when the status was the one expected and the
    /// field is there; otherwise counts a problem.
    bool take(const Terminal& terminal, long status, long expected, const json& answer,
              const char* field, std::string& into) {
        std::string value = text_of(answer, field);
        if (status != expected || value.empty()) {
            problem(terminal, "HTTP " + std::to_string(status) + " without " + field);
            return false;
        }
        into = std::move(value);
        return true;
    }

    void check_results(Terminal& terminal, long status, const json& answer) {
        if (status != 200 || !answer.contains("results") || !answer["results"].is_array() ||
            answer["results"].size() != 1 || !answer["results"][0].is_object()) {
            // Not an answer about the report: it goes again (a lost answer stays lost).
            terminal.unanswered = true;
            return problem(terminal, "HTTP " + std::to_string(status));
        }
        const bool answer_was_lost = terminal.unanswered;
        terminal.unanswered = false;
        const json& result = answer["results"][0];
        const json original = result.contains("original") ? result["original"] : json::object();
        const std::string id = text_of(result, "id");
        const std::string outcome = text_of(result, "status");
        if (sent_[terminal.index].count(id) == 0) return problem(terminal, "an answer for " + id);
        std::set<std::string>& accepted = accepted_[terminal.index];
        if (!terminal.resend_next || answer_was_lost) {
            // New, or its first answer was lost: accepted now, or accepted the first time.
            const bool first_time = outcome == "accepted";
            const bool earlier = outcome == "duplicate" && answer_was_lost &&
                                 text_of(original, "status") == "accepted";
            if (first_time || earlier) {
                accepted.insert(id);
            } else {
                refused_[terminal.index].insert(id);
                problem(terminal, "a report was " + outcome + " " + text_of(result, "reason"));
            }
        } else if (outcome == "duplicate" && accepted.count(id) == 1 &&
                   text_of(original, "status") == "accepted") {
            ++resent_;
        } else {
            problem(terminal, "a report sent again was " + outcome);
        }
    }

    std::string base_url_;
    FleetOptions options_;
    CURLM* multi_;
    std::mt19937_64 random_;
    std::vector<Terminal> terminals_;
    using Wake = std::pair<Clock::time_point, std::size_t>;
    std::priority_queue<Wake, std::vector<Wake>, std::greater<>> wake_;
    Clock::time_point stop_at_;
    int running_ = 0;
    std::vector<std::vector<double>> samples_ = std::vector<std::vector<double>>(4);
    std::size_t connection_errors_ = 0;
    std::size_t unexpected_ = 0;
    std::size_t resent_ = 0;
    std::vector<std::string> problems_;
    std::vector<std::set<std::string>> accepted_;
    std::vector<std::set<std::string>> sent_;
    std::vector<std::set<std::string>> refused_;
};

/// Compares the server's event log and work step totals with what the fleet was told.
void check_server_side(test::HttpClient& http, const std::string& base_url,
                       const std::string& admin_token, const Fleet& fleet, FleetFigures& figures) {
    const json events = json::parse(
        must(http.send({"GET", base_url + "/admin/v1/events", std::nullopt, admin_token}), 200,
             "GET /admin/v1/events")
            .body);
    std::map<std::string, std::size_t> sent;  // id → terminal
    for (std::size_t i = 0; i < fleet.sent().size(); ++i) {
        for (const std::string& id : fleet.sent()[i])
            sent.emplace(id, i);
    }
    // Recorded: once each, only what was sent and not refused, everything the fleet was told
    // was accepted (a report whose answer was lost may or may not be there).
    std::vector<long long> recorded(fleet.sent().size(), 0);
    std::set<std::string> seen;
    for (const json& event : events.at("events")) {
        ++figures.events_recorded;
        const std::string id = text_of(event, "id");
        const auto sender = sent.find(id);
        if (!seen.insert(id).second || sender == sent.end() ||
            fleet.refused()[sender->second].count(id) != 0) {
            ++figures.events_wrong;
        } else {
            ++recorded[sender->second];
        }
    }
    for (const auto& accepted : fleet.accepted()) {
        for (const std::string& id : accepted) {
            if (seen.count(id) == 0) ++figures.events_wrong;
        }
    }
    const json dataset = json::parse(
        must(http.send({"GET", base_url + "/admin/v1/dataset", std::nullopt, admin_token}), 200,
             "GET /admin/v1/dataset")
            .body);
    std::map<std::string, long long> good;
    for (const json& step : dataset.at("work_steps")) {
        const auto total = step.find("quantity_good");
        good[text_of(step, "id")] =
            total != step.end() && total->is_number_integer() ? total->get<long long>() : -1;
    }
    for (std::size_t i = 0; i < recorded.size(); ++i) {
        if (good[step_id(i)] != recorded[i]) ++figures.totals_wrong;  // one good part each
    }
}

}  // namespace

FleetFigures run_fleet(const std::string& base_url, const std::string& admin_token,
                       const FleetOptions& options) {
    test::HttpClient http;
    (void)must(http.send({"PUT", base_url + "/admin/v1/dataset", fleet_dataset(options).dump(),
                          admin_token}),
               204, "PUT /admin/v1/dataset");
    std::vector<std::string> tokens;
    tokens.reserve(options.terminals);
    for (std::size_t i = 0; i < options.terminals; ++i) {
        tokens.push_back(enroll_terminal(http, base_url, admin_token, numbered("Fleet-", i)));
    }
    FleetFigures figures;
    Fleet fleet(base_url, options, std::move(tokens));
    fleet.run(figures);
    check_server_side(http, base_url, admin_token, fleet, figures);
    return figures;
}

}  // namespace pt::bench
