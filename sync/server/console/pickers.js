// Controls that stay usable with a thousand partners: a partner picker (the chosen ones as
// removable chips, a search box offering the others) and a client-side filtered, paged list.
import { h, fill } from "./dom.js";
import { t } from "./i18n.js";

const offered = 12;

/// A fieldset for choosing partners: `chosen` ids; `.value()` gives the ids chosen now. With
/// `disabled` it only shows them.
export function partnerPicker(legend, partners, chosen, options = {}) {
  return picker(legend, partners, chosen, options);
}

/// The same for any objects with `id` and `name` (the resources a terminal stands at).
export function picker(legend, partners, chosen, { disabled = false, onchange = () => {} } = {}) {
  const names = new Map(partners.map((p) => [p.id, p.name]));
  const selected = new Set(chosen);
  const chips = h("ul", { class: "chips" });
  const suggestions = h("ul", { class: "suggestions", role: "listbox", hidden: true });
  const search = h("input", {
    type: "search",
    autocomplete: "off",
    maxlength: 100,
    "aria-label": t("picker.add", { what: legend }),
    placeholder: t("picker.search"),
    disabled,
    oninput: () => offer(),
    onkeydown: (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        suggestions.querySelector("button")?.click();
      }
    },
  });
  function draw() {
    fill(chips, [...selected].map((id) =>
      h("li", {},
        h("span", {}, names.get(id) ?? id),
        disabled ? null : h("button", {
          type: "button",
          class: "chip-remove",
          "aria-label": t("picker.remove", { name: names.get(id) ?? id }),
          dataset: { partnerId: id },
          onclick: () => {
            selected.delete(id);
            draw();
            onchange();
          },
        }, "×"))));
    if (selected.size === 0) chips.append(h("li", { class: "muted" }, t("picker.none")));
  }
  function offer() {
    const text = search.value.trim().toLowerCase();
    if (!text) {
      suggestions.hidden = true;
      return;
    }
    const matches = partners.filter((p) => !selected.has(p.id) && (p.name.toLowerCase().includes(text) || p.id.toLowerCase().includes(text))).slice(0, offered);
    fill(suggestions, matches.map((p) =>
      h("li", {}, h("button", {
        type: "button",
        class: "link",
        dataset: { partnerId: p.id },
        onclick: () => {
          selected.add(p.id);
          search.value = "";
          suggestions.hidden = true;
          draw();
          onchange();
          search.focus();
        },
      }, `${p.name} (${p.id})`))));
    if (matches.length === 0) suggestions.append(h("li", { class: "muted" }, t("picker.nothing_matches")));
    suggestions.hidden = false;
  }
  draw();
  const fieldset = h("fieldset", { class: "picker" }, h("legend", {}, legend), chips, disabled ? null : search, suggestions);
  fieldset.value = () => [...selected];
  return fieldset;
}

/// A list filtered and paged in the page (for the partners and resources, which arrive whole):
/// `render(items)` draws one page; returns the element with a filter box and a pager.
export function filteredList({ label, items, matches, render, pageSize = 50 }) {
  let page = 0;
  let shown = items;
  const body = h("div", {});
  const pager = h("nav", { class: "pager", "aria-label": t("list.pages") });
  const filter = h("input", {
    type: "search",
    maxlength: 100,
    oninput: () => {
      const text = filter.value.trim().toLowerCase();
      shown = text ? items.filter((item) => matches(item, text)) : items;
      page = 0;
      draw();
    },
  });
  function draw() {
    const pages = Math.max(1, Math.ceil(shown.length / pageSize));
    fill(body, render(shown.slice(page * pageSize, (page + 1) * pageSize)));
    fill(
      pager,
      h("button", { type: "button", disabled: page === 0, onclick: () => { page -= 1; draw(); } }, t("list.previous")),
      h("span", { class: "page-of" }, t("list.page_of", { page: page + 1, pages, total: shown.length })),
      h("button", { type: "button", disabled: page + 1 >= pages, onclick: () => { page += 1; draw(); } }, t("list.next")),
    );
  }
  draw();
  const id = `filter-${Math.random().toString(36).slice(2)}`;
  filter.id = id;
  return h("div", { class: "filtered-list" },
    h("div", { class: "row" }, h("div", { class: "field" }, h("label", { for: id }, label), filter), pager),
    body);
}
