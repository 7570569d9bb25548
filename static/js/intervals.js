/* The guided walk/run timer of a return-to-run session: walk and run phases in turn, counted
 * down, with the phase announced (and a buzz where the phone can). Phases come from a
 * json_script block: [["walk", 180], ["run", 120], ...]. */
(function () {
  "use strict";
  document.querySelectorAll("[data-interval-timer]").forEach(function (box) {
    var source = document.getElementById(box.dataset.source);
    var start = box.querySelector("[data-interval-start]");
    if (!source || !start) return;
    var phases = JSON.parse(source.textContent);
    var panel = box.querySelector("[data-interval-panel]");
    var phaseLine = box.querySelector("[data-interval-phase]");
    var count = box.querySelector("[data-interval-count]");
    var detail = box.querySelector("[data-interval-detail]");
    var timer = null;
    start.classList.remove("d-none");

    function clock(seconds) {
      var m = Math.floor(seconds / 60), s = seconds % 60;
      return m + ":" + (s < 10 ? "0" : "") + s;
    }
    function stop(message) {
      if (timer) clearInterval(timer);
      timer = null;
      start.classList.remove("d-none");
      if (message) { phaseLine.textContent = message; count.textContent = ""; detail.textContent = ""; }
      else panel.classList.add("d-none");
    }
    function run() {
      var index = 0, left = phases[0][1];
      function show() {
        var name = phases[index][0];
        phaseLine.textContent = name === "run" ? "Run" : "Walk";
        phaseLine.dataset.phase = name;
        count.textContent = clock(left);
        detail.textContent = "Interval " + (index + 1) + " of " + phases.length;
      }
      show();
      timer = setInterval(function () {
        left -= 1;
        if (left <= 0) {
          index += 1;
          if (index >= phases.length) { stop("Done. Log your run and how the knee felt."); return; }
          left = phases[index][1];
          if (navigator.vibrate) navigator.vibrate(400);
        }
        show();
      }, 1000);
    }
    start.addEventListener("click", function () {
      start.classList.add("d-none");
      panel.classList.remove("d-none");
      run();
    });
    box.querySelector("[data-interval-stop]").addEventListener("click", function () { stop(); });
  });
})();
