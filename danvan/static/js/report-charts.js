/* Biểu đồ của phân hệ Báo cáo, vẽ bằng Chart.js (danvan/static/vendor/chartjs/).
 *
 * Mỗi biểu đồ là một <figure class="report-chart" hidden> chứa một <canvas> với:
 *   data-chart-source="<id>"   id của khối <script type="application/json"> do bộ lọc
 *                              json_script của Django sinh ra (không chạy, nên CSP cho phép);
 *   data-chart-type="bar|line" loại biểu đồ;
 *   data-chart-stacked="1"     (tùy chọn) cột chồng;
 *   data-chart-horizontal="1"  (tùy chọn) cột nằm ngang;
 *   data-chart-percent="1"     (tùy chọn) trục giá trị từ 0 đến 100%;
 *   data-chart-suffix="%"      (tùy chọn) đơn vị ghi sau số trên trục giá trị.
 * Dữ liệu: {"labels": [...], "datasets": [{"label": "...", "data": [...]}, ...]}.
 *
 * Cùng số liệu luôn có trong bảng HTML ngay dưới biểu đồ, nên trang vẫn đọc được khi không có
 * JavaScript và với trình đọc màn hình; biểu đồ chỉ hiện ra khi vẽ được.
 */
(function () {
  "use strict";

  // Màu đạt tương phản với nền trắng, cùng bảng màu với danvan.css.
  var COLOURS = ["#0b57d0", "#b3261e", "#1e7a3c", "#a86b00", "#6a3fb5", "#1b2a4a", "#00796b"];

  function readData(id) {
    var el = document.getElementById(id);
    if (!el) {
      return null;
    }
    try {
      return JSON.parse(el.textContent);
    } catch (e) {
      return null;
    }
  }

  function draw(canvas) {
    var data = readData(canvas.dataset.chartSource);
    if (!data || !data.labels || !data.labels.length || !data.datasets) {
      return;
    }
    var figure = canvas.closest(".report-chart");
    if (figure) {
      figure.hidden = false;
    }
    var type = canvas.dataset.chartType || "bar";
    var horizontal = canvas.dataset.chartHorizontal === "1";
    var stacked = canvas.dataset.chartStacked === "1";
    var percent = canvas.dataset.chartPercent === "1";
    var suffix = canvas.dataset.chartSuffix || (percent ? "%" : "");
    var datasets = data.datasets.map(function (ds, i) {
      var colour = COLOURS[i % COLOURS.length];
      return {
        label: ds.label,
        data: ds.data,
        backgroundColor: type === "line" ? colour : colour + "cc",
        borderColor: colour,
        borderWidth: type === "line" ? 2 : 1,
        pointRadius: type === "line" ? 3 : 0,
        maxBarThickness: 28,
        tension: 0,
        stepped: type === "line" && ds.stepped ? true : false,
        fill: false,
      };
    });
    var valueAxis = {
      beginAtZero: true,
      stacked: stacked,
      ticks: { precision: 0 },
    };
    if (percent) {
      valueAxis.max = 100;
    }
    if (suffix) {
      valueAxis.ticks = {
        callback: function (v) {
          return v.toLocaleString("vi-VN") + suffix;
        },
      };
    }
    // Long names are shortened on the axis (the table below gives them in full).
    var maxChars = canvas.clientWidth && canvas.clientWidth < 520 ? 16 : 34;
    var categoryAxis = {
      stacked: stacked,
      ticks: {
        autoSkip: !horizontal,
        maxRotation: 45,
        callback: function (value) {
          var label = String(this.getLabelForValue(value));
          return label.length > maxChars ? label.slice(0, maxChars - 1).trim() + "…" : label;
        },
      },
    };
    // Horizontal bars: the box grows with the number of rows so that labels stay readable.
    var box = canvas.parentElement;
    if (horizontal && box) {
      var rows = data.labels.length * Math.max(1, datasets.length);
      box.style.height = Math.max(160, Math.min(1600, rows * 26 + 70)) + "px";
    }
    // eslint-disable-next-line no-new
    new window.Chart(canvas, {
      type: type,
      data: { labels: data.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: horizontal ? "y" : "x",
        locale: "vi-VN",
        interaction: { mode: "index", intersect: false },
        scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
        plugins: {
          legend: { display: datasets.length > 1, position: "bottom" },
          tooltip: { enabled: true },
        },
      },
    });
  }

  function init() {
    if (typeof window.Chart === "undefined") {
      return;
    }
    window.Chart.defaults.font.family =
      '"Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif';
    window.Chart.defaults.color = "#1b2a4a";
    var canvases = document.querySelectorAll("canvas[data-chart-source]");
    Array.prototype.forEach.call(canvases, draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
