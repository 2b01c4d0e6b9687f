// The district console's only script (no inline script: the CSP forbids it).
// Keyboard: j/k or ↓/↑ move between students, x selects, a approves the selection,
// r returns it (the comment field takes the focus; Ctrl+Enter sends), / goes to the search field.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d")
      .replace(/Đ/g, "D").toLowerCase();
  }
  function typing(el) {
    return el && (el.tagName === "INPUT" && el.type !== "checkbox" || el.tagName === "TEXTAREA" ||
      el.tagName === "SELECT");
  }
  document.addEventListener("DOMContentLoaded", function () {
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-row]"));
    var current = -1;
    function visible() { return rows.filter(function (r) { return !r.hidden; }); }
    function move(step) {
      var list = visible();
      if (!list.length) { return; }
      var at = list.indexOf(rows[current]);
      at = Math.max(0, Math.min(list.length - 1, at + step));
      if (current >= 0) { rows[current].classList.remove("current"); }
      current = rows.indexOf(list[at]);
      list[at].classList.add("current");
      var box = list[at].querySelector("input[type=checkbox]");
      if (box) { box.focus(); } else { list[at].scrollIntoView({block: "nearest"}); }
    }
    rows.forEach(function (row, i) {
      row.addEventListener("focusin", function () {
        if (current >= 0) { rows[current].classList.remove("current"); }
        current = i; row.classList.add("current");
      });
    });
    function selection() {
      var picked = document.querySelectorAll("input[name=students]:checked");
      if (!picked.length && current >= 0) {
        var box = rows[current].querySelector("input[name=students]:not(:disabled)");
        if (box) { box.checked = true; picked = [box]; }
      }
      return picked.length;
    }
    document.addEventListener("keydown", function (event) {
      var comment = document.getElementById("comment");
      if (event.target === comment && event.key === "Enter" && event.ctrlKey) {
        event.preventDefault();
        var back = document.getElementById("return-button");
        if (back && selection()) { back.click(); }
        return;
      }
      if (typing(event.target) || event.ctrlKey || event.altKey || event.metaKey) { return; }
      var key = event.key;
      if (key === "/") {
        var search = document.querySelector("[data-search]");
        if (search) { event.preventDefault(); search.focus(); search.select(); }
      } else if (rows.length && (key === "j" || key === "ArrowDown")) {
        event.preventDefault(); move(1);
      } else if (rows.length && (key === "k" || key === "ArrowUp")) {
        event.preventDefault(); move(-1);
      } else if (key === "x" && current >= 0) {
        var box = rows[current].querySelector("input[name=students]:not(:disabled)");
        if (box) { event.preventDefault(); box.checked = !box.checked; }
      } else if (key === "a") {
        var ok = document.getElementById("approve-button");
        if (ok && selection()) { event.preventDefault(); ok.click(); }
      } else if (key === "r" && comment) {
        if (selection()) { event.preventDefault(); comment.focus(); }
      }
    });
    var all = document.querySelector("[data-select-all]");
    if (all) {
      all.addEventListener("change", function () {
        visible().forEach(function (row) {
          // only the students still waiting: ticking all never overturns a decision made
          var waiting = row.classList.contains("state-waiting") || row.classList.contains("state-reopened");
          var box = row.querySelector("input[name=" + all.getAttribute("data-select-all") + "]");
          if (box && !box.disabled && waiting) { box.checked = all.checked; }
        });
      });
    }
    document.querySelectorAll("[data-filter-rows]").forEach(function (input) {
      input.addEventListener("input", function () {
        var wanted = fold(input.value.trim());
        document.querySelectorAll(input.getAttribute("data-filter-rows") + " tr[data-row]")
          .forEach(function (row) { row.hidden = wanted !== "" && fold(row.textContent).indexOf(wanted) < 0; });
      });
    });
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
