// Koers front-end behaviour. No inline scripts (CSP): behaviour hangs on data attributes.
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches("[data-autosubmit]")) {
    el.form.requestSubmit();
  }
});

// A search box inside a bigger form (e.g. finding the parent account) must not submit that form
// when Enter is pressed: the search runs as you type.
document.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && event.target.matches("input[data-no-submit]")) {
    event.preventDefault();
  }
});
