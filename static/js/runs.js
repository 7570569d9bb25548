/* The run log and this morning's pain, through the offline queue (static/js/queue.js).
 *
 * On the run log page a run (or "no run today", or cross-training) gets its code here and waits
 * in the queue until the server answers: offline it says "Saved on this phone" and goes once the
 * phone is back online. On Today (and the page for runners without a program) the run card lists
 * what is still waiting, sends it, and does the same for this morning's pain. Without JavaScript
 * both forms post as plain forms with the code drawn into the page.
 */
(function () {
  "use strict";
  var form = document.querySelector("[data-run-log-form]");
  var card = document.getElementById("run-today");
  if (!form && !card) return;

  var OFFLINE = "Saved on this phone. It will be sent when you're back online.";
  var statusLine = (form || card).querySelector("[data-run-status]");
  var pendingList = card && card.querySelector("[data-run-pending]");
  var morningForm = card && card.querySelector("[data-morning-form]");
  // The item this page sent itself (its answer moves the page on, or shows by the fields).
  var mine = null;

  function say(text, isError) {
    if (!statusLine) return;
    statusLine.textContent = text || "";
    statusLine.classList.toggle("text-danger", !!isError);
    statusLine.classList.toggle("text-muted", !isError);
  }

  function showPending() {
    if (!pendingList) return;
    var items = queue.read();
    pendingList.textContent = "";
    items.forEach(function (item) {
      var line = document.createElement("li");
      line.dataset.code = item.code;
      line.textContent = "Saved on this phone, not sent yet: " + item.summary + ".";
      pendingList.appendChild(line);
    });
    pendingList.classList.toggle("d-none", !items.length);
  }

  var queue = RoadmapQueue.open("roadmap.pendingRuns", {
    post: function (item) { return RoadmapQueue.postForm(item.url, item.fields); },
    sent: function (item, data) {
      if (form && mine === item.code) {
        window.location.assign(data.next); // Today, with the server's message
        return;
      }
      showPending();
      if (card && data.created) {
        window.location.reload(); // the card's advice may have changed: draw it again
        return;
      }
      say(data.message);
    },
    refused: function (item, data) {
      showPending();
      if (form && mine === item.code) {
        showErrors(data.errors || {});
        say("Please check the form.", true);
        return;
      }
      say("Your " + item.summary + " couldn't be saved: " + (data.message || "it was refused") +
          ". Please log it again.", true);
    },
    offline: function () {
      showPending();
      say(OFFLINE);
    },
  });

  function fieldsOf(element) {
    var fields = {};
    new FormData(element).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") return;
      fields[name] = value;
    });
    return fields;
  }

  // ---- the run log page ------------------------------------------------------------------
  function showErrors(errors) {
    form.querySelectorAll("[data-errors-for]").forEach(function (box) { box.textContent = ""; });
    form.querySelectorAll(".is-invalid").forEach(function (el) { el.classList.remove("is-invalid"); });
    Object.keys(errors).forEach(function (name) {
      var box = form.querySelector('[data-errors-for="' + name + '"]') ||
        form.querySelector('[data-errors-for="__all__"]');
      var input = form.querySelector('input.form-control[name="' + name + '"]');
      if (input) input.classList.add("is-invalid");
      errors[name].forEach(function (message) {
        var line = document.createElement("div");
        line.className = box.dataset.errorsFor === "__all__" ? "alert alert-danger" : "invalid-feedback d-block";
        line.textContent = message;
        box.appendChild(line);
      });
    });
  }

  function runSummary(fields) {
    var kind = form.querySelector('input[name="kind"]:checked');
    var kindLabel = kind ? form.querySelector('label[for="' + kind.id + '"]').textContent.trim() : "Run";
    var day = form.querySelector('select[name="day"]');
    var dayLabel = day ? day.options[day.selectedIndex].textContent.trim().toLowerCase() : fields.day;
    var text = kindLabel.toLowerCase();
    if (fields.distance && fields.kind !== "no_run") text += ", " + fields.distance + " " + form.dataset.unit;
    return text + " (" + dayLabel + ")";
  }

  if (form) {
    var codeField = form.querySelector('input[name="code"]');
    // A fresh code for each page drawn (the service worker may show a kept copy of the page);
    // the same page sends the same code however often the button is pressed.
    codeField.value = RoadmapQueue.uuid();
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var fields = fieldsOf(form);
      mine = fields.code;
      say("Sending…");
      queue.add({ kind: "run", code: fields.code, url: form.action, fields: fields, summary: runSummary(fields) });
    });
  }

  // ---- Today's run card ------------------------------------------------------------------
  var morningCode = morningForm && morningForm.querySelector('input[name="code"]');
  if (!morningCode) morningForm = null; // a page drawn without the question's fields
  if (morningForm) {
    morningCode.value = RoadmapQueue.uuid();
    morningForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var fields = fieldsOf(morningForm);
      if (!fields.pain) return; // the radios are required: the browser asks for one
      morningForm.classList.add("d-none");
      queue.add({
        kind: "morning",
        code: fields.code,
        url: morningForm.action,
        fields: fields,
        summary: "this morning's pain, " + fields.pain + "/10",
      });
      showPending();
    });
  }
  // An answer not sent yet hides the question it answers.
  if (morningForm && queue.read().some(function (item) { return item.kind === "morning" && item.fields.day === morningForm.querySelector('input[name="day"]').value; })) {
    morningForm.classList.add("d-none");
  }

  showPending();
  queue.flush();
})();
