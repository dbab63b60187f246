// The console's shell: who is signed in, the navigation, and the hash router that puts one page
// at a time into <main>. Pages are ES modules loaded when first opened.
import { api, setCsrf, whenSignedOut } from "./api.js";
import { h, fill } from "./dom.js";
import { t, language, setLanguage, languages } from "./i18n.js";
import { showSignIn } from "./page-sign-in.js";

const roleRank = { viewer: 0, planner: 1, admin: 2 };

// Every page: its hash, its module, and the role its changes need (lower roles read only).
const pages = [
  { path: "partners", title: "nav.partners", load: () => import("./page-partners.js") },
  { path: "resources", title: "nav.resources", load: () => import("./page-resources.js") },
  { path: "orders", title: "nav.orders", load: () => import("./page-orders.js") },
  { path: "work-steps", title: "nav.work_steps", load: () => import("./page-work-steps.js") },
  { path: "processes", title: "nav.processes", load: () => import("./page-processes.js") },
  { path: "settings", title: "nav.settings", load: () => import("./page-settings.js") },
  { path: "see-as", title: "nav.see_as", load: () => import("./page-see-as.js") },
  { path: "terminals", title: "nav.terminals", load: () => import("./page-terminals.js") },
  { path: "reports", title: "nav.reports", load: () => import("./page-reports.js") },
];

let user = null;
let rendering = 0;

const main = document.getElementById("page");
const statusLine = document.getElementById("status");

/// A short message in the status line (read out by screen readers); errors stay until replaced.
export function say(message, kind = "info") {
  statusLine.className = kind;
  statusLine.textContent = message;
  if (kind !== "error") {
    const shown = message;
    setTimeout(() => {
      if (statusLine.textContent === shown) statusLine.textContent = "";
    }, 6000);
  }
}

/// Whether the signed-in user may make changes that need `role`.
export function may(role) {
  return user !== null && roleRank[user.role] >= roleRank[role];
}

function currentRoute() {
  const [path, query = ""] = location.hash.replace(/^#\/?/, "").split("?");
  return { path: path || pages[0].path, params: new URLSearchParams(query) };
}

/// Opens `path` with `params` (an object) as a new history entry.
export function navigate(path, params = {}) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "" && v != null)).toString();
  const hash = `#/${path}${query ? `?${query}` : ""}`;
  if (location.hash === hash) route();  // no hashchange: draw the page again (after a save)
  else location.hash = hash;
}

/// Replaces the current entry's parameters (filters, paging) without a new history entry.
export function setParams(params) {
  const { path } = currentRoute();
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "" && v != null)).toString();
  history.replaceState(null, "", `#/${path}${query ? `?${query}` : ""}`);
}

function drawHeader() {
  const { path } = currentRoute();
  fill(
    document.getElementById("nav"),
    h("ul", {}, pages.map((page) =>
      h("li", {}, h("a", { href: `#/${page.path}`, "aria-current": page.path === path ? "page" : null }, t(page.title))))),
  );
  const picker = h(
    "select",
    { "aria-label": t("account.language"), onchange: (e) => { setLanguage(e.target.value); drawHeader(); route(); } },
    languages.map((code) => h("option", { value: code, selected: code === language() }, t(`language.${code}`))),
  );
  fill(
    document.getElementById("account"),
    h("span", { class: "who" }, user.name, " · ", t(`role.${user.role}`)),
    picker,
    h("button", { type: "button", class: "secondary", onclick: signOut }, t("account.sign_out")),
  );
  document.querySelector(".skip").textContent = t("skip");
}

async function route() {
  if (!user) return;
  const ticket = ++rendering;
  const { path, params } = currentRoute();
  const page = pages.find((p) => p.path === path);
  delete document.body.dataset.ready;
  drawHeader();
  if (!page) {
    fill(main, h("h1", {}, t("page.not_found")));
    return;
  }
  document.title = `${t(page.title)} · Partner Terminal`;
  fill(main, h("h1", {}, t(page.title)), h("p", { class: "loading" }, t("loading")));
  try {
    const module = await page.load();
    if (ticket !== rendering) return;
    const view = h("div", {});
    const setOwnParams = (values) => {
      if (ticket === rendering) setParams(values);  // never onto a page opened meanwhile
    };
    const context = { user, params, say, may, navigate, setParams: setOwnParams, reload: route, stale: () => ticket !== rendering };
    await module.render(view, context);
    if (ticket !== rendering) return;
    fill(main, view);
    const heading = main.querySelector("h1");
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
    performance.mark(`page-ready:${path}`);
    document.body.dataset.ready = path;  // for the browser tests and the page-timing benchmark
  } catch (error) {
    if (ticket !== rendering) return;
    fill(main, h("h1", {}, t(page.title)), h("p", { class: "error", role: "alert" }, error.message));
  }
}

async function signOut() {
  try {
    await api("POST", "/console/api/sign-out");
  } catch {
    // signed out already
  }
  signedOut();
}

function signedOut() {
  user = null;
  setCsrf("");
  document.getElementById("top").hidden = true;
  showSignIn(main, signedIn);
}

function signedIn(session) {
  user = { name: session.name, role: session.role };
  setCsrf(session.csrf);
  document.getElementById("top").hidden = false;
  route();
}

async function start() {
  document.documentElement.lang = language();
  // The skip link moves focus without touching the address (the router owns the hash).
  document.querySelector(".skip").addEventListener("click", (event) => {
    event.preventDefault();
    (main.querySelector("h1") ?? main).focus();
  });
  whenSignedOut(() => {
    if (user) {
      signedOut();
      say(t("account.session_ended"), "error");
    }
  });
  window.addEventListener("hashchange", route);
  try {
    signedIn(await api("GET", "/console/api/me"));
  } catch {
    signedOut();
  }
}

start();
