// A server-side paged, filtered and sorted list (work steps, processes): the filters and the
// page live in the address, so a list can be bookmarked and Back works; only one page of rows is
// ever fetched.
import { api, withQuery } from "./api.js";
import { h, fill, field } from "./dom.js";
import { t } from "./i18n.js";

/// `spec`: {title, intro, path, key (the answer's array), pageSize, filters: [{name, label,
/// control: () => element}], columns: [{label, cell, sort?}], defaultSort, actions?(view),
/// alongside?: a promise the filters need, awaited together with the first page}.
export async function renderList(view, context, spec) {
  const params = context.params;
  const state = {
    offset: Math.max(0, Number(params.get("offset")) || 0),
    sort: params.get("sort") || spec.defaultSort,
    filters: Object.fromEntries(spec.filters.map((f) => [f.name, params.get(f.name) ?? ""])),
  };
  const rowsHolder = h("div", { class: "list-rows" });
  const pager = h("nav", { class: "pager", "aria-label": t("list.pages") });

  let latest = 0;
  async function load() {
    const started = performance.now();
    const ticket = ++latest;
    const answer = await api("GET", withQuery(spec.path, { ...state.filters, sort: state.sort, offset: state.offset, limit: spec.pageSize }));
    if (ticket !== latest) return;  // a newer request (another page, another sort) wins
    const rows = answer[spec.key];
    fill(rowsHolder, listTable(rows));
    drawPager(answer.total);
    context.setParams({ ...state.filters, sort: state.sort === spec.defaultSort ? "" : state.sort, offset: state.offset || "" });
    performance.measure(`list-page:${spec.key}`, { start: started });
    document.body.dataset.listLoads = String(Number(document.body.dataset.listLoads ?? 0) + 1);
  }

  function sortHeader(column) {
    if (!column.sort) return column.label;
    const ascending = state.sort === column.sort;
    const descending = state.sort === `-${column.sort}`;
    return h(
      "button",
      {
        type: "button",
        class: "sort",
        onclick: () => {
          state.sort = ascending ? `-${column.sort}` : column.sort;
          state.offset = 0;
          load().catch((e) => context.say(e.message, "error"));
        },
      },
      column.label,
      h("span", { "aria-hidden": "true" }, ascending ? " ▲" : descending ? " ▼" : ""),
    );
  }

  function listTable(rows) {
    const head = h("tr", {}, spec.columns.map((c) => {
      const sorted = c.sort && (state.sort === c.sort ? "ascending" : state.sort === `-${c.sort}` ? "descending" : null);
      return h("th", { scope: "col", "aria-sort": sorted }, sortHeader(c));
    }));
    const body = h("tbody", {}, rows.map((row) => h("tr", {}, spec.columns.map((c) => h("td", {}, c.cell(row))))));
    if (rows.length === 0) body.append(h("tr", {}, h("td", { colspan: spec.columns.length, class: "empty" }, t("list.none"))));
    return h("table", { class: "list" }, h("thead", {}, head), body);
  }

  function drawPager(total) {
    const pages = Math.max(1, Math.ceil(total / spec.pageSize));
    const page = Math.floor(state.offset / spec.pageSize) + 1;
    const go = (offset) => () => {
      state.offset = offset;
      load().then(() => {
        // Focus stays in the pager (its buttons were drawn anew); the new page is announced.
        pager.querySelector(".page-of")?.focus();
      }).catch((e) => context.say(e.message, "error"));
    };
    fill(
      pager,
      h("button", { type: "button", disabled: page <= 1, onclick: go(0) }, t("list.first")),
      h("button", { type: "button", disabled: page <= 1, onclick: go(state.offset - spec.pageSize) }, t("list.previous")),
      h("span", { class: "page-of", tabindex: -1, "aria-live": "polite" }, t("list.page_of", { page: page.toLocaleString(), pages: pages.toLocaleString(), total: total.toLocaleString() })),
      h("button", { type: "button", disabled: page >= pages, onclick: go(state.offset + spec.pageSize) }, t("list.next")),
      h("button", { type: "button", disabled: page >= pages, onclick: go((pages - 1) * spec.pageSize) }, t("list.last")),
    );
  }

  const filterForm = h(
    "form",
    {
      role: "search",
      class: "filters row",
      onsubmit: (event) => {
        event.preventDefault();
        for (const f of spec.filters) state.filters[f.name] = filterForm.elements.namedItem(f.name).value.trim();
        state.offset = 0;
        load().catch((e) => context.say(e.message, "error"));
      },
    },
    spec.filters.map((f) => {
      const control = f.control();
      control.name = f.name;
      control.value = state.filters[f.name];
      return field(f.label, control);
    }),
    h("button", { type: "submit" }, t("list.apply")),
  );
  await Promise.all([load(), spec.alongside]);
  fill(view, h("h1", {}, spec.title), h("p", { class: "intro" }, spec.intro), spec.actions ? spec.actions() : null, filterForm, pager, rowsHolder);
}
