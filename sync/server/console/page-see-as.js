// See as partner: exactly the body a session of that partner gets (GET /admin/v1/partners/{id}/
// view), drawn like the terminal's workbench (cards by resource) and its table.
import { api } from "./api.js";
import { h, fill, field, when } from "./dom.js";
import { t } from "./i18n.js";

const shownPerPage = 100;
const tableOrder = ["order_number", "article", "operation", "seq", "resource_name", "planned_start", "planned_end", "quantity", "quantity_good", "quantity_scrap", "notes"];

function cell(step, column) {
  if (column === "planned_start" || column === "planned_end") return when(step[column]);
  return step[column] ?? "";
}

const lanesAtFirst = 12;
const cardsPerLane = 30;

/// The terminal's workbench: a lane per resource (the partner's own first), a card per work step
/// by planned start. A partner seeing thousands of steps gets the first lanes at once and the
/// rest on request, so the page stays quick.
function workbench(planView, allLanes, showAll) {
  const byResource = new Map();
  for (const step of planView.work_steps) {
    if (!byResource.has(step.resource_id)) byResource.set(step.resource_id, []);
    byResource.get(step.resource_id).push(step);
  }
  const resources = [...planView.resources]
    .filter((r) => byResource.has(r.id))
    .sort((a, b) => Number(b.own) - Number(a.own) || a.name.localeCompare(b.name));
  const shown = allLanes ? resources : resources.slice(0, lanesAtFirst);
  const lanes = h("div", { class: "workbench" }, shown.map((resource) => {
    const steps = byResource.get(resource.id).sort((a, b) => (a.planned_start ?? "").localeCompare(b.planned_start ?? ""));
    return h("section", { class: `lane${resource.own ? " own" : ""}`, "aria-label": resource.name },
      h("h3", {}, resource.name, resource.own ? h("span", { class: "tag" }, t("see_as.own")) : null),
      h("ul", { class: "cards" }, steps.slice(0, cardsPerLane).map((s) =>
        h("li", { class: `card status-${s.status}` },
          h("strong", {}, s.operation ?? s.id),
          h("span", {}, s.order_number ?? ""),
          h("span", { class: "status" }, t(`status.${s.status}`)),
          s.feedback_allowed ? h("span", { class: "tag" }, t("see_as.reports")) : null))),
      steps.length > cardsPerLane ? h("p", { class: "muted" }, t("see_as.more_cards", { count: steps.length - cardsPerLane })) : null);
  }));
  return h("div", {}, lanes, shown.length < resources.length
    ? h("button", { type: "button", class: "secondary", onclick: showAll }, t("see_as.all_lanes", { count: resources.length }))
    : null);
}

function stepTable(planView, page, onPage) {
  const present = tableOrder.filter((c) => planView.work_steps.some((s) => c in s));
  const steps = [...planView.work_steps].sort((a, b) => (a.planned_start ?? "").localeCompare(b.planned_start ?? "") || a.id.localeCompare(b.id));
  const pages = Math.max(1, Math.ceil(steps.length / shownPerPage));
  const rows = steps.slice(page * shownPerPage, (page + 1) * shownPerPage);
  return h("div", {},
    h("table", { class: "terminal-table" },
      h("caption", {}, t("see_as.table_caption", { count: steps.length })),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("column.id")), h("th", { scope: "col" }, t("column.status")), present.map((c) => h("th", { scope: "col" }, t(`column.${c}`))))),
      h("tbody", {}, rows.map((s) => h("tr", {}, h("td", {}, s.id), h("td", {}, t(`status.${s.status}`)), present.map((c) => h("td", {}, cell(s, c))))))),
    pages > 1 ? h("nav", { class: "pager", "aria-label": t("list.pages") },
      h("button", { type: "button", disabled: page === 0, onclick: () => onPage(page - 1) }, t("list.previous")),
      h("span", { class: "page-of" }, t("list.page_of", { page: page + 1, pages, total: steps.length })),
      h("button", { type: "button", disabled: page + 1 >= pages, onclick: () => onPage(page + 1) }, t("list.next"))) : null);
}

export async function render(view, context) {
  const { partners } = await api("GET", "/admin/v1/partners");
  const partnerId = context.params.get("partner") ?? partners[0]?.id ?? "";
  const mode = context.params.get("as") === "table" ? "table" : "workbench";
  const pick = h("select", { name: "partner", onchange: (e) => context.navigate("see-as", { partner: e.target.value, as: mode }) },
    partners.map((p) => h("option", { value: p.id, selected: p.id === partnerId }, p.name)));
  const tabs = h("div", { class: "tabs", role: "group", "aria-label": t("see_as.drawn_as") },
    ["workbench", "table"].map((m) => h("a", { href: `#/see-as?partner=${encodeURIComponent(partnerId)}&as=${m}`, "aria-current": m === mode ? "page" : null }, t(`see_as.${m}`))));
  const body = h("div", { class: "see-as-body" });
  fill(view, h("h1", {}, t("nav.see_as")), h("p", { class: "intro" }, t("see_as.intro")), h("div", { class: "row" }, field(t("see_as.partner"), pick), tabs), body);
  if (!partnerId) {
    fill(body, h("p", { class: "muted" }, t("see_as.no_partners")));
    return;
  }
  const planView = await api("GET", `/admin/v1/partners/${encodeURIComponent(partnerId)}/view`);
  const summary = h("p", { class: "summary" }, t("see_as.summary", { orders: planView.orders.length, steps: planView.work_steps.length, processes: planView.processes.length }));
  if (mode === "workbench") {
    const draw = (all) => fill(body, summary, workbench(planView, all, () => draw(true)));
    draw(false);
  } else {
    const draw = (page) => fill(body, summary, stepTable(planView, page, draw));
    draw(0);
  }
}
