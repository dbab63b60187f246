// Work steps: the server-side paged list of every work step (fast at 1,000,000), and a work
// step's change through the preview dialog.
import { api } from "./api.js";
import { h, field, when, valueOf } from "./dom.js";
import { t } from "./i18n.js";
import { renderList } from "./list-page.js";
import { saveAndSay } from "./preview.js";
import { localInput } from "./page-orders.js";

const statuses = ["open", "in_progress", "paused", "finished"];

function utc(localValue) {
  return new Date(localValue).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/// The form to change one work step, made when its row is opened (fifty rows never carry fifty
/// forms); the resource is named by its id, as twenty thousand would not fit a list.
function editForm(step, context) {
  const path = `/admin/v1/work_steps/${encodeURIComponent(step.id)}`;
  const form = h(
    "form",
    {
      class: "step-edit",
      onsubmit: async (event) => {
        event.preventDefault();
        const body = {
          operation: valueOf(form, "operation"),
          resource_id: valueOf(form, "resource_id"),
          planned_start: utc(valueOf(form, "planned_start")),
          planned_end: utc(valueOf(form, "planned_end")),
          quantity: Number(valueOf(form, "quantity")),
          notes: valueOf(form, "notes"),
        };
        await saveAndSay({ title: t("steps.change_title", { id: step.id }), method: "PATCH", path, body }, context, t("common.saved"), () => context.reload());
      },
    },
    field(t("steps.operation"), h("input", { name: "operation", value: step.operation, required: true, maxlength: 200 })),
    field(t("steps.resource_id"), h("input", { name: "resource_id", value: step.resource_id, required: true, maxlength: 64 }), step.resource_name ?? ""),
    field(t("steps.planned_start"), h("input", { name: "planned_start", type: "datetime-local", step: 1, value: localInput(step.planned_start), required: true })),
    field(t("steps.planned_end"), h("input", { name: "planned_end", type: "datetime-local", step: 1, value: localInput(step.planned_end), required: true })),
    field(t("steps.quantity"), h("input", { name: "quantity", type: "number", min: 0, value: step.quantity, required: true })),
    field(t("steps.notes"), h("textarea", { name: "notes", maxlength: 2000, rows: 2 }, step.notes ?? "")),
    h("div", { class: "buttons" },
      h("button", { type: "submit" }, t("common.save")),
      h("button", {
        type: "button",
        class: "danger",
        onclick: async () => {
          await saveAndSay({ title: t("steps.delete_title", { id: step.id }), method: "DELETE", path }, context, t("steps.deleted", { id: step.id }), () => context.reload());
        },
      }, t("common.delete"))),
  );
  return form;
}

function openable(step, context) {
  const details = h("details", {}, h("summary", {}, step.id));
  details.addEventListener("toggle", () => {
    if (details.open && details.childElementCount === 1) details.append(editForm(step, context));
  });
  return details;
}

export async function render(view, context) {
  const planner = context.may("planner");
  // The partners (for the filter) come while the first page is fetched, not before it.
  let partners = [];
  const alongside = api("GET", "/admin/v1/partners").then((answer) => {
    partners = answer.partners;
  });
  const options = (items, label) => [h("option", { value: "" }, t("list.any")), ...items.map((i) => h("option", { value: i.id }, label(i)))];
  await renderList(view, context, {
    title: t("nav.work_steps"),
    intro: t("steps.intro"),
    path: "/admin/v1/work_steps",
    key: "work_steps",
    pageSize: 50,
    defaultSort: "id",
    alongside,
    filters: [
      { name: "q", label: t("list.search"), control: () => h("input", { type: "search", maxlength: 100 }) },
      { name: "order_id", label: t("steps.order"), control: () => h("input", { maxlength: 64, size: 10 }) },
      { name: "resource_id", label: t("steps.resource_id"), control: () => h("input", { maxlength: 64, size: 10 }) },
      { name: "partner_id", label: t("steps.partner"), control: () => h("select", {}, options(partners, (p) => p.name)) },
      { name: "status", label: t("steps.status"), control: () => h("select", {}, [h("option", { value: "" }, t("list.any")), ...statuses.map((s) => h("option", { value: s }, t(`status.${s}`)))]) },
    ],
    columns: [
      { label: t("common.id"), sort: "id", cell: (s) => (planner ? openable(s, context) : s.id) },
      { label: t("steps.order"), sort: "order_number", cell: (s) => h("a", { href: `#/orders?order=${encodeURIComponent(s.order_id)}` }, s.order_number ?? s.order_id) },
      { label: t("steps.seq"), cell: (s) => s.seq },
      { label: t("steps.operation"), cell: (s) => s.operation },
      { label: t("steps.resource"), cell: (s) => s.resource_name ?? s.resource_id },
      { label: t("steps.status"), cell: (s) => t(`status.${s.status}`) },
      { label: t("steps.planned_start"), sort: "planned_start", cell: (s) => when(s.planned_start) },
      { label: t("steps.quantity"), cell: (s) => `${s.quantity_good ?? 0} / ${s.quantity}` },
    ],
  });
}
