/* Roadmap's service worker, for runners' phones: Today (with its timers and offline queue) and
 * the run log open with no network once Today has been opened online.
 *
 * Pages: network first, the last good copy when the network fails. Static files: cache first
 * (their names carry a content hash). Only Today, the run log and the files they need are kept;
 * a sign-out or a page that answers with the sign-in page empties the cache, so a shared phone
 * keeps nothing. What is logged offline waits in the pages' own queue (static/js/queue.js).
 */
"use strict";
const CACHE = "roadmap-{{ version }}";
const TODAY = "{{ today_url }}";
const RUN_LOG = "{{ run_log_url }}";
const STATIC = {{ static_urls|safe }};
const SIGN_IN = "{{ login_url }}";

async function keep(cache, page) {
  const response = await fetch(page, { credentials: "same-origin" });
  if (response.ok && !response.redirected) await cache.put(page, response);
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(STATIC);
    await keep(cache, TODAY);
    await keep(cache, RUN_LOG);
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

function isPage(url) {
  return url.origin === self.location.origin &&
    (url.pathname.startsWith(TODAY) || url.pathname === RUN_LOG);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;  // sets and runs go through the pages' own queue
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (STATIC.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname).then((hit) => hit || fetch(request)));
  } else if (request.mode === "navigate" && isPage(url)) {
    event.respondWith((async () => {
      const cache = await caches.open(CACHE);
      try {
        const response = await fetch(request);
        if (response.redirected && new URL(response.url).pathname.startsWith(SIGN_IN)) {
          await caches.delete(CACHE);  // signed out: keep nothing of theirs
        } else if (response.ok) {
          await cache.put(request, response.clone());
        }
        return response;
      } catch (offline) {
        return (await cache.match(request)) || (await cache.match(url.pathname)) ||
          (await cache.match(TODAY)) || Response.error();
      }
    })());
  } else if (request.mode === "navigate" && url.pathname.startsWith(SIGN_IN)) {
    event.waitUntil(caches.delete(CACHE));
  }
});
