/* global self, caches */
/*
 * Chợ Nông Sản service worker, hand-written and small on purpose. It keeps the app shell only (the
 * offline page /ngoai-tuyen, the stylesheets it links, the favicon) and shows the offline page when
 * a page cannot be fetched. Nothing else is cached: no API answer, no page with data; every other
 * request goes to the network as if there were no worker.
 * Bump VERSION when this file or the offline page changes: the browser installs the new worker,
 * which fetches the shell again and deletes the old caches on activate.
 */
const VERSION = "1";
const PREFIX = "cns-shell-";
const CACHE = PREFIX + VERSION;
const OFFLINE_URL = "/ngoai-tuyen";

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // No cookies: the kept page must be everyone's, not the signed-in user's.
      const response = await fetch(OFFLINE_URL, { cache: "no-store", credentials: "omit" });
      if (!response.ok) throw new Error("offline page answered " + response.status);
      const html = await response.clone().text();
      await cache.put(OFFLINE_URL, response);
      const linked = Array.from(html.matchAll(/<link[^>]+href="(\/[^"]+)"/g), (m) => m[1]);
      await cache.addAll(Array.from(new Set(["/favicon.ico", ...linked])));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((name) => name.startsWith(PREFIX) && name !== CACHE).map((name) => caches.delete(name)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request).catch(async () => (await caches.match(OFFLINE_URL, { cacheName: CACHE })) || Response.error()),
    );
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // The shell's own files: fingerprinted stylesheets never change, the favicon hardly.
  const shell = (url.pathname.startsWith("/build/") && url.pathname.endsWith(".css")) || url.pathname === "/favicon.ico";
  if (!shell) return;
  event.respondWith(
    caches.match(request, { cacheName: CACHE }).then((kept) => kept || fetch(request)),
  );
});
