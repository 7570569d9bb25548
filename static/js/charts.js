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
