/* Biểu đồ xu hướng của phân hệ Chỉ số cải cách, vẽ bằng Chart.js (danvan/static/vendor/chartjs/).
 *
 * Mỗi biểu đồ là <figure class="index-chart" hidden> chứa <canvas data-chart-source="<id>">;
 * <id> là khối <script type="application/json"> do json_script của Django sinh ra (CSP cho phép).
 * Dữ liệu: {"labels": [...], "datasets": [{"label", "data", "dashed"}], "max": số (tùy chọn)}.
 * data-chart-reverse="1": trục đảo ngược (xếp hạng: hạng 1 ở trên cùng).
 * Cùng số liệu luôn có trong bảng HTML bên cạnh; biểu đồ chỉ hiện khi vẽ được.
 */
(function () {
  "use strict";

  var COLOURS = ["#0b57d0", "#b3261e", "#1e7a3c", "#a86b00"];

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

  function format(v) {
    return typeof v === "number" ? v.toLocaleString("vi-VN") : v;
  }

  function draw(canvas) {
    var data = readData(canvas.dataset.chartSource);
    if (!data || !data.labels || !data.labels.length || !data.datasets) {
      return;
    }
    var reverse = canvas.dataset.chartReverse === "1";
    var datasets = data.datasets
      .filter(function (ds) {
        return ds.data.some(function (v) {
          return v !== null;
        });
      })
      .map(function (ds, i) {
        var colour = COLOURS[i % COLOURS.length];
        return {
          label: ds.label,
          data: ds.data,
          borderColor: colour,
          backgroundColor: colour,
          borderWidth: 2,
          borderDash: ds.dashed ? [6, 4] : [],
          pointRadius: 4,
          spanGaps: true,
          tension: 0,
          fill: false,
        };
      });
    if (!datasets.length) {
      return;
    }
    var figure = canvas.closest(".index-chart");
    if (figure) {
      figure.hidden = false;
    }
    var valueAxis = {
      reverse: reverse,
      ticks: { precision: 0, callback: format },
    };
    if (reverse) {
      valueAxis.min = 1;
    } else if (data.max) {
      valueAxis.suggestedMin = 0;
      valueAxis.suggestedMax = data.max;
    }
    canvas.dataset.chartReady = "1";
    // eslint-disable-next-line no-new
    new window.Chart(canvas, {
      type: "line",
      data: { labels: data.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        locale: "vi-VN",
        interaction: { mode: "index", intersect: false },
        scales: { y: valueAxis },
        plugins: {
          legend: { display: true, position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                return ctx.dataset.label + ": " + format(ctx.parsed.y);
              },
            },
          },
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
    Array.prototype.forEach.call(
      document.querySelectorAll(".index-chart canvas[data-chart-source]"),
      draw
    );
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
