// Filters the agency list of the portal form while typing, ignoring diacritics and case.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function start() {
    var search = document.getElementById("portal-unit-search");
    var select = document.querySelector("select[data-search=portal-unit-search]");
    var count = document.getElementById("portal-unit-count");
    if (!search || !select) return;
    var options = Array.prototype.slice.call(select.options).filter(function (o) { return o.value; });
    var former = {};
    var data = document.getElementById("portal-former-names");
    if (data) former = JSON.parse(data.textContent);
    // Old names of merged or renamed units find their successors too.
    var folded = options.map(function (o) { return fold(o.textContent + " " + (former[o.value] || "")); });
    function apply() {
      var words = fold(search.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      options.forEach(function (o, i) {
        var match = words.every(function (w) { return folded[i].indexOf(w) !== -1; });
        o.hidden = !match && !o.selected;
        o.disabled = !match && !o.selected;
        if (match) shown++;
      });
      if (count) count.textContent = words.length ? shown + " cơ quan phù hợp." : "";
      if (words.length && shown === 1 && !select.value) {
        options.forEach(function (o, i) { if (!o.hidden) select.value = o.value; });
      }
    }
    search.addEventListener("input", apply);
    search.form.addEventListener("submit", function (event) { event.preventDefault(); apply(); select.focus(); });
    apply();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
