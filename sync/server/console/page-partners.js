// Partners and their operators: modules, process feedback, operators with role, badge (scanned
// into the field by a keyboard-wedge scanner, or typed), PIN set / reset / removed, locked
// badges and unlock. Every change goes through the preview dialog.
import { api } from "./api.js";
import { h, fill, field, table, valueOf } from "./dom.js";
import { t } from "./i18n.js";
import { filteredList } from "./pickers.js";
import { saveAndSay, forgetPartnerNames } from "./preview.js";

export const modules = ["workbench", "planning", "dashboard", "planning_objects"];

/// A badge field: a keyboard-wedge scanner types the code and Enter; Enter here moves on
/// instead of submitting, so a scan never saves a half-filled form.
function badgeInput(attributes = {}) {
  return h("input", {
    ...attributes,
    autocomplete: "off",
    spellcheck: "false",
    maxlength: 128,
    onkeydown: (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      const fields = [...event.target.form.elements].filter((e) => !e.disabled && e.type !== "hidden");
      fields[fields.indexOf(event.target) + 1]?.focus();
    },
  });
}

function pinInput(attributes = {}) {
  return h("input", { ...attributes, type: "password", inputmode: "numeric", autocomplete: "new-password", pattern: "[0-9]{4,12}", maxlength: 12 });
}

function moduleBoxes(selected, disabled) {
  return h(
    "fieldset",
    { class: "checks" },
    h("legend", {}, t("partners.modules")),
    modules.map((m) =>
      h("label", {}, h("input", { type: "checkbox", name: "module", value: m, checked: selected.includes(m), disabled }), t(`module.${m}`)),
    ),
  );
}

function checkedModules(form) {
  return [...form.querySelectorAll("input[name=module]:checked")].map((box) => box.value);
}

export async function render(view, context) {
  const { partners } = await api("GET", "/admin/v1/partners");
  const admin = context.may("admin");
  const reload = () => render(view, context).then(() => {});
  const chosenId = context.params.get("partner") ?? partners[0]?.id;
  const chosen = partners.find((p) => p.id === chosenId);
  const list = filteredList({
    label: t("partners.find"),
    items: partners,
    matches: (p, text) => p.name.toLowerCase().includes(text) || p.id.toLowerCase().includes(text),
    render: (page) => table(null, [
      { label: t("common.name"), cell: (p) => h("a", { href: `#/partners?partner=${encodeURIComponent(p.id)}`, "aria-current": p.id === chosenId ? "true" : null }, p.name) },
      { label: t("common.id"), cell: (p) => p.id },
      { label: t("partners.operator_count"), cell: (p) => String(p.operators.length) },
      { label: t("partners.locked_count"), cell: (p) => { const n = p.operators.filter((o) => o.locked).length; return n ? h("span", { class: "badge-locked" }, String(n)) : "0"; } },
    ], page, { empty: t("partners.none") }),
  });
  fill(
    view,
    h("h1", {}, t("nav.partners")),
    h("p", { class: "intro" }, t("partners.intro")),
    admin ? newPartnerForm(context, reload) : h("p", { class: "muted" }, t("common.read_only")),
    h("div", { class: "split" },
      h("nav", { class: "list-panel", "aria-label": t("partners.list") }, list),
      chosen ? partnerSection(chosen, context, reload) : h("p", { class: "muted" }, t("partners.none"))),
  );
}

function newPartnerForm(context, reload) {
  const form = h(
    "form",
    {
      class: "inline-form",
      onsubmit: async (event) => {
        event.preventDefault();
        const body = {
          id: valueOf(form, "id"),
          name: valueOf(form, "name"),
          modules: checkedModules(form),
          allow_process_feedback: form.elements.namedItem("allow_process_feedback").checked,
          operators: [],
        };
        await saveAndSay({ title: t("partners.create_title", { name: body.name }), method: "POST", path: "/admin/v1/partners", body }, context, t("partners.created", { name: body.name }), () => { forgetPartnerNames(); context.navigate("partners", { partner: body.id }); });
      },
    },
    h("h2", {}, t("partners.new")),
    h("div", { class: "row" },
      field(t("common.id"), h("input", { name: "id", required: true, maxlength: 64 })),
      field(t("common.name"), h("input", { name: "name", required: true, maxlength: 200 }))),
    moduleBoxes(["workbench"], false),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "allow_process_feedback" }), t("partners.allow_process_feedback")),
    h("button", { type: "submit" }, t("partners.create")),
  );
  return h("details", { class: "panel" }, h("summary", {}, t("partners.new")), form);
}

function partnerSection(partner, context, reload) {
  const admin = context.may("admin");
  const settings = h(
    "form",
    {
      class: "inline-form",
      onsubmit: async (event) => {
        event.preventDefault();
        const body = {
          name: valueOf(settings, "name"),
          modules: checkedModules(settings),
          allow_process_feedback: settings.elements.namedItem("allow_process_feedback").checked,
        };
        await saveAndSay({ title: t("partners.change_title", { name: partner.name }), method: "PATCH", path: `/admin/v1/partners/${encodeURIComponent(partner.id)}`, body }, context, t("common.saved"), () => { forgetPartnerNames(); reload(); });
      },
    },
    field(t("common.name"), h("input", { name: "name", value: partner.name, required: true, maxlength: 200, disabled: !admin })),
    moduleBoxes(partner.modules, !admin),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "allow_process_feedback", checked: partner.allow_process_feedback, disabled: !admin }), t("partners.allow_process_feedback")),
    admin ? h("div", { class: "buttons" },
      h("button", { type: "submit" }, t("common.save")),
      h("button", {
        type: "button",
        class: "danger",
        onclick: async () => {
          await saveAndSay({ title: t("partners.delete_title", { name: partner.name }), method: "DELETE", path: `/admin/v1/partners/${encodeURIComponent(partner.id)}` }, context, t("partners.deleted", { name: partner.name }), () => { forgetPartnerNames(); context.navigate("partners"); });
        },
      }, t("partners.delete"))) : null,
  );
  const operators = table(
    t("partners.operators_of", { name: partner.name }),
    [
      { label: t("common.id"), cell: (op) => op.id },
      { label: t("common.name"), cell: (op) => op.name },
      { label: t("operators.role"), cell: (op) => t(`operator_role.${op.role ?? "operator"}`) },
      { label: t("operators.pin"), cell: (op) => (op.has_pin ? t("operators.pin_set") : t("operators.no_pin")) },
      {
        label: t("operators.badge_state"),
        cell: (op) => (op.locked ? h("span", { class: "badge-locked" }, t("operators.locked", { count: op.wrong_pins })) : op.wrong_pins ? t("operators.wrong_pins", { count: op.wrong_pins }) : t("operators.ok")),
      },
      { label: t("common.actions"), cell: (op) => (admin ? operatorActions(op, partner, context, reload) : "—"), class: "actions" },
    ],
    partner.operators,
    { empty: t("operators.none") },
  );
  return h(
    "section",
    { class: "panel partner", "aria-labelledby": `partner-${partner.id}` },
    h("h2", { id: `partner-${partner.id}` }, partner.name, h("span", { class: "muted" }, ` · ${partner.id}`)),
    settings,
    operators,
    admin ? newOperatorForm(partner, context, reload) : null,
  );
}

function operatorActions(op, partner, context, reload) {
  const path = `/admin/v1/operators/${encodeURIComponent(op.id)}`;
  const edit = h(
    "form",
    {
      class: "operator-edit",
      onsubmit: async (event) => {
        event.preventDefault();
        const body = { name: valueOf(edit, "name"), role: valueOf(edit, "role") };
        const badge = valueOf(edit, "badge");
        if (badge) body.badge = badge;
        const pin = valueOf(edit, "pin");
        if (pin) body.pin = pin;
        if (edit.elements.namedItem("remove_pin").checked) body.pin = null;
        await saveAndSay({ title: t("operators.change_title", { name: op.name }), method: "PATCH", path, body }, context, t("common.saved"), () => reload());
      },
    },
    field(t("common.name"), h("input", { name: "name", value: op.name, required: true, maxlength: 200 })),
    field(t("operators.role"), h("select", { name: "role" }, ["operator", "lead"].map((r) => h("option", { value: r, selected: (op.role ?? "operator") === r }, t(`operator_role.${r}`))))),
    field(t("operators.new_badge"), badgeInput({ name: "badge" }), t("operators.badge_hint")),
    field(t("operators.new_pin"), pinInput({ name: "pin" }), t("operators.pin_hint")),
    op.has_pin ? h("label", { class: "check" }, h("input", { type: "checkbox", name: "remove_pin" }), t("operators.remove_pin")) : h("input", { type: "hidden", name: "remove_pin" }),
    h("div", { class: "buttons" },
      h("button", { type: "submit" }, t("common.save")),
      h("button", {
        type: "button",
        class: "danger",
        onclick: async () => {
          await saveAndSay({ title: t("operators.delete_title", { name: op.name }), method: "DELETE", path }, context, t("operators.deleted", { name: op.name }), () => reload());
        },
      }, t("operators.delete"))),
  );
  const unlock = op.locked || op.wrong_pins
    ? h("button", {
      type: "button",
      onclick: async () => {
        await saveAndSay({ title: t("operators.unlock_title", { name: op.name }), method: "POST", path: `${path}/unlock`, previewable: false, consequence: t("operators.unlock_consequence") }, context, t("operators.unlocked", { name: op.name }), () => reload());
      },
    }, t("operators.unlock"))
    : null;
  return h("div", {}, unlock, h("details", {}, h("summary", {}, t("operators.edit")), edit));
}

function newOperatorForm(partner, context, reload) {
  const form = h(
    "form",
    {
      class: "inline-form",
      onsubmit: async (event) => {
        event.preventDefault();
        const body = {
          id: valueOf(form, "id"),
          partner_id: partner.id,
          name: valueOf(form, "name"),
          badge: valueOf(form, "badge"),
          role: valueOf(form, "role"),
        };
        const pin = valueOf(form, "pin");
        if (pin) body.pin = pin;
        await saveAndSay({ title: t("operators.create_title", { name: body.name, partner: partner.name }), method: "POST", path: "/admin/v1/operators", body }, context, t("operators.created", { name: body.name }), () => reload());
      },
    },
    h("div", { class: "row" },
      field(t("common.id"), h("input", { name: "id", required: true, maxlength: 64 })),
      field(t("common.name"), h("input", { name: "name", required: true, maxlength: 200 })),
      field(t("operators.role"), h("select", { name: "role" }, ["operator", "lead"].map((r) => h("option", { value: r }, t(`operator_role.${r}`)))))),
    h("div", { class: "row" },
      field(t("operators.badge"), badgeInput({ name: "badge", required: true }), t("operators.badge_hint")),
      field(t("operators.pin_optional"), pinInput({ name: "pin" }), t("operators.pin_hint"))),
    h("button", { type: "submit" }, t("operators.create")),
  );
  return h("details", { class: "subpanel" }, h("summary", {}, t("operators.new", { partner: partner.name })), form);
}
