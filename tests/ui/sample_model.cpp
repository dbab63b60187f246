#include "tests/ui/sample_model.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string_view>

#include "firmware/app/navigation.h"

namespace pt::ui::sample {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::array<std::string_view, 12> kArticles{
    "Geh\xC3\xA4usedeckel AL-220",  // Gehäusedeckel
    "Montageplatte 3 mm",
    "Frontblende RAL 9005",
    "Seitenwand links SW-40",
    "Tr\xC3\xA4gerprofil 40\xC3\x97"
    "40",                               // Trägerprofil 40×40
    "Schaltschrankt\xC3\xBCr ST-1200",  // Schaltschranktür
    "Lagerbock LB-7",
    "Abdeckhaube mit sehr langem Artikelnamen f\xC3\xBCr den Umbruch",
    "Konsole K-12",
    "Winkel 90\xC2\xB0 verzinkt",  // Winkel 90°
    "Flansch DN 80",
    "Griffleiste 600 mm",
};

struct Operation {
    std::string_view name;
    std::size_t resource;  ///< index into kResources
};
constexpr std::array<Operation, 6> kOperations{{
    {"Vorbehandlung", 0},
    {"Pulverbeschichten", 1},
    {"Einbrennen 180 \xC2\xB0"
     "C",
     2},  // 180 °C
    {"Nasslackieren", 0},
    {"Abkleben / Maskieren", 1},
    {"Sichtpr\xC3\xBC"
     "fung und Verpacken",
     2},  // Sichtprüfung
}};

struct ResourceDef {
    std::string_view id;
    std::string_view name;
};
constexpr std::array<ResourceDef, 3> kResources{{
    {"R1", "Lackieranlage 1"},
    {"R2", "Pulverkabine 2"},
    {"R3", "Trockenofen"},
}};

constexpr std::array<std::string_view, 5> kNotes{
    "Farbton RAL 7016 anthrazit, matt",
    "Gewinde abkleben!",
    "Kunde wartet \xE2\x80\x93 bitte vorziehen",  // –
    "Schichtdicke 80\xE2\x80\x93"
    "120 \xC2\xB5m pr\xC3\xBC"
    "fen",  // 80–120 µm prüfen
    "Teile einzeln verpacken",
};

struct ProcessDef {
    std::string_view name;
    std::string_view type;
};
constexpr std::array<ProcessDef, 7> kProcesses{{
    {"Wareneingang pr\xC3\xBC"
     "fen",
     "quality"},  // prüfen
    {"Erstmusterpr\xC3\xBC"
     "fbericht",
     "quality"},
    {"Versand vorbereiten", "logistics"},
    {"Lieferschein erstellen", "logistics"},
    {"Material bestellen", "purchasing"},
    {"Farbmuster freigeben", "approval"},
    {"Reklamation bearbeiten", "quality"},
}};

/// A deterministic generator: mt19937's sequence is fixed by the standard, unlike the
/// distributions, so values are taken with plain modulo.
class Rng {
public:
    explicit Rng(std::uint32_t seed) : engine_(seed) {}
    /// A value in [lo, hi].
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(engine_() % static_cast<std::uint32_t>(hi - lo + 1));
    }
    /// True with `percent` % probability.
    bool chance(int percent) { return between(0, 99) < percent; }

private:
    std::mt19937 engine_;
};

std::string numbered(std::string_view prefix, std::size_t n, int width) {
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%.*s%0*zu", static_cast<int>(prefix.size()),
                  prefix.data(), width, n);
    return buffer;
}

plan::Timestamp to_ts(TimePoint t) {
    return std::chrono::floor<seconds>(t);
}

app::OperatorProfile make_profile() {
    app::OperatorProfile p;
    p.operator_id = "OP7";
    p.operator_name = "Anna Berger";
    p.partner_id = "P1";
    p.partner_name = "Coating GmbH";
    p.modules = plan::ModuleSet::all();
    p.allow_process_feedback = true;
    p.work_step_columns = plan::WorkStepColumns::all();
    p.process_columns = plan::ProcessColumns::all();
    p.pause_reasons = {{"material", "Material fehlt"},
                       {"machine", "Maschinenst\xC3\xB6rung"},  // Maschinenstörung
                       {"break", "Pause"}};
    p.scrap_reasons = {{"runs", "Lackl\xC3\xA4ufer"},  // Lackläufer
                       {"dust", "Staubeinschluss"},
                       {"damage", "Transportschaden"}};
    return p;
}

}  // namespace

TimePoint default_now() {
    using namespace std::chrono;
    return sys_days{year{2026} / March / 10} + hours(9) + minutes(42) + seconds(17);
}

SampleData make_sample(std::size_t work_steps, TimePoint now) {
    SampleData d;
    d.now = now;
    d.profile = make_profile();
    Rng rng(20260310);
    plan::PartnerView& v = d.view.view;

    for (const auto& r : kResources)
        v.resources.push_back({std::string(r.id), std::string(r.name), true});

    // Orders of 2–4 work steps each; every fifth order is a sub-order of the one before.
    std::size_t made = 0;
    std::size_t order_no = 0;
    std::vector<std::size_t> steps_per_order;
    while (made < work_steps) {
        ++order_no;
        const auto count =
            std::min<std::size_t>(static_cast<std::size_t>(rng.between(2, 4)), work_steps - made);
        steps_per_order.push_back(count);
        made += count;
        plan::ViewOrder o;
        o.id = numbered("O", order_no, 1);
        o.number = numbered("PO-2026-", order_no, 4);
        o.article = std::string(kArticles[static_cast<std::size_t>(
            rng.between(0, static_cast<std::int64_t>(kArticles.size()) - 1))]);
        o.quantity = rng.between(1, 80) * 25;
        o.due = to_ts(now + hours(rng.between(-6, 24 * 14)));
        o.top_id = o.id;
        if (order_no % 5 == 0) {
            o.parent_id = numbered("O", order_no - 1, 1);
            o.top_id = v.orders.back().top_id;
        }
        v.orders.push_back(std::move(o));
    }

    // Each resource works its queue back to back; about a third of it lies in the past.
    const std::size_t per_resource = (work_steps + kResources.size() - 1) / kResources.size();
    std::array<TimePoint, kResources.size()> cursor{};
    for (auto& c : cursor)
        c = now - minutes(static_cast<std::int64_t>(per_resource) * 75 / 3);
    std::array<bool, kResources.size()> running{};

    std::size_t index = 0;
    for (std::size_t oi = 0; oi < v.orders.size(); ++oi) {
        const plan::ViewOrder& order = v.orders[oi];
        for (std::size_t s = 0; s < steps_per_order[oi]; ++s) {
            ++index;
            const Operation& op = kOperations[(oi + s * 2) % kOperations.size()];
            const std::size_t r = op.resource;
            const auto duration = minutes(rng.between(6, 30) * 5);
            const TimePoint start = cursor[r];
            const TimePoint end = start + duration;
            cursor[r] = end + minutes(rng.between(0, 3) * 5);

            plan::ViewWorkStep w;
            w.id = numbered("W", index, 1);
            w.order_id = order.id;
            w.resource_id = std::string(kResources[r].id);
            w.order_number = order.number;
            w.article = order.article;
            w.operation = std::string(op.name);
            w.seq = static_cast<std::int64_t>(s + 1) * 10;
            w.resource_name = std::string(kResources[r].name);
            w.planned_start = to_ts(start);
            w.planned_end = to_ts(end);
            w.quantity = order.quantity;
            w.quantity_good = 0;
            w.quantity_scrap = 0;
            w.feedback_allowed = index % 17 != 0;
            if (rng.chance(25))
                w.notes = std::string(kNotes[static_cast<std::size_t>(
                    rng.between(0, static_cast<std::int64_t>(kNotes.size()) - 1))]);

            if (end <= now) {
                // The past: mostly done; some late (never started) or paused.
                const auto roll = rng.between(0, 99);
                if (roll < 72) {
                    w.status = plan::WorkStepStatus::finished;
                    w.quantity_scrap = rng.between(0, 3);
                    w.quantity_good = order.quantity - *w.quantity_scrap;
                } else if (roll < 88) {
                    w.status = plan::WorkStepStatus::open;  // late
                } else {
                    w.status = plan::WorkStepStatus::paused;
                    w.quantity_good = order.quantity * rng.between(10, 60) / 100;
                }
            } else if (start <= now && !running[r]) {
                running[r] = true;
                w.status = plan::WorkStepStatus::in_progress;
                w.quantity_good = order.quantity * rng.between(5, 70) / 100;
                w.quantity_scrap = rng.between(0, 2);
                d.running_since[w.id] = now - minutes(rng.between(3, 95));
            } else if (start <= now) {
                w.status = plan::WorkStepStatus::open;  // late: its resource is busy
            } else {
                w.status =
                    rng.chance(4) ? plan::WorkStepStatus::paused : plan::WorkStepStatus::open;
            }
            // Who is on it (product.md §8): the logged-in operator on some, a colleague on others.
            if (w.status == plan::WorkStepStatus::in_progress ||
                w.status == plan::WorkStepStatus::paused) {
                static const std::vector<std::vector<std::string>> kCrews{
                    {"Anna Berger"}, {"Jonas Weber", "Anna Berger"}, {"Jonas Weber"}};
                w.operators = kCrews[index % kCrews.size()];
                const auto id_of = [](const std::string& name) {
                    return name == "Anna Berger" ? std::string("OP7")
                                                 : std::string("OP8");  // OP7: the profile
                };
                const auto event = [&](plan::EventType type, const std::string& name,
                                       minutes before) {
                    plan::Event e;
                    e.id = w.id + "-" + std::string(plan::name_of(type));
                    e.type = type;
                    e.operator_id = id_of(name);
                    e.target_id = w.id;
                    e.occurred_at = std::chrono::floor<std::chrono::seconds>(now - before);
                    if (type == plan::EventType::work_step_paused) e.data.reason = "material";
                    d.operator_names[e.operator_id] = name;
                    return e;
                };
                auto& events = d.step_events[w.id];
                events.push_back(
                    event(plan::EventType::work_step_started, w.operators.front(), minutes(100)));
                if (w.operators.size() > 1)
                    events.push_back(
                        event(plan::EventType::work_step_joined, w.operators.back(), minutes(80)));
                if (w.status == plan::WorkStepStatus::paused)
                    events.push_back(
                        event(plan::EventType::work_step_paused, w.operators.back(), minutes(30)));
            }
            v.work_steps.push_back(std::move(w));
        }
    }

    // ~20 processes on the first orders.
    const std::size_t process_count = std::min<std::size_t>(20, v.orders.size() * 2);
    constexpr std::array<plan::ProcessStatus, 5> kProcessMix{
        plan::ProcessStatus::open, plan::ProcessStatus::in_progress, plan::ProcessStatus::open,
        plan::ProcessStatus::done, plan::ProcessStatus::open};
    for (std::size_t i = 0; i < process_count; ++i) {
        const plan::ViewOrder& order = v.orders[i % v.orders.size()];
        const ProcessDef& def = kProcesses[i % kProcesses.size()];
        plan::ViewProcess p;
        p.id = numbered("PR", i + 1, 1);
        p.order_id = order.id;
        p.status = kProcessMix[i % kProcessMix.size()];
        p.feedback_allowed = i % 6 != 5;
        p.order_number = order.number;
        p.name = std::string(def.name);
        p.type = std::string(def.type);
        p.due = to_ts(now + hours(static_cast<std::int64_t>(i) * 7 - 20));
        if (i % 4 == 1) p.notes = std::string(kNotes[i % kNotes.size()]);
        v.processes.push_back(std::move(p));
    }

    // Every list sorted by id, as the view is.
    const auto by_id = [](const auto& a, const auto& b) { return a.id < b.id; };
    std::sort(v.orders.begin(), v.orders.end(), by_id);
    std::sort(v.work_steps.begin(), v.work_steps.end(), by_id);
    std::sort(v.processes.begin(), v.processes.end(), by_id);

    // A few reports still on their way: one running step, one finished, one paused.
    for (const auto status : {plan::WorkStepStatus::in_progress, plan::WorkStepStatus::finished,
                              plan::WorkStepStatus::paused}) {
        const auto it = std::find_if(v.work_steps.begin(), v.work_steps.end(),
                                     [&](const auto& w) { return w.status == status; });
        if (it != v.work_steps.end()) d.view.unconfirmed_work_steps.insert(it->id);
    }
    if (v.processes.size() > 1) d.view.unconfirmed_processes.insert(v.processes[1].id);

    // Notes on the first running step (product.md §8): a handover, a question, one unsent.
    const auto noted = std::find_if(v.work_steps.begin(), v.work_steps.end(), [](const auto& w) {
        return w.status == plan::WorkStepStatus::in_progress;
    });
    if (noted != v.work_steps.end()) {
        const auto note = [&](std::string id, std::string who, minutes ago, std::string text) {
            v.step_notes.push_back(
                {std::move(id), noted->id, std::move(who), to_ts(now - ago), std::move(text)});
        };
        note("00000000-0000-4000-8000-00000000n001", "Jonas Weber", minutes(600),
             "Übergabe Frühschicht: Charge 1 fertig gespritzt, Ofen 2 läuft noch auf 180 °C.");
        note("00000000-0000-4000-8000-00000000n002", "Anna Berger", minutes(95),
             "Haftgrund auf Teil 14 zu dünn – bitte vor dem Einbrennen nachmessen.");
        note("00000000-0000-4000-8000-00000000n003", "Anna Berger", minutes(4),
             "Nachgemessen: 62 µm, passt.");
        std::sort(v.step_notes.begin(), v.step_notes.end(), by_id);
        d.view.unconfirmed_notes.insert("00000000-0000-4000-8000-00000000n003");
    }

    // Handover: four own steps changed since the last logout; the last one already opened.
    {
        using plan::StepChange;
        std::vector<plan::ChangedStep> picks;
        const auto pick = [&](auto pred, std::initializer_list<StepChange> kinds,
                              std::size_t notes) {
            for (const auto& w : v.work_steps) {
                const bool taken = std::any_of(picks.begin(), picks.end(), [&](const auto& c) {
                    return c.work_step_id == w.id;
                });
                if (taken || !w.feedback_allowed || !pred(w)) continue;
                plan::ChangedStep c{w.id, {}, notes};
                for (const StepChange k : kinds)
                    c.changes.insert(k);
                picks.push_back(c);
                return;
            }
        };
        using plan::WorkStepStatus;
        pick([](const auto& w) { return w.status == WorkStepStatus::open; }, {StepChange::added},
             0);
        pick([](const auto& w) { return w.status == WorkStepStatus::open; },
             {StepChange::moved, StepChange::re_timed}, 0);
        pick([](const auto& w) { return w.status == WorkStepStatus::in_progress; },
             {StepChange::quantity, StepChange::notes}, 2);
        pick([](const auto& w) { return w.status == WorkStepStatus::finished; },
             {StepChange::finished}, 0);
        std::sort(picks.begin(), picks.end(),
                  [](const auto& a, const auto& b) { return a.work_step_id < b.work_step_id; });
        for (std::size_t i = 0; i + 1 < picks.size(); ++i)
            d.marked_steps.insert(picks[i].work_step_id);
        d.changes = std::move(picks);
    }

    d.sync.enrolled = true;
    d.sync.online = true;
    d.sync.pending = 2;
    d.sync.rejected = 2;
    d.sync.last_success = now - minutes(3);
    d.sync.last_attempt = now - seconds(20);
    d.sync.next_attempt = now + seconds(40);
    d.sync.cycles = 128;
    d.sync.server_url = "https://plan.example.com";

    const std::string refused_step = v.work_steps.size() > 2 ? v.work_steps[2].id : "W1";
    const std::string refused_process = v.processes.empty() ? "PR1" : v.processes[0].id;
    d.attention = {
        {"0193a1b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b", "work_step.finished", refused_step, "invalid",
         now - minutes(47)},
        {"0193a1b2-8d5e-7f90-ab1c-2d3e4f5a6b7c", "process.feedback", refused_process, "not_visible",
         now - hours(2) - minutes(5)},
    };

    TechnicianInfo& t = d.technician;
    t.version = "0.9.0 (gallery)";
    t.image_version = "0.9.0";
    t.boot_slot = "B";
    t.terminal_id = "T-0042";
    t.server_url = d.sync.server_url;
    t.tls = "pinned key sha256//Xk3cT1y8Ma0q9bW6vJ2RZ0n7pU4eF5sH1dG8aL3oKwY=";
    t.data_dir = "/var/lib/partner-terminal";
    t.database_bytes = 12'874'752;
    t.free_bytes = 3'221'225'472;
    t.log = {
        "09:30:02 sync: cycle 120 ok (pushed 0, pulled 3)",
        "09:31:02 sync: cycle 121 ok (pushed 1, pulled 0)",
        "09:33:40 scanner: /dev/input/event4 attached (Honeywell 1900)",
        "09:35:12 session: Anna Berger (Coating GmbH) logged in",
        "09:36:02 sync: event 0193a1b2-7c4d rejected: invalid",
        "09:38:02 sync: cycle 124 failed: unreachable (timeout after 10 s)",
        "09:39:02 sync: cycle 125 ok (pushed 2, pulled 1)",
        "09:41:02 sync: cycle 127 ok (pushed 0, pulled 0)",
    };
    return d;
}

std::string first_running_work_step(const SampleData& data) {
    for (const auto& w : data.view.view.work_steps)
        if (w.status == plan::WorkStepStatus::in_progress) return w.id;
    return data.view.view.work_steps.empty() ? std::string() : data.view.view.work_steps[0].id;
}

UiModel model_for(const SampleData& data, app::Screen screen, const ModelOptions& options) {
    UiModel m;
    m.now = data.now;
    m.screen = screen;
    m.sync = data.sync;
    m.terminal_name = data.terminal_name;
    m.enrolled = options.enrolled;
    m.sync.enrolled = options.enrolled;
    if (!options.enrolled) {
        // Without credentials nothing was ever exchanged with the server.
        m.sync.online = false;
        m.sync.pending = 0;
        m.sync.rejected = 0;
        m.sync.last_success.reset();
        m.sync.last_attempt.reset();
        m.attention.clear();
        m.technician.terminal_id.clear();
    }
    if (options.revoked) {
        // What the engine reports after a 401 to the terminal's own token.
        m.sync.terminal_revoked = true;
        m.sync.online = true;
        m.sync.consecutive_failures = 3;
        m.sync.last_error = app::SyncInfo::Error{
            .kind = "terminal_unauthorized",
            .message = "push of 2 events: unauthorized (HTTP 401): a terminal token is required",
            .at = data.now - std::chrono::minutes(2)};
    }
    m.notice = options.notice;
    m.countdown_s = options.countdown_s;
    m.toast = options.toast;
    if (m.toast) m.toast->until = data.now + seconds(3);
    m.update_notice = options.update_notice;
    if (m.update_notice)
        m.update_notice->until = data.now + app::notice_lifetime(m.update_notice->state);
    m.language = options.language;
    m.languages = data.languages;
    m.attention = data.attention;
    m.technician = data.technician;

    if (screen == app::Screen::login) {
        m.session_state = options.login_state;
        m.session_generation = 0;
        return m;
    }
    if (screen == app::Screen::technician) {
        m.session_state = app::SessionState::technician;
        m.session_generation = 2;
        m.menu = {app::Screen::technician};
        return m;
    }
    m.session_state = app::SessionState::logged_in;
    m.session_generation = 1;
    m.profile = &data.profile;
    m.view = &data.view;
    m.running_since = &data.running_since;
    m.step_events = &data.step_events;
    m.operator_names = &data.operator_names;
    m.changes = &data.changes;
    m.marked_steps = &data.marked_steps;
    m.offline = options.offline;
    if (options.offline) {
        m.offline_since = data.now - minutes(12);
        m.sync.online = false;
    }
    for (int i = 0; i < app::kScreenCount; ++i) {
        const auto s = static_cast<app::Screen>(i);
        if (app::partner_has_screen(data.profile, s)) m.menu.push_back(s);
    }
    if (options.choice > 0 && !data.view.view.work_steps.empty()) {
        // The order with the most work steps (up to `choice` of them), best guess first.
        const auto& steps = data.view.view.work_steps;
        std::unordered_map<std::string, std::size_t> per_order;
        for (const auto& w : steps)
            ++per_order[w.order_id];
        const auto best =
            std::max_element(steps.begin(), steps.end(), [&](const auto& a, const auto& b) {
                return per_order[a.order_id] < per_order[b.order_id];
            });
        app::intent::ChooseWorkStep choice;
        choice.order_number = best->order_number.value_or(best->order_id);
        for (const auto& w : steps)
            if (w.order_id == best->order_id && choice.work_step_ids.size() < options.choice)
                choice.work_step_ids.push_back(w.id);
        m.choice = std::move(choice);
    }
    if (screen == app::Screen::work_step_detail)
        m.work_step_id =
            options.work_step_id.empty() ? first_running_work_step(data) : options.work_step_id;
    return m;
}

}  // namespace pt::ui::sample
