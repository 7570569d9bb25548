/* Posts that must reach the server once, even from a phone that is offline (Today's sets, the
 * run log, this morning's pain).
 *
 * Each thing logged gets its code (a UUID) here, before it is sent, and waits in a queue kept in
 * localStorage until the server answers. A flaky connection or a page closed offline just means
 * the same item is sent again later, and the server keeps one row per code. Items go one at a
 * time, oldest first, when the queue is opened, when something is added and when the browser
 * says it is back online.
 *
 *   var queue = RoadmapQueue.open("roadmap.pendingX", {
 *     post: function (item) { return fetch(...); },  // a Response promise
 *     sent: function (item, data) {},      // the server has it (data: its JSON answer, ok: true)
 *     refused: function (item, data) {},   // 400: it never will; the item is dropped
 *     offline: function (item) {},         // no answer (or 5xx): kept, tried again later
 *   });
 *   queue.add({ kind: "log", code: RoadmapQueue.uuid(), ... });
 */
(function () {
  "use strict";
  var RETRY_MS = 15000;

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  /* A form post the server answers in JSON (the views answer JSON when asked for it). */
  function postForm(url, fields) {
    var body = new FormData();
    Object.keys(fields).forEach(function (name) {
      [].concat(fields[name]).forEach(function (value) { body.append(name, value); });
    });
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
    });
  }

  function open(key, handlers) {
    var sending = false;
    var nothing = function () {};
    var sent = handlers.sent || nothing;
    var refused = handlers.refused || nothing;
    var offline = handlers.offline || nothing;

    function read() {
      try { return JSON.parse(localStorage.getItem(key)) || []; } catch (e) { return []; }
    }
    function write(items) {
      try { localStorage.setItem(key, JSON.stringify(items)); } catch (e) { /* private mode */ }
    }
    function same(a, b) { return a.kind === b.kind && a.code === b.code; }
    function drop(item) {
      var items = read();
      for (var i = 0; i < items.length; i++) {
        if (same(items[i], item)) { items.splice(i, 1); break; }
      }
      write(items);
    }
    /* Queue an item and send what is waiting. The same item twice (a double tap) is queued once. */
    function add(item) {
      var items = read();
      if (!items.some(function (queued) { return same(queued, item); })) {
        items.push(item);
        write(items);
      }
      flush();
    }

    function flush() {
      if (sending) return;
      var items = read();
      if (!items.length) return;
      sending = true;
      var item = items[0];
      handlers.post(item)
        .then(function (response) {
          return response.json().catch(function () { return {}; }).then(function (data) {
            // Only the server's own answer counts: a sign-in page (the session ran out) is not
            // one, and the item waits for the next try.
            if (response.ok && data.ok === true) {
              drop(item);
              sent(item, data);
            } else if (response.status === 400) {
              drop(item); // the server will never take it: the page says so
              refused(item, data);
            } else {
              throw new Error("status " + response.status);
            }
          });
        })
        .then(function () { sending = false; flush(); })
        .catch(function () {
          sending = false;
          offline(item);
          setTimeout(flush, RETRY_MS);
        });
    }

    window.addEventListener("online", flush);
    return { read: read, add: add, flush: flush };
  }

  window.RoadmapQueue = { open: open, uuid: uuid, postForm: postForm };
})();
