// The target grid (planning/targets/grid.html) as a spreadsheet: arrow keys and Enter move
// between cells, typing edits, a cell is saved when it is left (a POST to the grid's cell URL),
// and cells pasted from Excel (tab-separated rows, Dutch or English numbers) fill the cells to
// the right and below the one pasted into. The totals per row and column and the gaps (the
// year against its months, the level above against its rows) follow every change, and so do
// the quarters (read-only sums of their months). The stretch beside the year is saved as the
// year target's stretch (`data-field="stretch"`).
(function () {
  "use strict";
  const table = document.getElementById("target-grid");
  if (!table) {
    return;
  }
  const lang = document.documentElement.lang || "nl";
  const FIELDS = { team: "team", user: "user", account: "account", productgroup: "product_group", segment: "segment" };

  function parse(text) {
    let cell = String(text).replace(/[€\s\u00a0]/g, "");
    const negative = /^\(.*\)$/.test(cell);
    cell = cell.replace(/[()]/g, "");
    if (!cell) {
      return null;
    }
    let decimal;
    if (cell.includes(",") && cell.includes(".")) {
      decimal = cell.lastIndexOf(",") > cell.lastIndexOf(".") ? "," : ".";
    } else if (cell.includes(",")) {
      decimal = /^-?\d{1,3}(,\d{3})+$/.test(cell) ? "." : ",";
    } else {
      decimal = /^-?\d{1,3}(\.\d{3})+$/.test(cell) ? "," : ".";
    }
    const thousands = decimal === "," ? "." : ",";
    cell = cell.split(thousands).join("").replace(decimal, ".");
    if (!/^-?\d+(\.\d+)?$/.test(cell)) {
      return NaN;
    }
    const value = Number(cell);
    return negative ? -value : value;
  }

  function format(value) {
    if (value === null || Number.isNaN(value)) {
      return "";
    }
    const cents = Math.round(value * 100);
    const whole = cents % 100 === 0;
    return new Intl.NumberFormat(lang, {
      minimumFractionDigits: whole ? 0 : 2,
      maximumFractionDigits: whole ? 0 : 2,
      useGrouping: true,
    }).format(cents / 100);
  }

  const rows = Array.from(table.querySelectorAll("tbody tr[data-row]"));
  const grid = rows.map((row) => Array.from(row.querySelectorAll("input.target-cell")));

  function valueOf(input) {
    const value = parse(input.value);
    return value === null || Number.isNaN(value) ? null : value;
  }

  function recompute() {
    const sums = new Array(13).fill(0);
    let parentCells = null;
    rows.forEach((row, r) => {
      const cells = grid[r];
      const months = cells.slice(0, 12).reduce((total, input) => total + (valueOf(input) || 0), 0);
      const year = valueOf(cells[12]);
      row.querySelector("[data-row-sum]").textContent = format(months);
      row.querySelector("[data-row-gap]").textContent = year === null ? "" : format(year - months);
      row.querySelectorAll("[data-quarter]").forEach((cell) => {
        const q = Number(cell.dataset.quarter) - 1;
        const values = cells.slice(q * 3, q * 3 + 3).map(valueOf).filter((v) => v !== null);
        cell.textContent = values.length ? format(values.reduce((a, b) => a + b, 0)) : "";
      });
      if (row.hasAttribute("data-parent")) {
        parentCells = cells;
        return;
      }
      cells.slice(0, 13).forEach((input, c) => {
        sums[c] += valueOf(input) || 0;
      });
    });
    sums.forEach((sum, c) => {
      const sumCell = table.querySelector(`[data-col-sum="${c}"]`);
      const gapCell = table.querySelector(`[data-col-gap="${c}"]`);
      if (sumCell) {
        sumCell.textContent = format(sum);
      }
      const parentValue = parentCells ? valueOf(parentCells[c]) : null;
      if (gapCell) {
        gapCell.textContent = parentValue === null ? "" : format(parentValue - sum);
      }
    });
    table.querySelectorAll("[data-quarter-sum]").forEach((cell) => {
      const q = Number(cell.dataset.quarterSum) - 1;
      cell.textContent = format(sums[q * 3] + sums[q * 3 + 1] + sums[q * 3 + 2]);
    });
  }

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  const status = document.getElementById("target-status");
  let pending = 0;
  let queue = Promise.resolve();

  function showStatus(text, failed) {
    if (status) {
      status.textContent = text;
      status.classList.toggle("error", Boolean(failed));
    }
  }

  function save(input) {
    if (input.readOnly || input.dataset.saved === input.value) {
      return Promise.resolve();
    }
    const row = input.closest("tr");
    const body = new URLSearchParams();
    body.set("measure", table.dataset.measure);
    body.set("year", table.dataset.year);
    body.set("level", row.dataset.level);
    body.set("period", input.dataset.period);
    if (input.dataset.field) {
      body.set("field", input.dataset.field);
    }
    Object.keys(FIELDS).forEach((key) => {
      if (row.dataset[key]) {
        body.set(FIELDS[key], row.dataset[key]);
      }
    });
    const value = valueOf(input);
    body.set("amount", value === null ? "" : String(value));
    // Marked as saved before the answer, so that leaving the cell after Enter sends it once.
    input.dataset.saved = input.value;
    pending += 1;
    table.dataset.pending = String(pending);
    input.classList.remove("cell-error");
    input.setAttribute("aria-busy", "true");
    // One save at a time, in the order typed or pasted: a pasted row is twelve saves, which
    // at once would compete for the database (SQLite has one writer) and finish out of order.
    const send = () => fetch(table.dataset.cellUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken(), "Content-Type": "application/x-www-form-urlencoded" },
      body: body,
      credentials: "same-origin",
    })
      .then((response) => response.json().then((data) => ({ ok: response.ok, data: data })))
      .then((result) => {
        if (result.ok) {
          // "Saved" only once no cell is left that failed.
          if (!table.querySelector(".cell-error")) {
            showStatus(table.dataset.saved, false);
          }
        } else {
          delete input.dataset.saved;
          input.classList.add("cell-error");
          showStatus(`${table.dataset.failed}: ${result.data.error || ""}`, true);
        }
      })
      .catch(() => {
        delete input.dataset.saved;
        input.classList.add("cell-error");
        showStatus(table.dataset.failed, true);
      })
      .finally(() => {
        pending -= 1;
        input.removeAttribute("aria-busy");
        table.dataset.pending = String(pending);
      });
    queue = queue.then(send, send);
    return queue;
  }

  function position(input) {
    for (let r = 0; r < grid.length; r += 1) {
      const c = grid[r].indexOf(input);
      if (c >= 0) {
        return [r, c];
      }
    }
    return null;
  }

  function focusCell(r, c) {
    if (r < 0 || r >= grid.length || c < 0 || c >= grid[r].length) {
      return;
    }
    grid[r][c].focus();
    grid[r][c].select();
  }

  grid.flat().forEach((input) => {
    input.dataset.saved = input.value;
  });

  function commit(input) {
    const value = parse(input.value);
    if (value !== null && !Number.isNaN(value)) {
      input.value = format(value);
    }
    return save(input);
  }

  table.addEventListener("input", recompute);
  table.addEventListener("focusout", (event) => {
    if (event.target.matches && event.target.matches("input.target-cell")) {
      commit(event.target);
    }
  });

  table.addEventListener("keydown", (event) => {
    const input = event.target;
    if (!input.matches || !input.matches("input.target-cell")) {
      return;
    }
    const at = position(input);
    if (!at) {
      return;
    }
    const [r, c] = at;
    const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
    const atEnd = input.selectionStart === input.value.length;
    const whole = input.selectionStart === 0 && input.selectionEnd === input.value.length;
    if (event.key === "Enter") {
      event.preventDefault();
      commit(input);
      focusCell(event.shiftKey ? r - 1 : r + 1, c);
    } else if (event.key === "ArrowDown") {
      event.preventDefault();
      focusCell(r + 1, c);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      focusCell(r - 1, c);
    } else if (event.key === "ArrowLeft" && (atStart || whole)) {
      event.preventDefault();
      focusCell(r, c - 1);
    } else if (event.key === "ArrowRight" && (atEnd || whole)) {
      event.preventDefault();
      focusCell(r, c + 1);
    }
  });

  table.addEventListener("paste", (event) => {
    const input = event.target;
    const at = input.matches && input.matches("input.target-cell") ? position(input) : null;
    const text = event.clipboardData ? event.clipboardData.getData("text/plain") : "";
    if (!at || input.readOnly || !/[\t\n]/.test(text.trim())) {
      return;  // one value: the browser pastes it into the cell as usual
    }
    event.preventDefault();
    const lines = text.replace(/\r/g, "").replace(/\n$/, "").split("\n");
    const touched = [];
    lines.forEach((line, i) => {
      line.split("\t").forEach((cell, j) => {
        const r = at[0] + i;
        const c = at[1] + j;
        if (r < grid.length && c < grid[r].length) {
          const value = parse(cell);
          grid[r][c].value = value === null || Number.isNaN(value) ? cell.trim() : format(value);
          touched.push(grid[r][c]);
        }
      });
    });
    recompute();
    touched.forEach(save);
  });

  recompute();
})();
