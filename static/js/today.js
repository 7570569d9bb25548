/* The runner's Today page: one tap logs a set, a guided timer for breaths and holds, undo.
 *
 * Every set gets its code (a UUID) here, before it is sent, and waits in the offline queue
 * (static/js/queue.js) until the server answers; the server keeps one set per code. Without
 * JavaScript the page's plain forms still work.
 */
(function () {
  "use strict";
  var root = document.getElementById("today");
  if (!root) return;

  var TAP_GUARD_MS = 700; // a second tap this soon after the first is a double tap, not a new set
  var day = root.dataset.day;
  var statusLine = root.querySelector("[data-status]");

  function say(text, isError) {
    if (!statusLine) return;
    statusLine.textContent = text || "";
    statusLine.className = "status-line small " + (isError ? "text-danger" : "text-muted");
  }

  // ---- the queue (static/js/queue.js) ----------------------------------------------------
  var queue = RoadmapQueue.open("roadmap.pendingSets", {
    post: function (item) {
      var fields = { code: item.code, day: item.day };
      if (item.kind === "log") {
        fields.exercise = item.exercise;
        fields.set_number = item.set_number;
      }
      return RoadmapQueue.postForm(item.kind === "log" ? root.dataset.logUrl : root.dataset.undoUrl, fields);
    },
    sent: function (item, data) {
      if (item.kind === "log") confirmed(item, data);
      say(data.message || "");
    },
    refused: function (item, data) {
      if (item.kind === "log") rejected(item);
      say(data.message || "That set couldn't be saved.", true);
    },
    offline: function () { say("Saved on this phone. It will be sent when you're back online."); },
  });

  // ---- the exercise cards ----------------------------------------------------------------
  function cards() { return Array.prototype.slice.call(root.querySelectorAll(".exercise")); }
  function cardFor(exercise) { return root.querySelector('.exercise[data-exercise="' + exercise + '"]'); }
  function dots(card) { return Array.prototype.slice.call(card.querySelectorAll(".set-dot")); }
  function taken(dot) { return dot.classList.contains("done") || dot.classList.contains("pending"); }
  function dotByCode(card, code) { return card.querySelector('.set-dot[data-code="' + code + '"]'); }

  function refresh(card) {
    var due = dots(card).length;
    var done = dots(card).filter(taken).length;
    var button = card.querySelector("[data-log-button]");
    var next = dots(card).filter(function (d) { return !taken(d); })[0];
    button.disabled = !next;
    button.textContent = next ? "Log set " + next.dataset.set + " of " + due : "All sets done";
    var timer = card.querySelector("[data-timer-start]");
    if (timer) timer.disabled = !next;
    card.querySelector("[data-undo-form]").classList.toggle("d-none", !card.undoStack.length);
    var dayDone = cards().reduce(function (sum, c) { return sum + dots(c).filter(taken).length; }, 0);
    var dayDue = cards().reduce(function (sum, c) { return sum + dots(c).length; }, 0);
    var doneLabel = root.querySelector("[data-day-done]");
    if (doneLabel) doneLabel.textContent = dayDone;
    var bar = root.querySelector("[data-day-bar]");
    if (bar) bar.style.width = (dayDue ? Math.round(100 * dayDone / dayDue) : 0) + "%";
  }

  function logNext(card) {
    var dot = dots(card).filter(function (d) { return !taken(d); })[0];
    if (!dot) return false;
    var code = RoadmapQueue.uuid();
    dot.classList.add("pending");
    dot.dataset.code = code;
    card.undoStack.push(code);
    refresh(card);
    queue.add({ kind: "log", code: code, exercise: card.dataset.exercise, day: day, set_number: dot.dataset.set });
    return true;
  }

  function confirmed(item, data) {
    var card = cardFor(item.exercise);
    var dot = card && dotByCode(card, item.code);
    if (!dot) return;
    dot.classList.remove("pending");
    if (data.undone) { undoLocally(card, item.code); return; }
    dot.classList.add("done");
    if (String(data.set_number) !== String(item.set_number)) {
      // The server kept an earlier log of this set (a double tap from another tab): show its slot.
      dot.removeAttribute("data-code");
      dot.classList.remove("done");
    }
    refresh(card);
  }

  function rejected(item) {
    var card = cardFor(item.exercise);
    if (card) undoLocally(card, item.code);
  }

  function undoLocally(card, code) {
    var dot = dotByCode(card, code);
    if (dot) {
      dot.classList.remove("done", "pending");
      dot.removeAttribute("data-code");
    }
    card.undoStack = card.undoStack.filter(function (c) { return c !== code; });
    refresh(card);
  }

  function undoLast(card) {
    var code = card.undoStack[card.undoStack.length - 1];
    if (!code) return;
    undoLocally(card, code);
    queue.add({ kind: "undo", code: code, day: day });
  }

  // ---- the guided timer ------------------------------------------------------------------
  var inhale = parseInt(root.dataset.inhale, 10) || 6;
  var exhale = parseInt(root.dataset.exhale, 10) || 8;
  var rest = parseInt(root.dataset.rest, 10) || 20;

  function setPhases(card) {
    var dose = parseInt(card.dataset.dose, 10);
    var sides = card.dataset.perSide === "1" ? ["First side: ", "Other side: "] : [""];
    var phases = [];
    var holds = Array.prototype.slice.call(card.querySelectorAll("[data-hold-phases] li"));
    sides.forEach(function (side) {
      if (card.dataset.kind === "breaths") {
        for (var b = 1; b <= dose; b++) {
          var detail = "Breath " + b + " of " + dose;
          phases.push({ label: side + "Breathe in", seconds: inhale, detail: detail });
          phases.push({ label: side + "Breathe out slowly", seconds: exhale, detail: detail });
        }
      } else if (holds.length) {
        // A hold done in phases (the 90/90: PAILs, then RAILs), each for the full dose.
        holds.forEach(function (hold) {
          phases.push({ label: side + hold.dataset.label, seconds: dose, detail: hold.dataset.cue });
        });
      } else {
        phases.push({ label: side + "Hold", seconds: dose, detail: dose + " seconds" });
      }
    });
    return phases;
  }

  function buzz() { if (navigator.vibrate) navigator.vibrate(120); }

  function startTimer(card) {
    var panel = card.querySelector("[data-timer-panel]");
    var actions = card.querySelector("[data-actions]");
    var phaseEl = panel.querySelector("[data-timer-phase]");
    var countEl = panel.querySelector("[data-timer-count]");
    var detailEl = panel.querySelector("[data-timer-detail]");
    var queue = [{ label: "Get ready", seconds: 3, detail: "" }].concat(setPhases(card), [{ endOfSet: true }]);
    var handle = null;
    panel.classList.remove("d-none");
    actions.classList.add("d-none");

    function stop() {
      clearInterval(handle);
      card.stopTimer = null;
      panel.classList.add("d-none");
      actions.classList.remove("d-none");
    }
    card.stopTimer = stop;

    function next() {
      var phase = queue.shift();
      if (!phase) return stop();
      if (phase.endOfSet) {
        buzz();
        logNext(card);
        var left = dots(card).filter(function (d) { return !taken(d); }).length;
        if (!left) {
          phaseEl.textContent = "All sets done";
          countEl.textContent = "✓";
          detailEl.textContent = "";
          handle = setTimeout(stop, 2000);
          return;
        }
        queue = [{ label: "Rest. Next set in", seconds: rest, detail: left + " set" + (left > 1 ? "s" : "") + " to go" }]
          .concat(setPhases(card), [{ endOfSet: true }]);
        return next();
      }
      var ends = Date.now() + phase.seconds * 1000;
      phaseEl.textContent = phase.label;
      detailEl.textContent = phase.detail;
      countEl.textContent = phase.seconds;
      clearInterval(handle);
      handle = setInterval(function () {
        var remaining = Math.ceil((ends - Date.now()) / 1000);
        if (remaining <= 0) { clearInterval(handle); next(); return; }
        countEl.textContent = remaining;
      }, 200);
    }
    next();
  }

  // ---- wiring ----------------------------------------------------------------------------
  cards().forEach(function (card) {
    card.undoStack = dots(card).filter(function (d) { return d.dataset.code; }).map(function (d) { return d.dataset.code; });
    var lastTap = 0;
    card.querySelector("[data-log-form]").addEventListener("submit", function (event) {
      event.preventDefault();
      var now = Date.now();
      if (now - lastTap < TAP_GUARD_MS) return;
      lastTap = now;
      logNext(card);
    });
    card.querySelector("[data-undo-form]").addEventListener("submit", function (event) {
      event.preventDefault();
      if (card.stopTimer) card.stopTimer();
      lastTap = 0; // after an undo the next tap is meant
      undoLast(card);
    });
    var timerButton = card.querySelector("[data-timer-start]");
    if (timerButton) {
      timerButton.classList.remove("d-none");
      timerButton.addEventListener("click", function () { startTimer(card); });
      card.querySelector("[data-timer-stop]").addEventListener("click", function () { card.stopTimer && card.stopTimer(); });
    }
  });

  // Sets still waiting from an earlier visit show as pending on this day's page.
  queue.read().forEach(function (item) {
    if (item.day !== day) return;
    var card = item.exercise ? cardFor(item.exercise) : null;
    if (item.kind === "log" && card) {
      var dot = card.querySelector('.set-dot[data-set="' + item.set_number + '"]');
      if (dot && !taken(dot)) {
        dot.classList.add("pending");
        dot.dataset.code = item.code;
        card.undoStack.push(item.code);
      }
    } else if (item.kind === "undo") {
      cards().forEach(function (c) { undoLocally(c, item.code); });
    }
  });
  cards().forEach(refresh);
  queue.flush();
})();
