/* global navigator, addEventListener */
// Registers the service worker (sw.js: the offline page) once the page has loaded, so it never
// competes with the page on a slow link. A file rather than an inline script: pages carry no
// per-response nonce and can be cached as they are (docs/decisions/0039).
if ("serviceWorker" in navigator)
  addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js").catch(function () {});
  });
