// Score trends on the runner's intake record: one line chart per questionnaire (Chart.js, vendored).
(function () {
  const colours = ["#1f6f5c", "#d9822b", "#3b6fb6", "#a23b72", "#6c757d"];
  document.querySelectorAll("canvas.trend-chart").forEach(function (canvas) {
    const data = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (set, i) {
          return {
            label: set.label,
            data: set.data,
            borderColor: colours[i % colours.length],
            backgroundColor: colours[i % colours.length],
            spanGaps: true,
            tension: 0,
          };
        }),
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { min: data.min, max: data.max } },
        plugins: { legend: { display: data.datasets.length > 1, position: "bottom" } },
      },
    });
  });
})();
