// The save dialog every change goes through: before anything is saved it lists, per partner,
// what the change would make that partner gain and lose (POST /admin/v1/preview, the same rules
// as the terminals' views). Save is only offered from here.
import { api } from "./api.js";
import { h, fill } from "./dom.js";
import { t } from "./i18n.js";

const kinds = ["orders", "work_steps", "processes"];
const shownIds = 12;

let partnerNames = null;
async function namesOfPartners() {
  if (!partnerNames) {
    try {
      const { partners } = await api("GET", "/admin/v1/partners");
      partnerNames = new Map(partners.map((p) => [p.id, p.name]));
    } catch {
      partnerNames = new Map();
    }
  }
  return partnerNames;
}
/// After a partner's name changed.
export function forgetPartnerNames() {
  partnerNames = null;
}

function idList(ids) {
  const shown = ids.slice(0, shownIds).join(", ");
  return ids.length > shownIds ? `${shown} ${t("preview.and_more", { count: ids.length - shownIds })}` : shown;
}

function changesOf(side) {
  const parts = [];
  for (const kind of kinds) {
    const ids = side?.[kind] ?? [];
    if (ids.length > 0) {
      parts.push(h("li", {}, h("strong", {}, `${t(`preview.${kind}`, { count: ids.length })}: `), idList(ids)));
    }
  }
  return parts.length ? h("ul", {}, parts) : h("span", { class: "muted" }, t("preview.nothing"));
}

function previewTable(partners, names) {
  const losing = partners.filter((p) => kinds.some((k) => p.loses?.[k]?.length));
  const rows = partners.map((p) =>
    h(
      "tr",
      { class: losing.includes(p) ? "loses" : null },
      h("th", { scope: "row" }, names.get(p.id) ?? p.id, h("span", { class: "muted" }, ` (${p.id})`)),
      h("td", { class: "gains" }, changesOf(p.gains)),
      h("td", { class: "loses" }, changesOf(p.loses)),
    ),
  );
  return h(
    "table",
    { class: "preview" },
    h("caption", {}, t("preview.caption")),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("preview.partner")), h("th", { scope: "col" }, t("preview.gains")), h("th", { scope: "col" }, t("preview.loses")))),
    h("tbody", {}, rows),
  );
}

/// What a change of the external columns does to every partner's tables (the object preview
/// compares what partners see, not which fields): null when the columns stay.
function columnChanges(before, body) {
  const after = body?.external_columns;
  if (!before || !after) return null;
  const lines = [];
  for (const kind of ["work_steps", "processes"]) {
    const old = new Set(before.external_columns[kind]);
    const now = new Set(after[kind] ?? before.external_columns[kind]);
    const gained = [...now].filter((c) => !old.has(c)).map((c) => t(`column.${c}`));
    const lost = [...old].filter((c) => !now.has(c)).map((c) => t(`column.${c}`));
    if (gained.length) lines.push(h("li", { class: "gains" }, t(`preview.columns_gained_${kind}`, { columns: gained.join(", ") })));
    if (lost.length) lines.push(h("li", { class: "loses" }, t(`preview.columns_lost_${kind}`, { columns: lost.join(", ") })));
  }
  return lines.length ? h("ul", { class: "column-changes" }, lines) : null;
}

/// Shows the dialog for one admin change: `title` says what it is; resolves with the change's
/// answer once saved, or null when cancelled. `previewable: false` (terminals, codes) asks for a
/// plain confirmation instead, saying `consequence` (what the change does).
export function saveWithPreview({ title, method, path, body = null, previewable = true, consequence = null, settingsBefore = null }) {
  return new Promise((resolve) => {
    const content = h("div", { class: "preview-content" }, h("p", { class: "loading" }, t("preview.loading")));
    const error = h("p", { class: "error", role: "alert", hidden: true });
    const save = h("button", { type: "button", disabled: previewable }, t("preview.save"));
    const cancel = h("button", { type: "button", class: "secondary" }, t("preview.cancel"));
    const dialog = h(
      "dialog",
      { "aria-labelledby": "preview-title", class: "preview-dialog" },
      h("h2", { id: "preview-title" }, title),
      content,
      error,
      h("div", { class: "buttons" }, save, cancel),
    );
    let done = false;
    const finish = (result) => {
      if (done) return;
      done = true;
      dialog.close();
      dialog.remove();
      resolve(result);
    };
    cancel.addEventListener("click", () => finish(null));
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      finish(null);
    });
    save.addEventListener("click", async () => {
      save.disabled = true;
      error.hidden = true;
      try {
        const answer = await api(method, path, body ?? undefined);
        finish(answer ?? {});
      } catch (e) {
        error.textContent = e.message;
        error.hidden = false;
        save.disabled = false;
      }
    });
    document.body.append(dialog);
    dialog.showModal();
    if (!previewable) {
      fill(content, h("p", {}, consequence ?? t("preview.not_previewable")));
      save.focus();
      return;
    }
    cancel.focus();
    Promise.all([api("POST", "/admin/v1/preview", { method, path, body }), namesOfPartners()])
      .then(([answer, names]) => {
        const partners = answer.partners ?? [];
        const columns = columnChanges(settingsBefore, body);
        if (partners.length === 0) {
          fill(content, columns, h("p", { class: "no-change" }, columns ? t("preview.no_object") : t("preview.no_partner")));
        } else {
          const losses = partners.filter((p) => kinds.some((k) => p.loses?.[k]?.length)).length;
          fill(
            content,
            columns,
            h("p", { class: losses ? "warning" : null }, losses ? t("preview.some_lose", { count: losses }) : t("preview.only_gains")),
            previewTable(partners, names),
          );
        }
        save.disabled = false;
        save.focus();
      })
      .catch((e) => {
        fill(content);
        error.textContent = e.message;
        error.hidden = false;
      });
  });
}

/// saveWithPreview, and once saved: `message` said to the screen reader and status line, then
/// `after` (reload the page, or go to another). Resolves with whether it was saved.
export async function saveAndSay(options, context, message, after) {
  if (!(await saveWithPreview(options))) return false;
  context.say(message);
  after();
  return true;
}
