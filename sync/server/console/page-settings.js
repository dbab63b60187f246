// Settings: the columns external partners see (R9), with a live sample of what a chosen partner's
// table would show beside them; the reasons for pauses and scrap; retention (R14); the default
// inheritance of new top-level orders (R4).
import { api, withQuery } from "./api.js";
import { h, fill, field, when } from "./dom.js";
import { t } from "./i18n.js";
import { saveAndSay } from "./preview.js";

export const stepColumns = ["order_number", "article", "operation", "seq", "resource_name", "planned_start", "planned_end", "quantity", "quantity_good", "quantity_scrap", "notes"];
export const processColumns = ["order_number", "name", "type", "due", "notes"];
const identity = ["id", "status"];

function cellText(step, column) {
  const value = step[column];
  if (column === "planned_start" || column === "planned_end") return when(value);
  return value ?? "—";
}

export async function render(view, context) {
  const [settings, { partners }] = await Promise.all([api("GET", "/admin/v1/settings"), api("GET", "/admin/v1/partners")]);
  const admin = context.may("admin");
  const planner = context.may("planner");
  const reload = () => render(view, context);

  // ---- columns, with the sample beside them
  const sample = h("div", { class: "sample", "aria-live": "polite" });
  const partnerPick = h("select", { name: "sample_partner" }, partners.map((p) => h("option", { value: p.id }, p.name)));
  let sampleSteps = [];
  const chosen = (form, name) => [...form.querySelectorAll(`input[name=${name}]:checked`)].map((box) => box.value);
  const drawSample = () => {
    const columns = chosen(columnsForm, "step_column");
    const head = h("tr", {}, [...identity, ...columns].map((c) => h("th", { scope: "col" }, t(`column.${c}`))));
    const rows = sampleSteps.map((s) => h("tr", {}, [h("td", {}, s.id), h("td", {}, t(`status.${s.status}`)), ...columns.map((c) => h("td", {}, cellText(s, c)))]));
    fill(
      sample,
      h("h3", {}, t("settings.sample_title", { name: partnerPick.selectedOptions[0]?.textContent ?? "" })),
      sampleSteps.length
        ? h("table", { class: "terminal-table" }, h("thead", {}, head), h("tbody", {}, rows))
        : h("p", { class: "muted" }, t("settings.sample_empty")),
      h("p", { class: "hint" }, t("settings.sample_hint")),
    );
  };
  const loadSample = async () => {
    if (!partnerPick.value) return;
    const answer = await api("GET", withQuery("/admin/v1/work_steps", { partner_id: partnerPick.value, limit: 5, sort: "planned_start" }));
    sampleSteps = answer.work_steps;
    drawSample();
  };
  partnerPick.addEventListener("change", () => loadSample().catch((e) => context.say(e.message, "error")));

  const columnBoxes = (name, all, selected) =>
    h("fieldset", { class: "checks columns" }, h("legend", {}, t(`settings.${name}`)),
      all.map((c) => h("label", {}, h("input", { type: "checkbox", name, value: c, checked: selected.includes(c), disabled: !admin, onchange: drawSample }), t(`column.${c}`))));
  const columnsForm = h(
    "form",
    {
      onsubmit: async (event) => {
        event.preventDefault();
        const body = { external_columns: { work_steps: chosen(columnsForm, "step_column"), processes: chosen(columnsForm, "process_column") } };
        await saveAndSay({ title: t("settings.columns_title"), method: "PUT", path: "/admin/v1/settings", body, settingsBefore: settings }, context, t("common.saved"), () => reload());
      },
    },
    h("p", { class: "hint" }, t("settings.identity_hint")),
    columnBoxes("step_column", stepColumns, settings.external_columns.work_steps),
    columnBoxes("process_column", processColumns, settings.external_columns.processes),
    admin ? h("button", { type: "submit" }, t("settings.save_columns")) : null,
  );

  // ---- reasons
  const reasonRows = (kind) =>
    h("tbody", {}, settings.reasons[kind].map((r) => reasonRow(kind, r, planner)));
  const reasonTable = (kind) =>
    h("table", { class: "reasons", dataset: { kind } },
      h("caption", {}, t(`settings.reasons_${kind}`)),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("settings.code")), h("th", { scope: "col" }, t("settings.label")), h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, t("common.actions"))))),
      reasonRows(kind),
      planner ? h("tfoot", {}, h("tr", {}, h("td", { colspan: 3 }, h("button", {
        type: "button",
        class: "secondary",
        onclick: (event) => event.target.closest("table").tBodies[0].append(reasonRow(kind, { code: "", label: "" }, true)),
      }, t("settings.add_reason"))))) : null);
  const reasonsForm = h(
    "form",
    {
      onsubmit: async (event) => {
        event.preventDefault();
        const read = (kind) => [...reasonsForm.querySelectorAll(`table[data-kind=${kind}] tbody tr`)]
          .map((row) => ({ code: row.querySelector("[name=code]").value.trim(), label: row.querySelector("[name=label]").value.trim() }))
          .filter((r) => r.code !== "");
        const body = { reasons: { pause: read("pause"), scrap: read("scrap") } };
        await saveAndSay({ title: t("settings.reasons_title"), method: "PUT", path: "/admin/v1/settings", body }, context, t("common.saved"), () => reload());
      },
    },
    h("div", { class: "split even" }, reasonTable("pause"), reasonTable("scrap")),
    planner ? h("button", { type: "submit" }, t("settings.save_reasons")) : null,
  );

  // ---- retention and default inheritance
  const generalForm = h(
    "form",
    {
      class: "row",
      onsubmit: async (event) => {
        event.preventDefault();
        const body = {
          finished_retention_days: Number(generalForm.elements.namedItem("retention").value),
          default_external_inheritance: generalForm.elements.namedItem("inheritance").value,
        };
        await saveAndSay({ title: t("settings.general_title"), method: "PUT", path: "/admin/v1/settings", body }, context, t("common.saved"), () => reload());
      },
    },
    field(t("settings.retention"), h("input", { name: "retention", type: "number", min: 0, max: 3650, value: settings.finished_retention_days, required: true, disabled: !admin }), t("settings.retention_hint")),
    field(t("settings.default_inheritance"), h("select", { name: "inheritance", disabled: !admin }, ["limited", "full"].map((v) => h("option", { value: v, selected: v === settings.default_external_inheritance }, t(`inheritance.${v}`)))), t("settings.default_inheritance_hint")),
    admin ? h("button", { type: "submit" }, t("common.save")) : null,
  );

  fill(
    view,
    h("h1", {}, t("nav.settings")),
    h("section", { class: "panel", "aria-labelledby": "columns-heading" },
      h("h2", { id: "columns-heading" }, t("settings.columns")),
      h("div", { class: "split" }, columnsForm, h("div", {}, field(t("settings.sample_partner"), partnerPick), sample))),
    h("section", { class: "panel", "aria-labelledby": "reasons-heading" }, h("h2", { id: "reasons-heading" }, t("settings.reasons")), reasonsForm),
    h("section", { class: "panel", "aria-labelledby": "general-heading" }, h("h2", { id: "general-heading" }, t("settings.general")), generalForm),
  );
  // The page is there; the sample follows a moment later (its table is a live region).
  loadSample().catch((e) => context.say(e.message, "error"));
}

function reasonRow(kind, reason, editable) {
  return h("tr", {},
    h("td", {}, h("input", { name: "code", value: reason.code, maxlength: 32, size: 8, disabled: !editable, "aria-label": t("settings.code") })),
    h("td", {}, h("input", { name: "label", value: reason.label, maxlength: 200, disabled: !editable, "aria-label": t("settings.label") })),
    h("td", {}, editable ? h("button", { type: "button", class: "secondary", onclick: (event) => event.target.closest("tr").remove() }, t("settings.remove_reason")) : null));
}
