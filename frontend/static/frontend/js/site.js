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

  const init = () => {
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
