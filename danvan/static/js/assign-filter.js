/* Lọc danh sách đơn vị trên trang giao nhiệm vụ ngay khi gõ (không dấu, không phân biệt hoa thường).
 * Không có JavaScript thì ô lọc vẫn hoạt động: biểu mẫu GET gửi tham số q về máy chủ. */
(function () {
  "use strict";

  function fold(text) {
    return (text || "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim();
  }

  function init() {
    var form = document.getElementById("unit-filter-form");
    var input = document.getElementById("unit-filter");
    var status = document.getElementById("unit-filter-status");
    var options = Array.prototype.slice.call(document.querySelectorAll(".unit-option"));
    var kinds = Array.prototype.slice.call(document.querySelectorAll("[data-unit-kind]"));
    if (!form || !input || !options.length) {
      return;
    }
    options.forEach(function (el) {
      el.dataset.folded = fold(el.dataset.search);
    });

    var timer = null;
    function apply() {
      var words = fold(input.value).split(" ").filter(Boolean);
      var shown = 0;
      options.forEach(function (el) {
        var ok = words.every(function (w) {
          return el.dataset.folded.indexOf(w) !== -1;
        });
        // A checked unit stays visible so that the user always sees what will be submitted.
        var box = el.querySelector("input[type=checkbox]");
        var visible = ok || (box && box.checked);
        el.hidden = !visible;
        if (visible) {
          shown += 1;
        }
      });
      kinds.forEach(function (fs) {
        fs.hidden = !fs.querySelector(".unit-option:not([hidden])");
      });
      if (status) {
        clearTimeout(timer);
        timer = setTimeout(function () {
          status.textContent = words.length
            ? "Đang hiện " + shown + " đơn vị khớp với “" + input.value.trim() + "”."
            : "";
        }, 400);
      }
    }

    input.addEventListener("input", apply);
    form.addEventListener("submit", function (event) {
      // With JavaScript the list is filtered in place: keep the ticked boxes instead of reloading.
      event.preventDefault();
      apply();
    });
    if (input.value) {
      apply();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
