/* Adherence charts. Data comes from json_script blocks (no inline scripts); Chart.js is vendored. */
(function () {
  "use strict";
  if (!window.Chart) return;
  var green = "#1f6f5c";

  function data(canvas) {
    var source = document.getElementById(canvas.dataset.source || canvas.dataset.chart);
    if (!source) return null;
    var parsed = JSON.parse(source.textContent);
    return canvas.dataset.key ? parsed[canvas.dataset.key] : parsed;
  }

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var series = data(canvas);
    if (!series) return;
    var spark = canvas.dataset.kind === "spark";
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: series.labels,
        datasets: [{
          label: "Sets done (%)",
          data: series.values,
          backgroundColor: series.values.map(function (v) { return v !== null && v < 50 ? "#d9822b" : green; }),
          borderRadius: spark ? 1 : 4,
        }],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false }, tooltip: { enabled: !spark } },
        scales: spark
          ? { x: { display: false }, y: { display: false, min: 0, max: 100 } }
          : { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } } },
      },
    });
  });
})();

/* Running: runs (bars coloured green/amber/red), knee pain during and on waking (lines, 0-10)
 * and exercises done (%), on one time axis (docs/domain.md §6). */
(function () {
  "use strict";
  if (!window.Chart) return;
  var colours = { green: "#1f6f5c", amber: "#d9822b", red: "#b42318", "": "#6c757d" };
  document.querySelectorAll("canvas[data-running-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.runningChart);
    if (!source) return;
    var s = JSON.parse(source.textContent);
    var datasets = [
      { type: "bar", label: "Run (" + s.unit + ")", data: s.distance, yAxisID: "distance",
        backgroundColor: s.colour.map(function (c) { return colours[c] || colours[""]; }), borderRadius: 3, order: 2 },
      { type: "line", label: "Pain during (0-10)", data: s.pain_during, yAxisID: "pain", order: 0,
        borderColor: "#212529", backgroundColor: "#ffffff", borderWidth: 2, spanGaps: true, pointRadius: 5, pointStyle: "rectRot" },
      { type: "line", label: "Pain on waking (0-10)", data: s.morning_pain, yAxisID: "pain",
        borderColor: "#7a4fb5", backgroundColor: "#7a4fb5", borderDash: [4, 3], spanGaps: true, pointRadius: 4, order: 1 },
    ];
    var scales = {
      distance: { position: "left", beginAtZero: true, title: { display: true, text: s.unit } },
      pain: { position: "right", min: 0, max: 10, grid: { drawOnChartArea: false }, title: { display: true, text: "pain" } },
    };
    if (s.adherence) {
      datasets.push({ type: "line", label: "Exercises done (%)", data: s.adherence, yAxisID: "percent", order: 1,
        borderColor: "#2b6cb0", backgroundColor: "#2b6cb0", borderWidth: 1, pointRadius: 0, spanGaps: true });
      scales.percent = { display: false, min: 0, max: 100 };
    }
    new window.Chart(canvas, {
      data: { labels: s.labels, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
        scales: scales,
      },
    });
  });
})();
