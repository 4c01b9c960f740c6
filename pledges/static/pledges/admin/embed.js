// Copy buttons for the partner Embed view. Without this script the buttons stay
// hidden and the code is plain, selectable text in read-only text areas.
(() => {
  const status = document.querySelector("[data-embed-copy-status]");

  const say = (message) => {
    if (status) status.textContent = message;
  };

  const copy = async (textarea) => {
    try {
      await navigator.clipboard.writeText(textarea.value);
      return true;
    } catch {
      // No clipboard API (plain http, or permission refused): select it for Ctrl+C.
      textarea.focus();
      textarea.select();
      return false;
    }
  };

  document.querySelectorAll("[data-embed-copy]").forEach((button) => {
    const textarea = document.getElementById(button.dataset.embedCopy);
    if (!textarea) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const label = textarea.labels[0]?.textContent.trim() || "The code";
      say(
        (await copy(textarea))
          ? `${label}: copied.`
          : `${label}: selected; press Ctrl+C or ⌘C to copy it.`,
      );
    });
  });
})();
