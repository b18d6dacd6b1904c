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

// The header's menu button (phones): opens and closes the list of areas. Escape closes it.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-nav-toggle]");
  if (!button) {
    return;
  }
  const menu = document.getElementById(button.getAttribute("aria-controls"));
  const open = button.getAttribute("aria-expanded") !== "true";
  button.setAttribute("aria-expanded", String(open));
  menu.classList.toggle("open", open);
});

document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") {
    return;
  }
  const button = document.querySelector("[data-nav-toggle][aria-expanded=true]");
  if (button) {
    button.setAttribute("aria-expanded", "false");
    document.getElementById(button.getAttribute("aria-controls")).classList.remove("open");
    button.focus();
  }
});

// An error page's "back" button: shown only when there is a page to go back to.
for (const button of document.querySelectorAll("[data-history-back]")) {
  if (window.history.length > 1) {
    button.hidden = false;
  }
}
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-history-back]")) {
    window.history.back();
  }
});

// A checkbox with data-fill-today="<date field>" fills in today's date when it is ticked and the
// date is still empty (mailing consent); the user can change it. The server does the same.
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!box.matches("input[type=checkbox][data-fill-today]") || !box.checked) {
    return;
  }
  const date = box.form && box.form.elements[box.dataset.fillToday];
  if (date && !date.value) {
    const now = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    date.value = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
    date.dispatchEvent(new Event("input", { bubbles: true }));
  }
});
