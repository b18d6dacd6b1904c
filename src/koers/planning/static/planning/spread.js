// The spreading page: the total of the percentages and each row's part, live as you type; a
// message next to the total while it does not come to 100. The server checks the same on save.
// The total counts the rows not on this page too: their sum is the total's `data-others`.
(function () {
  "use strict";
  const form = document.getElementById("spread-form");
  if (!form) return;
  const lang = document.documentElement.lang || "nl";
  const amountCell = document.querySelector("[data-source-amount]");
  const amount = amountCell ? Number(amountCell.dataset.sourceAmount) : 0;
  const total = document.getElementById("spread-total");
  const message = document.getElementById("spread-total-message");
  const money = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });

  // "12,5" and "12.5" are both twelve and a half; a thousands separator is not expected here.
  function read(text) {
    const clean = text.trim().replace(",", ".");
    if (clean === "") return 0;
    return /^\d+(\.\d+)?$/.test(clean) ? Number(clean) : NaN;
  }

  const others = Number(total.dataset.others || 0);

  function update() {
    let sum = others;
    let bad = false;
    form.querySelectorAll("tr[data-spread-row]").forEach(function (row) {
      const input = row.querySelector("input.spread-pct");
      const value = read(input.value);
      const part = row.querySelector("[data-part]");
      if (Number.isNaN(value) || value > 100) {
        bad = true;
        part.textContent = "";
        return;
      }
      sum += value;
      part.textContent = input.value.trim() === "" ? "" : money.format((amount * value) / 100);
    });
    // Hundredths of a percent: compare in whole hundredths, free of float noise.
    const hundredths = Math.round(sum * 100);
    total.textContent = bad ? "?" : percent.format(hundredths / 100);
    const off = bad || hundredths !== 10000;
    message.hidden = !off;
    if (off) {
      message.textContent = message.dataset.message.replace(
        "{total}",
        bad ? "?" : percent.format(hundredths / 100)
      );
    }
  }

  form.addEventListener("input", update);
  update();
})();
