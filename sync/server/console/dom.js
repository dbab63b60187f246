// Building the page: elements are made here and filled with textContent only, so a name that
// holds markup shows as text and never runs (the pages never use innerHTML with data).

/// `h("button", {type: "button", onclick: f}, "Save")`: attributes by name, `on…` as listeners,
/// `class`, `dataset` and boolean properties as such; children are nodes or text (null skipped).
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else if (name === "class") {
      element.className = value;
    } else if (name === "dataset") {
      Object.assign(element.dataset, value);
    } else if (value === true) {
      element.setAttribute(name, "");
    } else if (name === "value" || name === "checked") {
      element[name] = value;
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/// Replaces an element's content.
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

let fieldCount = 0;
/// A labelled form field: `field("Name", h("input", {name: "name"}))`; the label points at it.
export function field(label, control, hint = null) {
  if (!control.id) control.id = `field-${++fieldCount}`;
  const hintNode = hint ? h("span", { class: "hint", id: `${control.id}-hint` }, hint) : null;
  if (hintNode) control.setAttribute("aria-describedby", hintNode.id);
  return h("div", { class: "field" }, h("label", { for: control.id }, label), control, hintNode);
}

/// A table from rows: `columns` is [{label, cell: row => node|text, class?}]; `rowAttributes`
/// gives each row's attributes (e.g. a data-id).
export function table(caption, columns, rows, { empty = "—", rowAttributes = () => ({}) } = {}) {
  const head = h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col", class: c.class }, c.label))));
  const body = h("tbody", {});
  for (const row of rows) {
    body.append(h("tr", rowAttributes(row), columns.map((c) => h("td", { class: c.class }, c.cell(row)))));
  }
  if (rows.length === 0) body.append(h("tr", {}, h("td", { colspan: columns.length, class: "empty" }, empty)));
  return h("table", {}, caption ? h("caption", {}, caption) : null, head, body);
}

/// A date-time of the API (RFC 3339 UTC) as local text; "—" for none.
export function when(text) {
  if (!text) return "—";
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toLocaleString();
}

/// The value of a form's field by name, trimmed.
export function valueOf(form, name) {
  const element = form.elements.namedItem(name);
  return element ? element.value.trim() : "";
}
