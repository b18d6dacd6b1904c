// Koers front-end behaviour. No inline scripts (CSP): behaviour hangs on data attributes.
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches("[data-autosubmit]")) {
    el.form.requestSubmit();
  }
});
