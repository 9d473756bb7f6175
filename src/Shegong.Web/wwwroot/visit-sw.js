// The visit form without a connection: network first; when the network fails, the copy visit-draft.js kept.
// Only the visit form and its three files are answered from the copy; every other request goes to the network.
var CACHE = "shegong-visit-v1";
var VISIT_FORM = /^\/persons\/[0-9a-f-]{36}\/visit$/i;
var ASSETS = /^\/(app\.css|forms\.js|visit-draft\.js)$/;

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (e) { e.waitUntil(self.clients.claim()); });
self.addEventListener("fetch", function (e) {
  var request = e.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  var form = request.mode === "navigate" && VISIT_FORM.test(url.pathname);
  if (!form && !ASSETS.test(url.pathname)) return;
  e.respondWith(fetch(request).then(function (response) {
    if (form && response.ok && response.type === "basic") {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(url.pathname, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(form ? url.pathname : request.url).then(function (hit) { return hit || Response.error(); });
  }));
});
