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
