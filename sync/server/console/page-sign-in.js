// The sign-in form: name and password, sent as JSON; a refusal is shown, never which part was wrong.
import { api } from "./api.js";
import { h, fill, field } from "./dom.js";
import { t } from "./i18n.js";

export function showSignIn(main, onSignedIn) {
  document.title = `${t("sign_in.title")} · Partner Terminal`;
  const message = h("p", { class: "error", role: "alert", hidden: true });
  const name = h("input", { name: "name", autocomplete: "username", required: true, maxlength: 64 });
  const password = h("input", { name: "password", type: "password", autocomplete: "current-password", required: true, maxlength: 1024 });
  const submit = h("button", { type: "submit" }, t("sign_in.submit"));
  const form = h(
    "form",
    {
      class: "sign-in",
      onsubmit: async (event) => {
        event.preventDefault();
        submit.disabled = true;
        message.hidden = true;
        try {
          const session = await api("POST", "/console/api/sign-in", { name: name.value.trim(), password: password.value });
          password.value = "";
          onSignedIn(session);
        } catch (error) {
          message.textContent = error.status === 401 ? t("sign_in.refused") : error.message;
          message.hidden = false;
          password.select();
        } finally {
          submit.disabled = false;
        }
      },
    },
    h("h1", {}, t("sign_in.title")),
    h("p", {}, t("sign_in.intro")),
    field(t("sign_in.name"), name),
    field(t("sign_in.password"), password),
    message,
    submit,
  );
  fill(main, form);
  name.focus();
  document.body.dataset.ready = "sign-in";
}
