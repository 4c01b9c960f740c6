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

  const graphql = async (query, variables, headers = {}) => {
    const response = await fetch("/graphql/", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", ...headers },
      credentials: "same-origin",
      body: JSON.stringify({ query, variables }),
    });
    return response.json();
  };

  // ALTCHA proof of work, solved in the browser: find n with sha256(salt + n) == challenge.
  const solve = async (challenge) => {
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

  const solveChallenge = async () => {
    const { data } = await graphql("{ pledgeChallenge }", {});
    return data && data.pledgeChallenge ? solve(JSON.parse(data.pledgeChallenge)) : "";
  };

  // Errors beside their fields and in a summary, as the server renders them after a plain post.
  class FormErrors {
    constructor(form) {
      this.form = form;
      this.summary = form.querySelector("[data-error-summary]");
    }

    clear() {
      this.form.querySelectorAll("[data-invalid]").forEach((field) => field.removeAttribute("data-invalid"));
      this.form.querySelectorAll(".field__error").forEach((error) => { error.hidden = true; error.textContent = ""; });
      this.form.querySelectorAll("[aria-invalid]").forEach((input) => input.removeAttribute("aria-invalid"));
      if (!this.summary) return;
      this.summary.hidden = true;
      this.summary.textContent = "";
    }

    show(errors) {
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
      if (!this.summary) {
        // A one-field form (editing a comment): the message sits beside the field.
        const invalid = this.form.querySelector("[aria-invalid]");
        if (invalid) invalid.focus();
        return;
      }
      const title = document.createElement("h3");
      title.className = "error-summary__title";
      title.textContent = "There is a problem";
      this.summary.replaceChildren(title, list);
      this.summary.hidden = false;
      this.summary.focus();
    }
  }

  // Signs a pledge without leaving the page; the form still works as a plain POST.
  class SignForm {
    constructor(form) {
      this.form = form;
      this.status = form.querySelector("[data-sign-status]");
      this.errors = new FormErrors(form);
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

    async submit(event) {
      event.preventDefault();
      const button = this.form.querySelector("button[type=submit]");
      button.disabled = true;
      this.errors.clear();
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
        this.errors.show(result.errors);
      } catch {
        // Fall back to the plain form post, which reports errors itself.
        this.form.submit();
        return;
      } finally {
        button.disabled = false;
      }
    }
  }

  const COMMENT_FIELDS = "id name website bodyHtml createdAt state editableUntil parentId depth";
  const ERROR_FIELDS = "errors { field code message retryAfter }";
  const COMMENT_API = {
    create: `mutation Comment($input: CreateReaderCommentInput!) {
      createReaderComment(input: $input) { state authorToken comment { ${COMMENT_FIELDS} } ${ERROR_FIELDS} } }`,
    edit: `mutation Edit($input: EditReaderCommentInput!) {
      editReaderComment(input: $input) { comment { ${COMMENT_FIELDS} } ${ERROR_FIELDS} } }`,
    remove: `mutation Delete($input: DeleteReaderCommentInput!) {
      deleteReaderComment(input: $input) { ok ${ERROR_FIELDS} } }`,
    report: `mutation Report($input: ReportReaderCommentInput!) {
      reportReaderComment(input: $input) { ok ${ERROR_FIELDS} } }`,
    own: `query Own($token: String!) { ownReaderComment(token: $token) { ${COMMENT_FIELDS} } }`,
    challenge: "query Challenge($page: ID!) { readerCommentSettings(page: $page) { challenge } }",
    token: "query Token($page: ID!) { readerCommentSettings(page: $page) { formToken } }",
  };
  const PUBLISHED = "PUBLISHED";

  // Author tokens of comments posted from this tab, so their Edit and Delete survive a reload.
  const ownComments = {
    key: "kil-comments",
    all() {
      try { return JSON.parse(window.sessionStorage.getItem(this.key)) || {}; } catch { return {}; }
    },
    save(all) {
      try { window.sessionStorage.setItem(this.key, JSON.stringify(all)); } catch { /* storage full or off */ }
    },
    get(id) { return this.all()[id]; },
    set(id, entry) { this.save({ ...this.all(), [id]: entry }); },
    forget(id) { const all = this.all(); delete all[id]; this.save(all); },
  };

  // The server cleans comment HTML; this keeps only what it may hold (p, br, http(s)
  // links) anyway, parsing in an inert <template> so nothing runs while it is checked.
  const safeCommentHtml = (html) => {
    const template = document.createElement("template");
    template.innerHTML = html;
    const clean = (node) => {
      for (const child of [...node.childNodes]) {
        if (child.nodeType === Node.TEXT_NODE) continue;
        const tag = child.nodeType === Node.ELEMENT_NODE ? child.tagName : "";
        const href = tag === "A" ? child.getAttribute("href") || "" : "";
        if (tag === "P" || tag === "BR" || (tag === "A" && /^https?:/i.test(href))) {
          for (const attribute of [...child.attributes]) {
            if (!(tag === "A" && attribute.name === "href")) child.removeAttribute(attribute.name);
          }
          if (tag === "A") child.rel = "nofollow ugc noopener";
          clean(child);
        } else {
          child.replaceWith(document.createTextNode(child.textContent || ""));
        }
      }
    };
    clean(template.content);
    return template.content;
  };

  const localTime = (iso, options) => new Date(iso).toLocaleString("en-GB", options);

  // A copy of a <template>, its __ID__ placeholders set to `id`.
  const fromTemplate = (template, id) => {
    const fragment = template.content.cloneNode(true);
    fragment.querySelectorAll("*").forEach((element) => {
      for (const attribute of element.attributes) {
        if (attribute.value.includes("__ID__")) attribute.value = attribute.value.replaceAll("__ID__", id);
      }
    });
    return fragment.firstElementChild;
  };

  // The comment section: posts, replies, edits, deletes and reports without a reload.
  // Each form still works as a plain POST, which is what happens if anything here fails.
  class CommentSection {
    constructor(section) {
      this.section = section;
      this.pageId = section.dataset.pageId;
      this.status = section.querySelector("[data-comment-status]");
      this.commentTemplate = section.querySelector("[data-comment-template]");
      this.reportTemplate = section.querySelector("[data-report-template]");
      this.respond = section.querySelector("[data-respond]");
      this.form = section.querySelector("[data-comment-form]");
      if (this.form) {
        this.errors = new FormErrors(this.form);
        this.home = document.createElement("div");
        this.home.hidden = true;
        this.respond.before(this.home); // where the form goes back to after a reply
      }
      section.addEventListener("click", (event) => this.click(event));
      section.addEventListener("submit", (event) => this.submit(event));
      this.restore();
    }

    say(text) {
      this.status.textContent = text;
    }

    comment(id) {
      return this.section.querySelector(`[data-comment="${CSS.escape(String(id))}"]`);
    }

    click(event) {
      const target = event.target.closest("[data-reply], [data-cancel-reply], [data-report], [data-report-cancel]");
      if (!target) return;
      event.preventDefault();
      if (target.hasAttribute("data-reply")) this.replyTo(target.dataset.reply);
      else if (target.hasAttribute("data-cancel-reply")) this.cancelReply();
      else if (target.hasAttribute("data-report")) this.openReport(target);
      else this.closeReport(target.closest("[data-report-form]"));
    }

    submit(event) {
      const form = event.target;
      if (form === this.form) this.post(event);
      else if (form.matches("[data-comment-edit]")) this.edit(event, form);
      else if (form.matches("[data-comment-delete]")) this.remove(event, form);
      else if (form.matches("[data-report-form]")) this.report(event, form);
    }

    // Replies: the one form moves under the comment, and back again.
    replyTo(id) {
      const comment = this.comment(id);
      if (!comment || !this.form) return;
      const name = comment.querySelector("[data-comment-author]").textContent.trim();
      comment.querySelector(".comment__card").after(this.respond);
      this.form.elements.parent.value = id;
      this.respond.querySelector("#respond-heading").textContent = `Reply to ${name}`;
      this.respond.querySelector("[data-reply-text]").textContent = `Replying to ${name}.`;
      this.respond.querySelector("[data-reply-note]").hidden = false;
      this.form.elements.body.focus();
    }

    cancelReply() {
      this.home.after(this.respond);
      this.form.elements.parent.value = "";
      this.respond.querySelector("#respond-heading").textContent = "Leave a comment";
      this.respond.querySelector("[data-reply-note]").hidden = true;
      this.form.elements.body.focus();
    }

    input() {
      const data = new FormData(this.form);
      const input = {};
      for (const [name, value] of data.entries()) {
        if (name !== "csrfmiddlewaretoken" && name !== "notify_replies") input[camel(name)] = value;
      }
      input.notifyReplies = data.has("notify_replies");
      if (!input.parent) delete input.parent;
      return input;
    }

    // A signed-in commenter's session counts only with the CSRF token (the page carries one).
    headers() {
      const csrf = this.form.elements.csrfmiddlewaretoken;
      return csrf ? { "X-CSRFToken": csrf.value } : {};
    }

    async challenge() {
      const { data } = await graphql(COMMENT_API.challenge, { page: this.pageId });
      const challenge = data && data.readerCommentSettings.challenge;
      return challenge ? solve(JSON.parse(challenge)) : "";
    }

    async send() {
      const input = this.input();
      if (this.form.hasAttribute("data-challenge-required")) input.challenge = await this.challenge();
      const { data, errors } = await graphql(COMMENT_API.create, { input }, this.headers());
      if (errors || !data) throw new Error("API error");
      return data.createReaderComment;
    }

    async post(event) {
      event.preventDefault();
      const button = this.form.querySelector("button[type=submit]");
      button.disabled = true;
      this.errors.clear();
      this.say("Sending your comment…");
      try {
        let result = await this.send();
        if (result.errors.some((error) => error.field === "formToken")) {
          // The page was open for longer than a form token lasts: fetch a fresh one, once.
          const { data } = await graphql(COMMENT_API.token, { page: this.pageId });
          this.form.elements.form_token.value = data.readerCommentSettings.formToken || "";
          result = await this.send();
        }
        if (result.errors.length) {
          this.say("");
          this.errors.show(result.errors);
          return;
        }
        const placed = result.comment && this.insert(result.comment, result.authorToken, this.form.elements.body.value);
        this.form.elements.body.value = "";
        if (this.form.elements.parent.value) this.cancelReply();
        this.say(result.state === PUBLISHED
          ? "Thank you: your comment is published."
          : "Thank you: your comment is awaiting moderation. Only you can see it until a moderator approves it.");
        if (placed) {
          placed.tabIndex = -1;
          placed.focus();
        }
      } catch {
        this.form.submit();
      } finally {
        button.disabled = false;
      }
    }

    fill(element, comment) {
      const author = element.querySelector("[data-comment-author]");
      if (/^https?:\/\//i.test(comment.website || "")) {
        const link = document.createElement("a");
        link.href = comment.website;
        link.rel = "nofollow ugc noopener";
        link.textContent = comment.name;
        author.replaceChildren(link);
      } else {
        author.textContent = comment.name;
      }
      const time = element.querySelector("[data-comment-time]");
      time.dateTime = comment.createdAt;
      time.textContent = localTime(comment.createdAt, { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" });
      element.querySelector("[data-comment-text]").replaceChildren(safeCommentHtml(comment.bodyHtml));
      this.markState(element, comment.state);
    }

    markState(element, state) {
      const note = element.querySelector("[data-comment-pending]");
      element.classList.toggle("comment--pending", state !== PUBLISHED);
      if (state === PUBLISHED && note) note.remove();
      if (state !== PUBLISHED && !note) {
        const copy = this.commentTemplate.content.querySelector("[data-comment-pending]").cloneNode(true);
        element.querySelector("[data-comment-text]").before(copy);
      }
    }

    ownControls(element, comment, body) {
      const controls = element.querySelector("[data-own-controls]");
      const until = controls.querySelector("[data-own-until]");
      until.dateTime = comment.editableUntil;
      until.textContent = localTime(comment.editableUntil, { hour: "2-digit", minute: "2-digit" });
      controls.querySelector("[data-own-body]").value = body;
    }

    // Puts the author's comment where it belongs: under its parent, or at the end.
    insert(comment, token, body) {
      const element = fromTemplate(this.commentTemplate, comment.id);
      element.dataset.depth = comment.depth;
      this.fill(element, comment);
      this.ownControls(element, comment, body);
      ownComments.set(comment.id, { token, body, page: this.pageId });
      const parent = comment.parentId && this.comment(comment.parentId);
      let list = parent ? parent.querySelector(":scope > [data-comment-list]") : this.section.querySelector('[data-comment-list="top"]');
      if (parent && !list) {
        list = document.createElement("ol");
        list.className = "comments__list comments__list--replies";
        list.setAttribute("data-comment-list", "");
        parent.append(list);
      }
      if (!list) return null;
      list.append(element);
      const empty = this.section.querySelector("[data-comments-empty]");
      if (empty) empty.hidden = true;
      return element;
    }

    // After a reload: the tab's own comments, back in place with their controls.
    async restore() {
      const mine = Object.entries(ownComments.all()).filter(([, entry]) => entry.page === this.pageId);
      for (const [id, entry] of mine) {
        try {
          const { data } = await graphql(COMMENT_API.own, { token: entry.token });
          const comment = data && data.ownReaderComment;
          if (!comment) {
            ownComments.forget(id);
            continue;
          }
          const shown = this.comment(id);
          if (!shown) {
            this.insert(comment, entry.token, entry.body);
          } else if (!shown.querySelector("[data-own-controls]")) {
            const controls = fromTemplate(this.commentTemplate, id).querySelector("[data-own-controls]");
            shown.querySelector(".comment__card").append(controls);
            this.ownControls(shown, comment, entry.body);
          }
        } catch {
          return; // the API is away: the page still shows every published comment
        }
      }
    }

    // Edit and Delete use the tab's token; without one (the no-JS cookie) the form posts.
    async edit(event, form) {
      const id = form.dataset.commentEdit;
      const entry = ownComments.get(id);
      if (!entry) return;
      event.preventDefault();
      const errors = new FormErrors(form);
      const body = form.elements.body.value;
      try {
        const { data } = await graphql(COMMENT_API.edit, { input: { token: entry.token, body } });
        const result = data.editReaderComment;
        errors.clear();
        if (result.errors.length) {
          errors.show(result.errors);
          return;
        }
        const element = this.comment(id);
        element.querySelector("[data-comment-text]").replaceChildren(safeCommentHtml(result.comment.bodyHtml));
        this.markState(element, result.comment.state);
        ownComments.set(id, { ...entry, body });
        form.closest("details").open = false;
        this.say(result.comment.state === PUBLISHED ? "Your comment is updated." : "Your comment is updated and awaiting moderation.");
      } catch {
        this.say("Your comment could not be updated. Please try again.");
      }
    }

    async remove(event, form) {
      const id = form.dataset.commentDelete;
      const entry = ownComments.get(id);
      if (!entry) return;
      event.preventDefault();
      try {
        const { data } = await graphql(COMMENT_API.remove, { input: { token: entry.token } });
        const result = data.deleteReaderComment;
        if (!result.ok) {
          this.say(result.errors.map((error) => error.message).join(" "));
          return;
        }
        ownComments.forget(id);
        this.comment(id).remove();
        const heading = this.section.querySelector("#comments-heading");
        heading.tabIndex = -1;
        heading.focus();
        this.say("Your comment is deleted.");
      } catch {
        this.say("Your comment could not be deleted. Please try again.");
      }
    }

    // Report: a form under the comment instead of a page of its own.
    openReport(link) {
      const id = link.dataset.report;
      const open = this.section.querySelector(`[data-report-form="${CSS.escape(id)}"]`);
      const form = open || fromTemplate(this.reportTemplate, id);
      if (!open) link.closest(".comment__actions").after(form);
      form.querySelector("input").focus();
    }

    closeReport(form) {
      const link = this.section.querySelector(`[data-report="${CSS.escape(form.dataset.reportForm)}"]`);
      form.remove();
      link.focus();
    }

    async report(event, form) {
      event.preventDefault();
      const errors = new FormErrors(form);
      errors.clear();
      const reason = form.querySelector("input[name=reason]:checked");
      if (!reason) {
        errors.show([{ field: "reason", message: "Choose a reason for the report." }]);
        return;
      }
      const input = { comment: form.dataset.reportForm, reason: reason.value.toUpperCase(), detail: form.elements.detail.value };
      try {
        const { data } = await graphql(COMMENT_API.report, { input });
        const result = data.reportReaderComment;
        if (!result.ok) {
          errors.show(result.errors);
          return;
        }
        const thanks = document.createElement("p");
        thanks.className = "notice";
        thanks.tabIndex = -1;
        thanks.textContent = "Thank you for your report. A moderator will look at the comment.";
        form.replaceWith(thanks);
        thanks.focus();
        this.say(thanks.textContent);
      } catch {
        form.action = `/comments/report/${encodeURIComponent(form.dataset.reportForm)}/`;
        form.submit();
      }
    }
  }

  const init = () => {
    if (window.fetch && window.FormData) {
      document.querySelectorAll("[data-sign-form]").forEach((form) => new SignForm(form));
      document.querySelectorAll("[data-comments]").forEach((section) => new CommentSection(section));
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
