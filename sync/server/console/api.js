// Talking to plan-server: the session cookie goes along by itself; every change carries the
// session's CSRF token. Errors become ApiError with the server's own message.
import { t } from "./i18n.js";

let csrfToken = "";

export function setCsrf(token) {
  csrfToken = token ?? "";
}

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/// Called with every 401 after sign-in: the session has ended (timeout, sign-out elsewhere).
let onSignedOut = () => {};
export function whenSignedOut(callback) {
  onSignedOut = callback;
}

export async function api(method, path, body = undefined) {
  try {
    return await send(method, path, body);
  } catch (error) {
    // Another tab signed in again and the session (and its CSRF token) changed: take the
    // current token and try once more.
    if (error.code !== "csrf" || method === "GET") throw error;
    const me = await send("GET", "/console/api/me");
    setCsrf(me.csrf);
    return send(method, path, body);
  }
}

async function send(method, path, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET") headers["X-CSRF-Token"] = csrfToken;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, "network", t("error.network"));
  }
  if (response.status === 204) return null;
  const type = response.headers.get("Content-Type") ?? "";
  const data = type.startsWith("application/json") ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const message = data?.message ?? `HTTP ${response.status}`;
    const error = new ApiError(response.status, data?.error ?? "", explain(response.status, data?.error, message));
    if (response.status === 401 && path !== "/console/api/sign-in") onSignedOut();
    throw error;
  }
  return data;
}

function explain(status, code, message) {
  if (code === "csrf") return t("error.csrf");
  if (status === 403) return t("error.forbidden", { message });
  if (status === 429) return t("error.throttled", { message });
  return message;
}

/// `path?name=value&…` without empty values.
export function withQuery(path, parameters) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null && value !== "") query.set(name, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
