// Resources: the external flag and the partners linked to each (R2: a partner's own resources).
// Twenty thousand of them stay usable: a filtered, paged list, and one resource changed at a time.
import { api } from "./api.js";
import { h, fill, field, table, valueOf } from "./dom.js";
import { t } from "./i18n.js";
import { filteredList, partnerPicker } from "./pickers.js";
import { saveAndSay, saveWithPreview } from "./preview.js";

const namesShown = 3;

function partnerNames(ids, names) {
  const shown = ids.slice(0, namesShown).map((id) => names.get(id) ?? id).join(", ");
  return ids.length > namesShown ? `${shown} ${t("preview.and_more", { count: ids.length - namesShown })}` : shown || "—";
}

function resourceForm(resource, partners, context, done) {
  const creating = resource === null;
  const admin = context.may("admin");
  const picker = partnerPicker(t("resources.partners"), partners, creating ? [] : resource.partner_ids, { disabled: !admin });
  const path = creating ? "/admin/v1/resources" : `/admin/v1/resources/${encodeURIComponent(resource.id)}`;
  const form = h(
    "form",
    {
      class: "resource-row",
      dataset: { resourceId: creating ? "" : resource.id },
      onsubmit: async (event) => {
        event.preventDefault();
        const body = { name: valueOf(form, "name"), external: form.elements.namedItem("external").checked, partner_ids: picker.value() };
        if (creating) body.id = valueOf(form, "id");
        const saved = await saveWithPreview({
          title: t(creating ? "resources.create_title" : "resources.change_title", { name: body.name }),
          method: creating ? "POST" : "PATCH",
          path,
          body,
        });
        if (saved) {
          context.say(creating ? t("resources.created", { name: body.name }) : t("common.saved"));
          done(creating ? body.id : resource.id);
        }
      },
    },
    h("div", { class: "row" },
      creating ? field(t("common.id"), h("input", { name: "id", required: true, maxlength: 64 })) : null,
      field(t("common.name"), h("input", { name: "name", value: creating ? "" : resource.name, required: true, maxlength: 200, disabled: !admin })),
      h("label", { class: "check" }, h("input", { type: "checkbox", name: "external", checked: creating ? true : resource.external, disabled: !admin }), t("resources.external"))),
    picker,
    admin ? h("div", { class: "buttons" },
      h("button", { type: "submit" }, creating ? t("resources.create") : t("common.save")),
      creating ? null : h("button", {
        type: "button",
        class: "danger",
        onclick: async () => {
          await saveAndSay({ title: t("resources.delete_title", { name: resource.name }), method: "DELETE", path }, context, t("resources.deleted", { name: resource.name }), () => done(""));
        },
      }, t("common.delete"))) : null,
  );
  return form;
}

export async function render(view, context) {
  const [{ resources }, { partners }] = await Promise.all([api("GET", "/admin/v1/resources"), api("GET", "/admin/v1/partners")]);
  const names = new Map(partners.map((p) => [p.id, p.name]));
  const chosenId = context.params.get("resource") ?? "";
  const chosen = resources.find((r) => r.id === chosenId);
  const done = (id) => context.navigate("resources", { resource: id });
  const list = filteredList({
    label: t("resources.find"),
    items: resources,
    matches: (r, text) => r.name.toLowerCase().includes(text) || r.id.toLowerCase().includes(text) ||
      r.partner_ids.some((id) => (names.get(id) ?? "").toLowerCase().includes(text)),
    render: (page) => table(null, [
      { label: t("common.name"), cell: (r) => h("a", { href: `#/resources?resource=${encodeURIComponent(r.id)}`, "aria-current": r.id === chosenId ? "true" : null }, r.name) },
      { label: t("common.id"), cell: (r) => r.id },
      { label: t("resources.external"), cell: (r) => (r.external ? t("common.yes") : t("common.no")) },
      { label: t("resources.partners"), cell: (r) => partnerNames(r.partner_ids, names) },
    ], page, { empty: t("resources.none"), rowAttributes: (r) => ({ dataset: { resourceId: r.id } }) }),
  });
  const detail = chosen
    ? h("section", { class: "panel", "aria-labelledby": "resource-heading" }, h("h2", { id: "resource-heading" }, chosen.name, h("span", { class: "muted" }, ` · ${chosen.id}`)), resourceForm(chosen, partners, context, done))
    : h("p", { class: "muted panel" }, t("resources.pick"));
  fill(
    view,
    h("h1", {}, t("nav.resources")),
    h("p", { class: "intro" }, t("resources.intro")),
    context.may("admin") ? h("details", { class: "panel" }, h("summary", {}, t("resources.new")), resourceForm(null, partners, context, done)) : h("p", { class: "muted" }, t("common.read_only")),
    h("div", { class: "split" }, h("nav", { class: "list-panel", "aria-label": t("resources.list") }, list), detail),
  );
}
