// The pipeline board: drag a card to another column. Native HTML5 drag events; the drop picks
// the column's stage in the card's own stage menu and submits it, so a drag and the menu (the
// keyboard's and the phone's way) send the same request (HTMX) and get the same answers.
(function () {
  "use strict";
  let dragged = null;

  function menuOf(card) {
    return card ? card.querySelector("select[name='move-to']") : null;
  }

  function accepts(column, card) {
    const menu = menuOf(card);
    const stage = column && column.dataset.column;
    return Boolean(menu && stage && stage !== card.dataset.stage &&
      Array.from(menu.options).some((option) => option.value === stage));
  }

  function clearTargets() {
    document.querySelectorAll("[data-column].drop-target").forEach((el) => el.classList.remove("drop-target"));
  }

  document.addEventListener("dragstart", (event) => {
    const card = event.target.closest && event.target.closest("[data-card][draggable=true]");
    if (!card) {
      return;
    }
    dragged = card;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.id);
    card.classList.add("dragging");
  });

  document.addEventListener("dragend", () => {
    if (dragged) {
      dragged.classList.remove("dragging");
    }
    dragged = null;
    clearTargets();
  });

  document.addEventListener("dragover", (event) => {
    const column = event.target.closest && event.target.closest("[data-board] [data-column]");
    if (column && accepts(column, dragged)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      if (!column.classList.contains("drop-target")) {
        clearTargets();
        column.classList.add("drop-target");
      }
    }
  });

  document.addEventListener("drop", (event) => {
    const column = event.target.closest && event.target.closest("[data-board] [data-column]");
    const card = dragged || document.getElementById(event.dataTransfer.getData("text/plain"));
    clearTargets();
    if (!column || !accepts(column, card)) {
      return;
    }
    event.preventDefault();
    const menu = menuOf(card);
    menu.value = column.dataset.column;
    menu.form.requestSubmit();
  });

  // A refused move (422) answers with the card and the message next to the field: show it.
  document.addEventListener("htmx:beforeSwap", (event) => {
    const elt = event.detail.elt;
    if (event.detail.xhr.status === 422 && elt && elt.closest && elt.closest("[data-card]")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
