// The iframe widget tells its host page how tall it is, so pledge.js on the
// host can size the frame. Only to an origin the partner listed: nothing
// about the frame goes to a page that framed it without permission.
(() => {
  "use strict";
  if (window.parent === window) return;
  let allowed = [];
  try {
    allowed = JSON.parse(document.body.dataset.parentOrigins || "[]");
  } catch {
    return;
  }
  const ancestors = window.location.ancestorOrigins;
  let parent = ancestors && ancestors.length ? ancestors[0] : "";
  if (!parent && document.referrer) parent = new URL(document.referrer).origin;
  if (!allowed.includes(parent)) return;
  const tell = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    window.parent.postMessage({ type: "keepitlocal:resize", height }, parent);
  };
  new ResizeObserver(tell).observe(document.documentElement);
  tell();
})();
