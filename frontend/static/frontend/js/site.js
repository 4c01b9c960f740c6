// Progressive enhancements only: every page works without this file.
(() => {
  "use strict";

  // "Copy link" buttons beside share links; hidden unless the Clipboard API exists.
  class CopyLink {
    constructor(button) {
      this.button = button;
      this.label = button.textContent;
      button.hidden = false;
      button.addEventListener("click", () => this.copy());
    }

    async copy() {
      try {
        await navigator.clipboard.writeText(this.button.dataset.copyLink);
        this.say("Link copied");
      } catch {
        this.say("Could not copy");
      }
    }

    say(text) {
      this.button.textContent = text;
      window.setTimeout(() => { this.button.textContent = this.label; }, 2000);
    }
  }

  const SIGN_MUTATION = `mutation Sign($input: SignPledgeInput!) {
    signPledge(input: $input) { ok message errors { field code message retryAfter } }
  }`;
  const camel = (name) => name.replace(/_([a-z])/g, (_, letter) => letter.toUpperCase());
  const snake = (name) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

  const graphql = async (query, variables) => {
    const response = await fetch("/graphql/", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    return response.json();
  };

  // ALTCHA proof of work, solved in the browser: find n with sha256(salt + n) == challenge.
  const solveChallenge = async () => {
    const { data } = await graphql("{ pledgeChallenge }", {});
    if (!data || !data.pledgeChallenge) return "";
    const challenge = JSON.parse(data.pledgeChallenge);
    const encoder = new TextEncoder();
    for (let number = 0; number <= challenge.maxNumber; number += 1) {
      const digest = await crypto.subtle.digest("SHA-256", encoder.encode(challenge.salt + number));
      const hex = Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
      if (hex === challenge.challenge) {
        const payload = { algorithm: challenge.algorithm, challenge: challenge.challenge, number, salt: challenge.salt, signature: challenge.signature };
        return btoa(JSON.stringify(payload));
      }
    }
    return "";
  };

  // Signs a pledge without leaving the page; the form still works as a plain POST.
  class SignForm {
    constructor(form) {
      this.form = form;
      this.status = form.querySelector("[data-sign-status]");
      this.summary = form.querySelector("[data-error-summary]");
      form.addEventListener("submit", (event) => this.submit(event));
    }

    input() {
      const data = new FormData(this.form);
      const input = { pledgeId: this.form.dataset.pledgeId };
      for (const [name, value] of data.entries()) {
        if (name === "partner_slug") input.partner = value;
        else if (name === "signer_type" || name === "endorsement") input[camel(name)] = value ? value.toUpperCase().replace(/-/g, "_") : null;
        else input[camel(name)] = value;
      }
      input.showName = data.has("show_name");
      input.sendUpdates = data.has("send_updates");
      if (input.endorsement === "LEADER_CEO") input.endorsement = "LEADER_AND_CHIEF_EXECUTIVE";
      else if (input.endorsement === "CABINET") input.endorsement = "CABINET_DECISION";
      if (!input.endorsement) delete input.endorsement;
      if (!input.signerType) delete input.signerType;
      return input;
    }

    clearErrors() {
      this.form.querySelectorAll("[data-invalid]").forEach((field) => field.removeAttribute("data-invalid"));
      this.form.querySelectorAll(".field__error").forEach((error) => { error.hidden = true; error.textContent = ""; });
      this.form.querySelectorAll("[aria-invalid]").forEach((input) => input.removeAttribute("aria-invalid"));
      this.summary.hidden = true;
      this.summary.textContent = "";
    }

    showErrors(errors) {
      const list = document.createElement("ul");
      for (const error of errors) {
        const name = error.field ? snake(error.field) : null;
        const field = name && this.form.querySelector(`[data-field="${name}"]`);
        const item = document.createElement("li");
        if (field) {
          field.setAttribute("data-invalid", "");
          const message = field.querySelector(".field__error");
          message.textContent = error.message;
          message.hidden = false;
          const control = field.querySelector("input, select, textarea");
          if (control) control.setAttribute("aria-invalid", "true");
          const link = document.createElement("a");
          link.href = `#${control ? control.id : ""}`;
          link.textContent = error.message;
          item.append(link);
        } else {
          item.textContent = error.message;
        }
        list.append(item);
      }
      const title = document.createElement("h3");
      title.className = "error-summary__title";
      title.textContent = "There is a problem";
      this.summary.replaceChildren(title, list);
      this.summary.hidden = false;
      this.summary.focus();
    }

    async submit(event) {
      event.preventDefault();
      const button = this.form.querySelector("button[type=submit]");
      button.disabled = true;
      this.clearErrors();
      this.status.textContent = "Sending…";
      try {
        const input = this.input();
        if (this.form.hasAttribute("data-challenge-required")) input.challenge = await solveChallenge();
        const { data, errors } = await graphql(SIGN_MUTATION, { input });
        if (errors || !data) throw new Error("API error");
        const result = data.signPledge;
        if (result.ok && this.form.dataset.thanksUrl) {
          window.location.assign(this.form.dataset.thanksUrl); // the iframe widget's own page
          return;
        }
        if (result.ok) {
          const thanks = document.createElement("div");
          thanks.className = "notice";
          thanks.setAttribute("role", "status");
          thanks.setAttribute("tabindex", "-1");
          thanks.textContent = result.message;
          this.form.replaceWith(thanks);
          thanks.focus();
          return;
        }
        this.status.textContent = "";
        this.showErrors(result.errors);
      } catch {
        // Fall back to the plain form post, which reports errors itself.
        this.form.submit();
        return;
      } finally {
        button.disabled = false;
      }
    }
  }

  const init = () => {
    if (window.fetch && window.FormData) {
      document.querySelectorAll("[data-sign-form]").forEach((form) => new SignForm(form));
    }
    if (navigator.clipboard) {
      document.querySelectorAll("[data-copy-link]").forEach((button) => new CopyLink(button));
    }
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
