/* The practice reports' charts. Data comes from one json_script block; Chart.js is vendored. */
(function () {
  "use strict";
  var source = document.getElementById("report-charts");
  if (!window.Chart || !source) return;
  var charts = JSON.parse(source.textContent);
  var green = "#1f6f5c", orange = "#c4621d";
  var bands = ["#b02a37", "#d9822b", "#e0b84a", "#6fa88f", "#1f6f5c"];
  var percent = { ticks: { callback: function (v) { return v + "%"; } }, beginAtZero: true };

  function draw(name, config) {
    var canvas = document.querySelector('canvas[data-report-chart="' + name + '"]');
    if (!canvas) return;
    config.options = Object.assign(
      { responsive: true, maintainAspectRatio: false, animation: false }, config.options || {}
    );
    new window.Chart(canvas, config);
  }

  draw("funnel", {
    type: "bar",
    data: { labels: charts.funnel.labels, datasets: [{ label: "Runners", data: charts.funnel.values, backgroundColor: green }] },
    options: { indexAxis: "y", plugins: { legend: { display: false } } },
  });
  draw("no_shows", {
    type: "line",
    data: { labels: charts.no_shows.labels, datasets: [{ label: "No-show rate", data: charts.no_shows.values, borderColor: orange, backgroundColor: orange, spanGaps: true }] },
    options: { plugins: { legend: { display: false } }, scales: { y: percent } },
  });
  draw("utilisation", {
    type: "bar",
    data: { labels: charts.utilisation.labels, datasets: [{ label: "Utilisation", data: charts.utilisation.values, backgroundColor: green }] },
    options: { plugins: { legend: { display: false } }, scales: { y: percent } },
  });
  draw("outcomes", {
    type: "bar",
    data: { labels: charts.outcomes.labels, datasets: [{ label: "Reached the meaningful change", data: charts.outcomes.values, backgroundColor: green }] },
    options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: Object.assign({ max: 100 }, percent) } },
  });
  draw("adherence", {
    type: "bar",
    data: {
      labels: charts.adherence.labels,
      datasets: charts.adherence.values.map(function (values, i) {
        return { label: charts.adherence.bands[i], data: values, backgroundColor: bands[i] };
      }),
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } }, plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } } },
  });
})();
