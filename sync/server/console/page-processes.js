// Processes: the server-side paged list, like the work steps'.
import { h, when } from "./dom.js";
import { t } from "./i18n.js";
import { renderList } from "./list-page.js";

const statuses = ["open", "in_progress", "done"];

export async function render(view, context) {
  await renderList(view, context, {
    title: t("nav.processes"),
    intro: t("processes.intro"),
    path: "/admin/v1/processes",
    key: "processes",
    pageSize: 50,
    defaultSort: "id",
    filters: [
      { name: "q", label: t("list.search"), control: () => h("input", { type: "search", maxlength: 100 }) },
      { name: "order_id", label: t("steps.order"), control: () => h("input", { maxlength: 64, size: 10 }) },
      { name: "status", label: t("steps.status"), control: () => h("select", {}, [h("option", { value: "" }, t("list.any")), ...statuses.map((s) => h("option", { value: s }, t(`process_status.${s}`)))]) },
    ],
    columns: [
      { label: t("common.id"), sort: "id", cell: (p) => p.id },
      { label: t("steps.order"), cell: (p) => h("a", { href: `#/orders?order=${encodeURIComponent(p.order_id)}` }, p.order_number ?? p.order_id) },
      { label: t("common.name"), cell: (p) => p.name },
      { label: t("processes.type"), cell: (p) => p.type },
      { label: t("steps.status"), cell: (p) => t(`process_status.${p.status}`) },
      { label: t("processes.due"), cell: (p) => when(p.due) },
    ],
  });
}
