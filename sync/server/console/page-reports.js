// Reports: the accepted events and the refusals (with their reasons), filterable by partner,
// terminal, operator and time, paged forwards by sequence; and the audit log of every change.
import { api, withQuery } from "./api.js";
import { h, fill, field, table, when } from "./dom.js";
import { t } from "./i18n.js";

const pageSize = 100;
const kinds = ["events", "refusals", "audit"];

function utcOf(localValue) {
  return localValue ? new Date(localValue).toISOString().replace(/\.\d{3}Z$/, "Z") : "";
}

function details(event) {
  const data = event.data ?? {};
  const parts = [];
  if (data.good !== undefined || data.scrap !== undefined) parts.push(t("reports.quantities", { good: data.good ?? 0, scrap: data.scrap ?? 0 }));
  if (data.reason) parts.push(t("reports.reason_code", { code: data.reason }));
  if (data.scrap_reason) parts.push(t("reports.scrap_code", { code: data.scrap_reason }));
  if (data.status) parts.push(t(`process_status.${data.status}`));
  if (data.comment) parts.push(`“${data.comment}”`);
  if (data.text) parts.push(`“${data.text}”`);
  return parts.join(" · ");
}

export async function render(view, context) {
  const kind = kinds.includes(context.params.get("kind")) ? context.params.get("kind") : "events";
  if (kind === "audit" && !context.may("admin")) {
    fill(view, h("h1", {}, t("nav.reports")), tabs(kind, context), h("p", { class: "error", role: "alert" }, t("reports.audit_admin_only")));
    return;
  }
  const filters = kind === "audit" ? [] : ["partner_id", "terminal_id", "operator_id", "from", "to"];
  let partners = [];
  let terminals = [];
  // The filters' partners and terminals come while the first page is fetched.
  const lists = kind === "audit"
    ? Promise.resolve()
    : Promise.all([api("GET", "/admin/v1/partners"), api("GET", "/admin/v1/terminals")]).then(([p, x]) => {
      partners = p.partners;
      terminals = x.terminals;
    });
  const values = Object.fromEntries(filters.map((f) => [f, context.params.get(f) ?? ""]));
  const starts = [Number(context.params.get("after")) || 0];  // the `after` of each page shown so far
  const rows = h("div", { class: "list-rows" });
  const pager = h("nav", { class: "pager", "aria-label": t("list.pages") });

  const columns = kind === "audit"
    ? [
      { label: "#", cell: (e) => e.seq },
      { label: t("reports.at"), cell: (e) => when(e.at) },
      { label: t("reports.actor"), cell: (e) => e.actor },
      { label: t("reports.change"), cell: (e) => `${e.method} ${e.path}` },
      { label: t("reports.summary"), cell: (e) => e.summary },
    ]
    : [
      { label: "#", cell: (e) => e.seq },
      { label: t("reports.received"), cell: (e) => when(e.received_at) },
      { label: t("reports.occurred"), cell: (e) => when(e.occurred_at) },
      { label: t("reports.type"), cell: (e) => (e.type ? t(`event.${e.type}`) : t("reports.undecoded")) },
      { label: t("reports.target"), cell: (e) => e.target_id },
      { label: t("reports.operator"), cell: (e) => e.operator_id },
      { label: t("reports.terminal"), cell: (e) => e.terminal_id },
      kind === "refusals"
        ? { label: t("reports.refusal"), cell: (e) => h("span", {}, h("strong", { class: "warn" }, `⚠ ${t(`reason.${e.reason}`)}`), e.message ? h("br") : null, e.message ?? "") }
        : { label: t("reports.details"), cell: details },
    ];

  async function load() {
    const after = starts[starts.length - 1];
    const path = `/admin/v1/${kind}`;
    const parameters = { after, limit: pageSize };
    for (const f of filters) parameters[f] = f === "from" || f === "to" ? utcOf(values[f]) : values[f];
    const answer = await api("GET", withQuery(path, parameters));
    const entries = kind === "audit" ? answer.entries : answer.events;
    fill(rows, table(null, columns, entries, { empty: t("reports.none") }));
    fill(
      pager,
      h("button", { type: "button", disabled: starts.length <= 1, onclick: () => { starts.pop(); load().catch(fail); } }, t("list.previous")),
      h("span", { class: "page-of" }, t("reports.showing", { count: entries.length })),
      h("button", { type: "button", disabled: entries.length < pageSize, onclick: () => { starts.push(answer.next); load().catch(fail); } }, t("list.next")),
    );
  }
  const fail = (error) => context.say(error.message, "error");

  const option = (value, label, selected) => h("option", { value, selected }, label);
  const controls = {
    partner_id: () => h("select", {}, option("", t("list.any")), partners.map((p) => option(p.id, p.name, p.id === values.partner_id))),
    terminal_id: () => h("select", {}, option("", t("list.any")), terminals.map((x) => option(x.id, x.name || x.id, x.id === values.terminal_id))),
    operator_id: () => h("input", { value: values.operator_id, maxlength: 64, size: 10 }),
    from: () => h("input", { type: "datetime-local", value: values.from }),
    to: () => h("input", { type: "datetime-local", value: values.to }),
  };
  await Promise.all([load(), lists]);
  const form = h(
    "form",
    {
      role: "search",
      class: "filters row",
      onsubmit: (event) => {
        event.preventDefault();
        const next = { kind };
        for (const f of filters) next[f] = form.elements.namedItem(f).value.trim();
        context.navigate("reports", next);
      },
    },
    filters.map((f) => {
      const control = controls[f]();
      control.name = f;
      return field(t(`reports.filter_${f}`), control);
    }),
    filters.length ? h("button", { type: "submit" }, t("list.apply")) : null,
  );
  fill(view, h("h1", {}, t("nav.reports")), tabs(kind, context), h("p", { class: "intro" }, t(`reports.intro_${kind}`)), form, pager, rows);
}

function tabs(kind) {
  return h("div", { class: "tabs", role: "group", "aria-label": t("reports.kinds") },
    kinds.map((k) => h("a", { href: `#/reports?kind=${k}`, "aria-current": k === kind ? "page" : null }, t(`reports.kind_${k}`))));
}
