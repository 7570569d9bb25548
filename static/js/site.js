// Site-wide behaviour, kept out of the templates: the Content Security Policy runs no inline
// script or event handler without a nonce. Add behaviour here with data attributes.

// <select data-autosubmit> (or any field): changing it submits its form.
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.requestSubmit();
});

// A long form came back with errors: start at its summary, whose links lead to each field.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});

// Runners' phones: the service worker keeps Today (timers, offline queue) usable with no network.
// Anyone else's visit unregisters one left behind, so a shared computer keeps nothing.
if ("serviceWorker" in navigator) {
  const worker = document.body.dataset.serviceWorker;
  if (worker) {
    navigator.serviceWorker.register(worker, { scope: "/" });
  } else {
    navigator.serviceWorker.getRegistrations().then((all) => all.forEach((r) => r.unregister()));
    if (window.caches) caches.keys().then((names) => names.forEach((name) => caches.delete(name)));
  }
}
