// Terminals: the fleet with its health, each terminal's name and resources, revoke; enrolment
// codes with their expiry, and for each a printable provisioning barcode (the PTPROV1 text the
// terminal's set-up screen scans) as a QR code or Code 128.
import { api, withQuery } from "./api.js";
import { h, fill, field, table, when, valueOf } from "./dom.js";
import { t } from "./i18n.js";
import { picker } from "./pickers.js";
import { saveAndSay, saveWithPreview } from "./preview.js";

const lifetimes = [86400, 604800, 2592000];

function age(text) {
  if (!text) return null;
  return (Date.now() - new Date(text).getTime()) / 1000;
}

function healthCells(terminal) {
  const health = terminal.health;
  if (!health) return { software: "—", slot: "—", backlog: "—", refused: "—" };
  const oldest = health.oldest_pending_at ? t("terminals.oldest", { when: when(health.oldest_pending_at) }) : "";
  return {
    software: [health.software_version, health.image_version].filter(Boolean).join(" · ") || "—",
    slot: health.boot_slot || "—",
    backlog: h("span", { class: health.outbox_pending > 0 && age(health.oldest_pending_at) > 3600 ? "warn" : null }, String(health.outbox_pending ?? 0), oldest ? h("br") : null, oldest),
    refused: String(health.refused_unseen ?? 0),
  };
}

export async function render(view, context) {
  const admin = context.may("admin");
  const [{ terminals }, { resources }, codes] = await Promise.all([
    api("GET", "/admin/v1/terminals"),
    api("GET", "/admin/v1/resources"),
    admin ? api("GET", "/admin/v1/enrollment_codes") : Promise.resolve({ codes: [] }),
  ]);
  const reload = () => render(view, context);
  const resourceNames = new Map(resources.map((r) => [r.id, r.name]));
  const fleet = table(
    t("terminals.fleet", { count: terminals.length }),
    [
      { label: t("common.id"), cell: (x) => x.id },
      { label: t("common.name"), cell: (x) => x.name || "—" },
      { label: t("terminals.state"), cell: (x) => (x.revoked ? h("span", { class: "badge-locked" }, t("terminals.revoked")) : t("terminals.active")) },
      { label: t("terminals.last_seen"), cell: (x) => h("span", { class: age(x.last_seen_at) > 900 ? "warn" : null }, when(x.last_seen_at)) },
      { label: t("terminals.software"), cell: (x) => healthCells(x).software },
      { label: t("terminals.slot"), cell: (x) => healthCells(x).slot },
      { label: t("terminals.backlog"), cell: (x) => healthCells(x).backlog },
      { label: t("terminals.refused"), cell: (x) => healthCells(x).refused },
      { label: t("terminals.failed_logins"), cell: (x) => String(x.failed_logins_24h ?? 0) },
      { label: t("terminals.resources"), cell: (x) => x.resource_ids.map((id) => resourceNames.get(id) ?? id).join(", ") || "—" },
      { label: t("common.actions"), cell: (x) => (admin && !x.revoked ? terminalActions(x, resources, context, reload) : "—"), class: "actions" },
    ],
    terminals,
    { empty: t("terminals.none"), rowAttributes: (x) => ({ dataset: { terminalId: x.id } }) },
  );
  fill(
    view,
    h("h1", {}, t("nav.terminals")),
    h("p", { class: "intro" }, t("terminals.intro")),
    h("div", { class: "scroll" }, fleet),
    admin ? enrolment(codes.codes, context, reload) : null,
  );
}

/// A terminal's name, resources and revoke; the form is made when opened.
function terminalActions(terminal, resources, context, reload) {
  const details = h("details", {}, h("summary", {}, t("terminals.edit")));
  details.addEventListener("toggle", () => {
    if (details.open && details.childElementCount === 1) details.append(terminalForm(terminal, resources, context, reload));
  });
  return details;
}

function terminalForm(terminal, resources, context, reload) {
  const path = `/admin/v1/terminals/${encodeURIComponent(terminal.id)}`;
  const standsAt = picker(t("terminals.stands_at"), resources, terminal.resource_ids);
  const form = h(
    "form",
    {
      onsubmit: async (event) => {
        event.preventDefault();
        // An unnamed terminal stays unnamed: the server refuses an empty name.
        const body = { resource_ids: standsAt.value() };
        const name = valueOf(form, "name");
        if (name !== "" && name !== (terminal.name ?? "")) body.name = name;
        await saveAndSay({ title: t("terminals.change_title", { id: terminal.name || terminal.id }), method: "PATCH", path, body, previewable: false, consequence: t("terminals.change_consequence") }, context, t("common.saved"), () => reload());
      },
    },
    field(t("common.name"), h("input", { name: "name", value: terminal.name ?? "", maxlength: 200 })),
    standsAt,
    h("div", { class: "buttons" },
      h("button", { type: "submit" }, t("common.save")),
      h("button", {
        type: "button",
        class: "danger",
        onclick: async () => {
          await saveAndSay({ title: t("terminals.revoke_title", { id: terminal.name || terminal.id }), method: "DELETE", path, previewable: false, consequence: t("terminals.revoke_consequence") }, context, t("terminals.revoked_message", { id: terminal.id }), () => reload());
        },
      }, t("terminals.revoke"))),
  );
  return form;
}

function enrolment(codes, context, reload) {
  const lifetime = h("select", { name: "lifetime" }, lifetimes.map((s) => h("option", { value: s, selected: s === 604800 }, t(`terminals.lifetime_${s}`))));
  const create = h(
    "form",
    {
      class: "row",
      onsubmit: async (event) => {
        event.preventDefault();
        const made = await saveWithPreview({ title: t("terminals.new_code"), method: "POST", path: "/admin/v1/enrollment_codes", body: { expires_in_s: Number(lifetime.value) }, previewable: false, consequence: t("terminals.code_consequence", { valid: lifetime.selectedOptions[0].textContent }) });
        if (made) {
          context.say(t("terminals.code_made", { code: made.code }));
          reload();
        }
      },
    },
    field(t("terminals.valid_for"), lifetime),
    h("button", { type: "submit" }, t("terminals.new_code")),
  );
  const list = table(
    t("terminals.codes", { count: codes.length }),
    [
      { label: t("terminals.code"), cell: (c) => h("code", {}, c.code) },
      { label: t("terminals.created"), cell: (c) => when(c.created_at) },
      { label: t("terminals.expires"), cell: (c) => when(c.expires_at) },
      {
        label: t("common.actions"),
        class: "actions",
        cell: (c) => h("div", {},
          h("a", { href: `#/terminals?print=${encodeURIComponent(c.code)}`, class: "button", onclick: (event) => { event.preventDefault(); printView(c, context); } }, t("terminals.print")),
          h("button", {
            type: "button",
            class: "danger",
            onclick: async () => {
              await saveAndSay({ title: t("terminals.delete_code_title", { code: c.code }), method: "DELETE", path: `/admin/v1/enrollment_codes/${encodeURIComponent(c.code)}`, previewable: false, consequence: t("terminals.delete_code_consequence") }, context, t("terminals.code_deleted"), () => reload());
            },
          }, t("common.delete"))),
      },
    ],
    codes,
    { empty: t("terminals.no_codes") },
  );
  return h("section", { class: "panel", "aria-labelledby": "codes-heading" }, h("h2", { id: "codes-heading" }, t("terminals.enrolment")), h("p", { class: "intro" }, t("terminals.enrolment_intro")), create, list);
}

/// The printable sheet: the QR code for this server and code, the same text in clear, and what
/// the technician does with it. Only the sheet prints (console.css, @media print). A QR code:
/// Code 128 cannot hold a provisioning text (at most 60 characters in libzint, and the text's
/// fixed part alone takes 55).
function printView(code, context) {
  const server = h("input", { name: "server_url", value: location.origin, maxlength: 200, size: 40 });
  const image = h("img", { class: "barcode", alt: "" });
  const text = h("code", { class: "barcode-text" });
  const draw = () => {
    const serverUrl = server.value.trim();
    image.src = withQuery(`/admin/v1/enrollment_codes/${encodeURIComponent(code.code)}/barcode.svg`, { kind: "qr", server_url: serverUrl });
    image.alt = t("terminals.barcode_alt", { code: code.code });
    text.textContent = `PTPROV1;server_url=${serverUrl};enrollment_code=${code.code}`;
  };
  image.addEventListener("error", () => context.say(t("terminals.barcode_failed"), "error"));
  server.addEventListener("change", draw);
  const sheet = h("section", { class: "print-sheet", "aria-labelledby": "sheet-heading" },
    h("h2", { id: "sheet-heading" }, t("terminals.sheet_title")),
    h("p", {}, t("terminals.sheet_steps")),
    image,
    text,
    h("p", {}, t("terminals.sheet_expires", { when: when(code.expires_at) })));
  const dialog = h("dialog", { class: "print-dialog", "aria-labelledby": "sheet-heading" },
    h("div", { class: "row no-print" }, field(t("terminals.server_url"), server, t("terminals.server_url_hint"))),
    sheet,
    h("div", { class: "buttons no-print" },
      h("button", { type: "button", onclick: () => window.print() }, t("terminals.print_now")),
      h("button", { type: "button", class: "secondary", onclick: () => { dialog.close(); dialog.remove(); } }, t("preview.cancel"))));
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  draw();
  dialog.showModal();
}
