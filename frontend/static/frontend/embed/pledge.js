/* Keep it Local pledge widget v1; the contract is docs/partners.md. On any failure
   the placeholder keeps its fallback link and nothing is thrown or logged. */
(() => {
  "use strict";
  const w = window;
  const d = document;
  const NS = (w.KeepItLocal = w.KeepItLocal || {});
  if (NS.start) return; // pasted twice: the first copy does the work
  const me = d.currentScript || d.querySelector('script[src*="/embed/v1/pledge.js"]');
  if (!me || !w.fetch || !w.CSSStyleSheet || !("adoptedStyleSheets" in Document.prototype)) return;
  const BASE = me.src.replace(/\/embed\/v1\/pledge\.js.*$/, "");
  const ORIGIN = new URL(BASE).origin;
  const ACCENT = "#0b5a4a";
  const seen = new WeakSet();

  const CSS = `:host{all:initial;display:block;--a:${ACCENT};--bg:#fff;--fg:#1b1f23;--soft:#4a525a;--line:#cfd4da;--on:var(--a);--err:#b3261e}
:host([data-theme=dark]){--bg:#1e2226;--fg:#f2f2f2;--soft:#cfd4da;--line:#6b737b;--on:#9fe0cc;--err:#ffb4ab}
@media (prefers-color-scheme:dark){:host(:not([data-theme=light])){--bg:#1e2226;--fg:#f2f2f2;--soft:#cfd4da;--line:#6b737b;--on:#9fe0cc;--err:#ffb4ab}}
*{box-sizing:border-box}[hidden]{display:none!important}
.w{all:initial;display:block;box-sizing:border-box;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--fg);text-align:start;background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:1em 1.25em;max-width:40em}
h2{font-size:1.3em;line-height:1.25;margin:0 0 .5em}p{margin:0 0 .75em}a{color:var(--on)}
.n{font-size:1.1em}.n strong{font-size:1.8em}
progress{appearance:none;display:block;width:100%;height:.9em;border:1px solid var(--soft);border-radius:9px;background:var(--bg);overflow:hidden;margin:0 0 1em}
progress::-webkit-progress-bar{background:var(--bg)}progress::-webkit-progress-value{background:var(--on)}progress::-moz-progress-bar{background:var(--on)}
fieldset{border:0;padding:0;margin:0 0 1em}legend,label{font-weight:600}
.f{margin:0 0 1em}.f label{display:block}
input,select,button{font:inherit;color:inherit}
input[type=text],input[type=email],select{display:block;width:100%;padding:.5em .6em;border:2px solid var(--soft);border-radius:6px;background:var(--bg)}
label.r{display:flex;gap:.5em;align-items:center;font-weight:400;margin:.25em 0}.r input{flex:none;width:1.25em;height:1.25em;margin:0;accent-color:var(--on)}
.e{color:var(--err);font-weight:600;margin:0 0 .25em}[aria-invalid=true]{border-color:var(--err)}
.s{border:3px solid var(--err);border-radius:6px;padding:.5em .75em;margin:0 0 1em}.s ul{margin:0;padding-left:1.25em}
.t{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.b{display:inline-block;background:var(--a);color:#fff;border:2px solid var(--a);border-radius:6px;padding:.6em 1.2em;font-weight:700;text-decoration:none;cursor:pointer}
:host([data-theme=dark]) .b{border-color:#fff}.b:disabled{opacity:.7}
:focus-visible{outline:3px solid var(--on);outline-offset:2px}
.p{font-size:.9em;color:var(--soft)}
ul.x{display:flex;flex-wrap:wrap;gap:.5em 1em;list-style:none;padding:0}
@media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important}}`;
  let sheet;

  // Strings become text, never markup.
  const h = (tag, attrs, ...kids) => {
    const node = d.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value != null && value !== false) node.setAttribute(name, value === true ? "" : value);
    }
    node.append(...kids.flat().filter((kid) => kid != null && kid !== false && kid !== ""));
    return node;
  };

  // Editors' rich text, minus anything executable.
  const rich = (html) => {
    const template = h("template");
    template.innerHTML = html || "";
    for (const node of template.content.querySelectorAll("*")) {
      if (/^(script|style|iframe|object|embed|form)$/i.test(node.tagName)) node.remove();
      for (const { name, value } of [...node.attributes]) {
        if (/^on|^style$/i.test(name) || /^\s*(javascript|data):/i.test(value)) node.removeAttribute(name);
      }
      if (node.tagName === "A") node.setAttribute("target", "_blank"), node.setAttribute("rel", "noopener");
    }
    return h("div", {}, template.content);
  };

  const request = (url, options) => {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 5000);
    return fetch(url, { credentials: "omit", signal: abort.signal, ...options })
      .then((response) => {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .finally(() => clearTimeout(timer));
  };
  const graphql = (query, variables) =>
    request(`${BASE}/graphql/`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ query, variables }),
    }).then((result) => {
      if (result.errors || !result.data) throw new Error("api");
      return result.data;
    });

  const fire = (node, type, detail) =>
    node.dispatchEvent(new CustomEvent(`keepitlocal:${type}`, { bubbles: true, composed: true, detail }));

  // White text sits on the accent: it must pass AA (4.5:1).
  const usable = (colour) => {
    if (!/^#[0-9a-f]{6}$/i.test(colour || "")) return false;
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = parseInt(colour.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05) >= 4.5;
  };

  // The host page's campaign codes go with the signature.
  const utm = () => {
    const input = {};
    const query = new URLSearchParams(w.location.search);
    for (const part of ["source", "medium", "campaign", "term", "content"]) {
      const value = query.get(`utm_${part}`);
      if (value) input[`utm${part[0].toUpperCase()}${part.slice(1)}`] = value.slice(0, 100);
    }
    return input;
  };

  // ALTCHA proof of work, only when the site asks for it.
  const solve = async () => {
    const challenge = JSON.parse((await graphql("{pledgeChallenge}")).pledgeChallenge);
    const encoder = new TextEncoder();
    for (let number = 0; number <= challenge.maxNumber; number += 1) {
      const digest = await crypto.subtle.digest("SHA-256", encoder.encode(challenge.salt + number));
      const hex = [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
      if (hex === challenge.challenge) {
        const { algorithm, salt, signature } = challenge;
        return btoa(JSON.stringify({ algorithm, challenge: hex, number, salt, signature }));
      }
    }
    return "";
  };

  const SIGN = "mutation($input:SignPledgeInput!){signPledge(input:$input){ok message errors{field code message}}}";

  const counter = (pledge) => {
    if (pledge.count == null) return h("p", { class: "n" }, "Be one of the first to sign.");
    const count = pledge.count.toLocaleString("en-GB");
    const goal = pledge.goal.toLocaleString("en-GB");
    return h(
      "div",
      {},
      h("p", { class: "n" }, h("strong", {}, count), ` signature${pledge.count === 1 ? "" : "s"} of a goal of ${goal}`),
      h("progress", { max: pledge.goal, value: Math.min(pledge.count, pledge.goal), "aria-label": "Progress towards the goal" }, `${count} of ${goal}`),
    );
  };

  const form = (node, pledge, data, detail) => {
    const spec = data.form;
    const types = pledge.signerTypes;
    const summary = h("div", { class: "s", role: "alert", tabindex: -1, hidden: true });
    const status = h("p", { role: "status", "aria-live": "polite" });
    const button = h("button", { class: "b", type: "submit" }, "Sign the pledge");
    const fields = [];
    const errorOf = (name) => h("p", { class: "e", id: `e-${name}`, hidden: true });
    const choose = h(
      "fieldset",
      { class: "f", "data-f": "signerType", hidden: types.length < 2 },
      h("legend", {}, spec.signerType.label),
      errorOf("signerType"),
      ...spec.signerType.choices
        .filter(([value]) => types.includes(value))
        .map(([value, label], index) =>
          h("label", { class: "r" }, h("input", { type: "radio", name: "signerType", value, checked: index === 0 }), label),
        ),
    );
    for (const field of spec.fields) {
      if (!field.types.some((type) => types.includes(type))) continue;
      const control =
        field.input === "select"
          ? h("select", { id: field.name, name: field.name }, ...field.choices.map(([value, label]) => h("option", { value }, label)))
          : h("input", { id: field.name, name: field.name, type: field.input, autocomplete: field.autocomplete });
      control.setAttribute("aria-describedby", `e-${field.name}`);
      const box = h("div", { class: "f", "data-f": field.name }, h("label", { for: field.name }, field.label), errorOf(field.name), control);
      fields.push([box, field]);
    }
    const consents = h(
      "fieldset",
      { class: "f" },
      h("legend", {}, "Your choices"),
      ...spec.consents.map(({ name, label }) => h("label", { class: "r" }, h("input", { type: "checkbox", name }), label)),
    );
    const privacy = h(
      "p",
      { class: "p" },
      "We use your details only for this pledge",
      data.privacyUrl && [": read our ", h("a", { href: data.privacyUrl, target: "_blank", rel: "noopener" }, "privacy notice")],
      ". We'll email you a link to confirm.",
    );
    const trap = h("div", { class: "t", "aria-hidden": "true" }, h("label", {}, spec.honeypot, h("input", { name: "website", tabindex: -1, autocomplete: "off" })));
    const root = h("form", { novalidate: true }, summary, choose, ...fields.map(([box]) => box), consents, trap, privacy, button, status);

    // Only the fields for the chosen kind of signer are shown and sent.
    const kind = () => (root.querySelector("input[name=signerType]:checked") || {}).value || types[0];
    const refresh = () => fields.forEach(([box, field]) => (box.hidden = !field.types.includes(kind())));
    root.addEventListener("change", refresh);
    refresh();

    // A fresh form token on first focus: the data is cached.
    let token;
    const tokenFor = () =>
      (token = token || graphql("query($id:ID!){pledgeFormToken(pledgeId:$id)}", { id: pledge.id }).then((r) => r.pledgeFormToken));
    root.addEventListener("focusin", () => tokenFor().catch(() => (token = null)), { once: true });

    const showErrors = (errors) => {
      const list = h("ul");
      for (const error of errors) {
        const box = error.field && root.querySelector(`[data-f="${error.field}"]:not([hidden])`);
        if (box) {
          const message = box.querySelector(".e");
          message.textContent = error.message;
          message.hidden = false;
          const control = box.querySelector("input,select");
          control.setAttribute("aria-invalid", "true");
          list.append(h("li", {}, h("a", { href: `#${control.id || ""}` }, error.message)));
        } else {
          list.append(h("li", {}, error.message));
        }
      }
      summary.replaceChildren(h("p", {}, h("strong", {}, "There is a problem")), list);
      summary.hidden = false;
      summary.focus();
    };
    summary.addEventListener("click", (event) => {
      const link = event.target.closest("a");
      const target = link && root.querySelector(link.getAttribute("href"));
      if (target) event.preventDefault(), target.focus();
    });

    root.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (button.disabled) return;
      button.disabled = true;
      status.textContent = "Sending…";
      summary.hidden = true;
      root.querySelectorAll(".e").forEach((message) => (message.hidden = true));
      root.querySelectorAll("[aria-invalid]").forEach((control) => control.removeAttribute("aria-invalid"));
      try {
        const input = { pledgeId: pledge.id, partner: data.partner.slug, formToken: await tokenFor(), ...utm() };
        for (const control of root.elements) {
          if (!control.name || control.closest("[hidden]") && control.name !== "signerType") continue;
          if (control.type === "radio") control.checked && (input.signerType = control.value.toUpperCase());
          else if (control.type === "checkbox") input[control.name] = control.checked;
          else if (control.value) input[control.name] = control.value;
        }
        if (data.challenge) input.challenge = await solve();
        const result = (await graphql(SIGN, { input })).signPledge;
        status.textContent = "";
        if (!result.ok) return showErrors(result.errors);
        const share = h("ul", { class: "x" }, ...pledge.share.map(([name, href]) => h("li", {}, h("a", { href, target: "_blank", rel: "noopener" }, name))));
        const thanks = h("div", { role: "status", tabindex: -1 }, h("p", {}, h("strong", {}, result.message)), rich(pledge.thankYou), h("p", {}, "Ask others to sign:"), share);
        root.replaceWith(thanks);
        thanks.focus();
        fire(node, "signed", detail);
      } catch {
        status.textContent = "";
        showErrors([{ message: "Your signature could not be sent. Please try again, or sign on our website." }]);
        summary.append(h("p", {}, h("a", { href: pledge.url, target: "_blank", rel: "noopener" }, "Sign on our website")));
      } finally {
        button.disabled = false;
      }
    });
    return root;
  };

  const mount = (node, data) => {
    const slug = node.dataset.keepitlocalPledge;
    const pledge = data.pledges[slug];
    const detail = { pledge: slug, partner: node.dataset.partner || "", count: pledge ? pledge.count : null };
    if (!pledge || !data.partner) return fire(node, "error", detail);
    const variant = /^(compact|counter)$/.test(node.dataset.variant) ? node.dataset.variant : "full";
    const body = h("section", { class: "w", "aria-labelledby": "t" }, h("h2", { id: "t" }, pledge.title));
    body.append(variant === "full" ? rich(pledge.statement) : h("p", {}, pledge.summary), counter(pledge));
    if (variant === "counter" || !pledge.isOpen) {
      const label = pledge.isOpen ? "Sign the pledge" : "This pledge is closed: read it";
      body.append(h("p", {}, h("a", { class: "b", href: pledge.url, target: "_blank", rel: "noopener" }, label)));
    } else {
      body.append(form(node, pledge, data, detail));
    }
    const accent = new CSSStyleSheet();
    accent.replaceSync(`:host{--a:${usable(node.dataset.accent) ? node.dataset.accent : ACCENT}}`);
    sheet = sheet || new CSSStyleSheet();
    if (!sheet.cssRules.length) sheet.replaceSync(CSS);
    const root = node.shadowRoot || node.attachShadow({ mode: "open" });
    root.adoptedStyleSheets = [sheet, accent];
    root.replaceChildren(body);
    fire(node, "loaded", detail);
  };

  // One data request per partner on the page.
  const start = () => {
    const groups = {};
    for (const node of d.querySelectorAll("[data-keepitlocal-pledge]")) {
      if (seen.has(node)) continue;
      seen.add(node);
      (groups[node.dataset.partner || ""] = groups[node.dataset.partner || ""] || []).push(node);
    }
    for (const [partner, nodes] of Object.entries(groups)) {
      const slugs = [...new Set(nodes.map((node) => node.dataset.keepitlocalPledge))].sort().join(",");
      const url = `${BASE}/embed/v1/data/?pledges=${encodeURIComponent(slugs)}&partner=${encodeURIComponent(partner)}`;
      const failed = (node) => fire(node, "error", { pledge: node.dataset.keepitlocalPledge, partner, count: null });
      request(url)
        .then((data) => nodes.forEach((node) => {
          try {
            mount(node, data);
          } catch {
            failed(node);
          }
        }))
        .catch(() => nodes.forEach(failed));
    }
  };

  // Iframe widgets report their height; only ours are heard.
  w.addEventListener("message", (event) => {
    if (event.origin !== ORIGIN || !event.data || event.data.type !== "keepitlocal:resize") return;
    for (const frame of d.getElementsByTagName("iframe")) {
      if (frame.contentWindow === event.source) frame.style.height = `${Math.min(Number(event.data.height) || 0, 4000)}px`;
    }
  });

  NS.start = start; // for pages that add placeholders later
  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", start);
  else start();
})();
