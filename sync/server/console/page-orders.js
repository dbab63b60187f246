// Orders: the trees, opened level by level (never the whole plan at once); an order's details
// with inheritance on top-level orders only (R4: the control is absent on sub-orders), the
// partners named on it (R6), and its work steps and processes.
import { api, withQuery } from "./api.js";
import { h, fill, field, table, when, valueOf } from "./dom.js";
import { t } from "./i18n.js";
import { partnerPicker } from "./pickers.js";
import { saveAndSay } from "./preview.js";

const pageSize = 200;

function orderLabel(order) {
  return `${order.number} · ${order.article}`;
}

/// One level of the tree under `parentId` ("" for the top), with "more" paging.
function level(parentId, context, select, query = "") {
  const list = h("ul", { class: parentId ? "tree-level" : "tree" });
  const more = h("li", { class: "more" });
  async function load(after) {
    const answer = await api("GET", withQuery("/admin/v1/orders", { parent_id: parentId, q: query, after, limit: pageSize }));
    more.remove();
    for (const order of answer.orders) list.append(node(order, context, select, query === ""));
    if (answer.next) {
      fill(more, h("button", { type: "button", class: "link", onclick: () => load(answer.next) }, t("orders.more")));
      list.append(more);
    }
    if (!after && answer.orders.length === 0) list.append(h("li", { class: "muted" }, query ? t("orders.no_match") : t("orders.none")));
  }
  return { list, load };
}

function node(order, context, select, expandable) {
  const item = h("li", { dataset: { id: order.id } });
  const label = h("button", { type: "button", class: "link order-link", onclick: () => select(order.id) }, orderLabel(order));
  const hasChildren = expandable && order.child_count > 0;
  let children = null;
  const toggle = h(
    "button",
    {
      type: "button",
      class: "toggle",
      "aria-expanded": "false",
      "aria-label": t("orders.expand", { name: order.number }),
      disabled: !hasChildren,
      onclick: async () => {
        const open = toggle.getAttribute("aria-expanded") === "true";
        toggle.setAttribute("aria-expanded", String(!open));
        if (open) {
          children?.list.remove();
          return;
        }
        if (!children) {
          children = level(order.id, context, select);
          await children.load().catch((error) => context.say(error.message, "error"));
        }
        item.append(children.list);
      },
    },
    hasChildren ? "▸" : "·",
  );
  item.append(toggle, label, h("span", { class: "muted" }, ` ${t("orders.counts", { children: order.child_count, steps: order.work_step_count, processes: order.process_count })}`));
  return item;
}

export async function render(view, context) {
  const planner = context.may("planner");
  let partners = [];
  const detail = h("section", { class: "order-detail", "aria-live": "polite" });
  const selected = context.params.get("order") ?? "";
  const query = context.params.get("q") ?? "";

  const select = async (id) => {
    context.setParams({ order: id, q: query });
    fill(detail, h("p", { class: "loading" }, t("loading")));
    try {
      await showOrder(detail, id, partners, context, () => select(id));
    } catch (error) {
      fill(detail, h("p", { class: "error", role: "alert" }, error.message));
    }
  };
  const top = level("", context, select, query);
  // The partners (for the named-partner pickers) come while the first level is fetched.
  await Promise.all([
    top.load(),
    api("GET", "/admin/v1/partners").then((answer) => {
      partners = answer.partners;
    }),
  ]);

  const search = h(
    "form",
    {
      role: "search",
      class: "row",
      onsubmit: (event) => {
        event.preventDefault();
        context.navigate("orders", { q: valueOf(search, "q") });
      },
    },
    field(t("orders.search"), h("input", { name: "q", type: "search", value: query, maxlength: 100 })),
    h("button", { type: "submit" }, t("common.search")),
  );
  fill(
    view,
    h("h1", {}, t("nav.orders")),
    h("p", { class: "intro" }, t("orders.intro")),
    search,
    planner ? newOrderForm(partners, context) : null,
    h("div", { class: "split" }, h("nav", { class: "tree-panel", "aria-label": t("orders.tree") }, top.list), detail),
  );
  if (selected) await select(selected);
  else fill(detail, h("p", { class: "muted" }, t("orders.pick")));
}

function namedPicker(partners, named, disabled) {
  const picker = partnerPicker(t("orders.named_partners"), partners, named, { disabled });
  picker.classList.add("named");
  return picker;
}

function inheritanceSelect(value, disabled) {
  return field(
    t("orders.inheritance"),
    h("select", { name: "external_inheritance", disabled }, ["limited", "full"].map((v) => h("option", { value: v, selected: v === value }, t(`inheritance.${v}`)))),
    t("orders.inheritance_hint"),
  );
}

function named(form) {
  return form.querySelector("fieldset.named").value();
}

async function showOrder(detail, id, partners, context, reload) {
  const [order, steps, processes] = await Promise.all([
    api("GET", withQuery("/admin/v1/orders", { id })).then((a) => a.orders.find((o) => o.id === id)),
    api("GET", withQuery("/admin/v1/work_steps", { order_id: id, limit: 100, sort: "planned_start" })),
    api("GET", withQuery("/admin/v1/processes", { order_id: id, limit: 100 })),
  ]);
  if (!order) throw new Error(t("orders.gone", { id }));
  const planner = context.may("planner");
  const topLevel = order.parent_id === null;
  const path = `/admin/v1/orders/${encodeURIComponent(order.id)}`;
  const form = h(
    "form",
    {
      onsubmit: async (event) => {
        event.preventDefault();
        const body = {
          number: valueOf(form, "number"),
          article: valueOf(form, "article"),
          quantity: Number(valueOf(form, "quantity")),
          due: new Date(valueOf(form, "due")).toISOString().replace(/\.\d{3}Z$/, "Z"),
          named_partner_ids: named(form),
        };
        if (topLevel) body.external_inheritance = valueOf(form, "external_inheritance");
        await saveAndSay({ title: t("orders.change_title", { name: order.number }), method: "PATCH", path, body }, context, t("common.saved"), () => reload());
      },
    },
    h("div", { class: "row" },
      field(t("orders.number"), h("input", { name: "number", value: order.number, required: true, maxlength: 200, disabled: !planner })),
      field(t("orders.article"), h("input", { name: "article", value: order.article, required: true, maxlength: 200, disabled: !planner })),
      field(t("orders.quantity"), h("input", { name: "quantity", type: "number", min: 0, value: order.quantity, required: true, disabled: !planner })),
      field(t("orders.due"), h("input", { name: "due", type: "datetime-local", step: 1, value: localInput(order.due), required: true, disabled: !planner }))),
    topLevel ? inheritanceSelect(order.external_inheritance, !planner) : h("p", { class: "muted" }, t("orders.follows_top", { id: order.parent_id })),
    namedPicker(partners, order.named_partner_ids, !planner),
    planner ? h("div", { class: "buttons" },
      h("button", { type: "submit" }, t("common.save")),
      h("button", {
        type: "button",
        class: "danger",
        onclick: async () => {
          await saveAndSay({ title: t("orders.delete_title", { name: order.number }), method: "DELETE", path }, context, t("orders.deleted", { name: order.number }), () => context.navigate("orders"));
        },
      }, t("common.delete"))) : null,
  );
  fill(
    detail,
    h("h2", {}, orderLabel(order), h("span", { class: "muted" }, ` · ${order.id}`)),
    form,
    table(t("orders.work_steps", { count: steps.total }), [
      { label: t("common.id"), cell: (s) => s.id },
      { label: t("steps.seq"), cell: (s) => s.seq },
      { label: t("steps.operation"), cell: (s) => s.operation },
      { label: t("steps.resource"), cell: (s) => s.resource_name ?? s.resource_id },
      { label: t("steps.status"), cell: (s) => t(`status.${s.status}`) },
      { label: t("steps.planned_start"), cell: (s) => when(s.planned_start) },
    ], steps.work_steps),
    steps.total > steps.work_steps.length ? h("p", {}, h("a", { href: `#/work-steps?order_id=${encodeURIComponent(id)}` }, t("orders.all_steps"))) : null,
    table(t("orders.processes", { count: processes.total }), [
      { label: t("common.id"), cell: (p) => p.id },
      { label: t("common.name"), cell: (p) => p.name },
      { label: t("processes.type"), cell: (p) => p.type },
      { label: t("steps.status"), cell: (p) => t(`process_status.${p.status}`) },
      { label: t("processes.due"), cell: (p) => when(p.due) },
    ], processes.processes),
  );
}

/// An RFC 3339 UTC time as a datetime-local input's value, in local time.
export function localInput(text) {
  if (!text) return "";
  const date = new Date(text);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 19);
}

function newOrderForm(partners, context) {
  const form = h(
    "form",
    {
      class: "inline-form",
      onsubmit: async (event) => {
        event.preventDefault();
        const parent = valueOf(form, "parent_id");
        const body = {
          id: valueOf(form, "id"),
          number: valueOf(form, "number"),
          article: valueOf(form, "article"),
          quantity: Number(valueOf(form, "quantity")),
          due: new Date(valueOf(form, "due")).toISOString().replace(/\.\d{3}Z$/, "Z"),
          parent_id: parent || null,
          named_partner_ids: named(form),
        };
        if (!parent) body.external_inheritance = valueOf(form, "external_inheritance");
        await saveAndSay({ title: t("orders.create_title", { name: body.number }), method: "POST", path: "/admin/v1/orders", body }, context, t("orders.created", { name: body.number }), () => context.navigate("orders", { order: body.id }));
      },
    },
    h("div", { class: "row" },
      field(t("common.id"), h("input", { name: "id", required: true, maxlength: 64 })),
      field(t("orders.number"), h("input", { name: "number", required: true, maxlength: 200 })),
      field(t("orders.article"), h("input", { name: "article", required: true, maxlength: 200 })),
      field(t("orders.quantity"), h("input", { name: "quantity", type: "number", min: 0, value: 1, required: true })),
      field(t("orders.due"), h("input", { name: "due", type: "datetime-local", step: 1, required: true }))),
    field(t("orders.parent"), h("input", {
      name: "parent_id",
      maxlength: 64,
      oninput: (event) => {
        form.querySelector(".inheritance").hidden = event.target.value.trim() !== "";
      },
    }), t("orders.parent_hint")),
    h("div", { class: "inheritance" }, inheritanceSelect("limited", false)),
    namedPicker(partners, [], false),
    h("button", { type: "submit" }, t("orders.create")),
  );
  return h("details", { class: "panel" }, h("summary", {}, t("orders.new")), form);
}
