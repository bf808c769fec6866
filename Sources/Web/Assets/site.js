// Shared by every page: the API key kept in this browser's local storage, and the copy buttons of code blocks
// (hidden until this script shows them, so a page without scripts shows none).
"use strict";
(function () {
  const STORAGE_KEY = "swiftlet.apiKey";

  /** The pasted key: read and written in local storage only (never put in a URL). */
  const key = {
    get() {
      try { return localStorage.getItem(STORAGE_KEY) || ""; } catch (_) { return ""; }
    },
    set(value) {
      try {
        if (value) localStorage.setItem(STORAGE_KEY, value); else localStorage.removeItem(STORAGE_KEY);
      } catch (_) { /* storage disabled: the key lives as long as the page */ }
    },
  };

  async function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return;
    }
    // Plain http on another host is not a secure context: fall back to a selection.
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }

  /** Shows and wires the copy buttons under `root`. */
  function setUpCopy(root) {
    for (const button of root.querySelectorAll("button.copy")) {
      if (button.dataset.ready) continue;
      button.dataset.ready = "1";
      button.hidden = false;
      if (button.dataset.copyLabel) button.setAttribute("aria-label", "Copy the " + button.dataset.copyLabel + " code");
      button.addEventListener("click", async () => {
        const target = button.dataset.copyTarget
          ? document.getElementById(button.dataset.copyTarget)
          : button.parentElement.querySelector("code");
        if (!target) return;
        const text = "value" in target && target.tagName === "INPUT" ? target.value : target.textContent;
        try {
          await copyText(text);
          button.textContent = "Copied";
        } catch (_) {
          button.textContent = "Press Ctrl+C";
        }
        setTimeout(() => { button.textContent = "Copy"; }, 1500);
      });
    }
  }

  window.Swiftlet = { key, setUpCopy };
  setUpCopy(document);
})();
