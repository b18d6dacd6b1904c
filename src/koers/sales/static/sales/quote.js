// The quote page: a refused line (422) answers with the lines and the message next to the
// field, which HTMX swaps in like a success (it leaves 4xx answers out by default).
(() => {
  "use strict";
  document.addEventListener("htmx:beforeSwap", (event) => {
    const elt = event.detail.elt;
    if (event.detail.xhr.status === 422 && elt && elt.closest && elt.closest("[data-quote]")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();

// "Copy" beside a link made by hand: copies the field named by `data-copy` (and selects it, so
// that a browser without clipboard access still lets the user copy it themselves).
(() => {
  "use strict";
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("button[data-copy]");
    if (!button) return;
    const field = document.getElementById(button.dataset.copy);
    if (!field) return;
    field.select();
    if (navigator.clipboard) {
      navigator.clipboard.writeText(field.value).then(() => {
        button.textContent = button.dataset.copied || button.textContent;
      }, () => {});
    }
  });
})();
