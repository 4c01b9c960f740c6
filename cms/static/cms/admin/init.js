// Starts the admin widgets that Wagtail would start with inline scripts
// (refused by our CSP). cms/admin_scripts.py prints each start-up call as
// <script type="application/json" data-admin-init="NAME">[arguments]</script>;
// this makes the call once the widget scripts have loaded, and again for
// forms added later (InlinePanel rows, choosers in modals).
(() => {
  "use strict";
  const CALLS = new Set(["initDateChooser", "initTimeChooser", "initDateTimeChooser"]);
  const CONSTRUCTORS = new Set([
    "InlinePanel", "MultipleChooserPanel", "PageChooser", "ImageChooser",
    "DocumentChooser", "SnippetChooser", "Chooser",
  ]);
  const SELECTOR = "script[data-admin-init]";
  const started = new WeakSet();

  const start = (element) => {
    if (started.has(element) || !element.isConnected) return;
    // Inside an InlinePanel's empty-form <template> an id still says __prefix__.
    if (element.closest("template")) return;
    started.add(element);
    const name = element.dataset.adminInit;
    const target = window[name];
    if (typeof target !== "function" || !(CALLS.has(name) || CONSTRUCTORS.has(name))) return;
    const args = JSON.parse(element.textContent);
    if (CONSTRUCTORS.has(name)) new target(...args);
    else target(...args);
  };

  const startWithin = (node) => {
    if (!(node instanceof Element)) return;
    if (node.matches(SELECTOR)) start(node);
    node.querySelectorAll(SELECTOR).forEach(start);
  };

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(SELECTOR).forEach(start);
    new MutationObserver((records) => {
      records.forEach((record) => record.addedNodes.forEach(startWithin));
    }).observe(document.body, { childList: true, subtree: true });
  });
})();
