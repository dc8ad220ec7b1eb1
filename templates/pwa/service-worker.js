{% load static %}/*
 * PeerPath's service worker (issue 18), built on Workbox from our own static files (no CDN).
 * - Pages a person opens are kept (network first, the saved copy when there is no signal, and
 *   marked as a saved copy); the offline page when there is neither.
 * - Static files and images: from the cache first.
 * - Background Sync sends what waited on this device (static/js/hours-queue.js).
 * Caches hold personal pages: signing out deletes them (static/js/offline.js, and the
 * Clear-Site-Data header of the sign-out answer).
 */
importScripts("{% static 'vendor/workbox/workbox-sw.js' %}");
workbox.setConfig({ modulePathPrefix: "{% get_static_prefix %}vendor/workbox/", debug: false });
importScripts("{% static 'js/hours-queue.js' %}");

var OFFLINE_PAGE = "{% url 'lms:offline' %}";
var PAGES = "peerpath-pages";
var NEVER_KEPT = ["/admin/", "/django-admin/", "/accounts/", "/api/", "/service-worker.js"];

self.addEventListener("install", function (event) {
    event.waitUntil(caches.open(PAGES).then(function (cache) { return cache.add(OFFLINE_PAGE); }));
    self.skipWaiting();
});
self.addEventListener("activate", function (event) {
    event.waitUntil(self.clients.claim());
});

var markSavedCopy = {
    cachedResponseWillBeUsed: function (context) {
        var cached = context.cachedResponse;
        if (!cached) { return cached; }
        return cached.text().then(function (html) {
            // Marked with when it was made (the answer's Date), for the page to say so.
            var made = (cached.headers.get("Date") || "saved").replace(/"/g, "");
            return new Response(html.replace("<html ", "<html data-saved-copy=\"" + made + "\" "), {
                status: cached.status,
                statusText: cached.statusText,
                headers: cached.headers
            });
        });
    }
};

var pages = new workbox.strategies.NetworkFirst({
    cacheName: PAGES,
    networkTimeoutSeconds: 5,
    plugins: [
        new workbox.cacheableResponse.CacheableResponsePlugin({ statuses: [200] }),
        new workbox.expiration.ExpirationPlugin({ maxEntries: 80 }),
        markSavedCopy
    ]
});

workbox.routing.registerRoute(
    function (options) {
        var url = options.url;
        return options.request.mode === "navigate" && url.origin === self.location.origin &&
            !NEVER_KEPT.some(function (prefix) { return url.pathname.indexOf(prefix) === 0; });
    },
    function (options) {
        return pages.handle(options).then(function (response) {
            return response || caches.match(OFFLINE_PAGE);
        }, function () {
            return caches.match(OFFLINE_PAGE);
        });
    }
);

workbox.routing.registerRoute(
    function (options) { return options.url.pathname.indexOf("{% get_static_prefix %}") === 0; },
    new workbox.strategies.CacheFirst({
        cacheName: "peerpath-static",
        plugins: [new workbox.expiration.ExpirationPlugin({ maxEntries: 200 })]
    })
);

workbox.routing.registerRoute(
    function (options) { return options.request.destination === "image"; },
    new workbox.strategies.CacheFirst({
        cacheName: "peerpath-images",
        plugins: [
            new workbox.cacheableResponse.CacheableResponsePlugin({ statuses: [0, 200] }),
            new workbox.expiration.ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: 30 * 24 * 3600 })
        ]
    })
);

self.addEventListener("sync", function (event) {
    if (event.tag === "peerpath-send-waiting") {
        event.waitUntil(self.PeerPathQueue.sendAll());
    }
});
