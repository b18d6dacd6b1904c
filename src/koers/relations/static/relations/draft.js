// A report is written on a phone, often on a poor connection. What is typed is kept in this
// browser (localStorage) as it is typed, and offered again when the form opens empty-handed
// after a failed save; the activity's page clears it once the report is saved.
(function () {
  "use strict";
  const prefix = "koers-draft:";

  function fields(form) {
    return Array.from(form.elements).filter(
      // A photo cannot be kept in localStorage (nor set back on a file input): text only.
      (el) => el.name && !["hidden", "submit", "button", "file"].includes(el.type)
    );
  }

  function values(form) {
    const data = {};
    fields(form).forEach((el) => { data[el.name] = el.value; });
    return data;
  }

  function differs(form, saved) {
    return fields(form).some((el) => (saved[el.name] || "") !== el.value && saved[el.name]);
  }

  document.querySelectorAll("[data-draft-saved]").forEach((el) => {
    try { localStorage.removeItem(prefix + el.dataset.draftSaved); } catch (e) { /* private mode */ }
  });

  document.querySelectorAll("form[data-draft]").forEach((form) => {
    const key = prefix + form.dataset.draft;
    let saved = null;
    try { saved = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { saved = null; }
    const offer = form.querySelector("[data-draft-offer]");
    if (saved && offer && differs(form, saved)) {
      offer.hidden = false;
      offer.querySelector("button").addEventListener("click", () => {
        fields(form).forEach((el) => { if (saved[el.name] !== undefined) { el.value = saved[el.name]; } });
        offer.hidden = true;
      });
    }
    form.addEventListener("input", () => {
      try { localStorage.setItem(key, JSON.stringify(values(form))); } catch (e) { /* full or private */ }
    });
  });
})();
