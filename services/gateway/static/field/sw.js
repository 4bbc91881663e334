/* The field app's service worker: the app shell (page, script, style) and the field's data
   are fetched from the network when there is one and from the cache when there is not. */
const CACHE = "touchline-field-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  const cached = url.pathname.startsWith("/field/") ||
    /^\/v1\/tournaments\/[^/]+\/fields\//.test(url.pathname);
  if (event.request.method !== "GET" || url.origin !== self.location.origin || !cached) return;
  event.respondWith(
    fetch(event.request).then(async (response) => {
      if (response.ok) {
        const copy = response.clone();
        await (await caches.open(CACHE)).put(url.pathname, copy);
      }
      return response;
    }).catch(async () => {
      const hit = await caches.match(url.pathname);
      if (hit) return hit;
      throw new Error("offline and not cached: " + url.pathname);
    }),
  );
});
