/*
 * PeerPath: what a person did without a signal, kept on this device until it can be sent.
 *
 * Two kinds of item live in one IndexedDB store ("peerpath-offline" / "waiting"):
 *   - "entry": a practice entry from the quick form. It carries a key made here
 *     (crypto.randomUUID) that the server accepts once: sending it again, however often,
 *     answers with the entry already made.
 *   - "action": a small form post that is safe to repeat, such as marking a lesson complete.
 * An item the server refuses (a validation error, no agreement for that date) stays, marked
 * "refused", with the reasons and everything that was typed, until the person deals with it.
 *
 * Loaded by the pages (static/js/offline.js) and by the service worker (Background Sync).
 */
(function (scope) {
    "use strict";

    var DB_NAME = "peerpath-offline";
    var STORE = "waiting";

    function openDatabase() {
        return new Promise(function (resolve, reject) {
            var request = scope.indexedDB.open(DB_NAME, 1);
            request.onupgradeneeded = function () {
                request.result.createObjectStore(STORE, { keyPath: "key" });
            };
            request.onsuccess = function () { resolve(request.result); };
            request.onerror = function () { reject(request.error); };
        });
    }

    function withStore(mode, work) {
        return openDatabase().then(function (db) {
            return new Promise(function (resolve, reject) {
                var transaction = db.transaction(STORE, mode);
                var request = work(transaction.objectStore(STORE));
                transaction.oncomplete = function () {
                    db.close();
                    resolve(request ? request.result : undefined);
                };
                transaction.onerror = function () { db.close(); reject(transaction.error); };
            });
        });
    }

    function csrfFromCookie() {
        if (typeof document === "undefined") { return ""; }
        var found = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
        return found ? decodeURIComponent(found[1]) : "";
    }

    var queue = {
        all: function () {
            return withStore("readonly", function (store) { return store.getAll(); })
                .then(function (items) {
                    return (items || []).sort(function (a, b) {
                        return a.savedAt < b.savedAt ? -1 : 1;
                    });
                });
        },
        put: function (item) {
            return withStore("readwrite", function (store) { return store.put(item); });
        },
        remove: function (key) {
            return withStore("readwrite", function (store) { return store.delete(key); });
        },
        forget: function () {
            return new Promise(function (resolve) {
                var request = scope.indexedDB.deleteDatabase(DB_NAME);
                request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
            });
        },

        /* Send one item. "sent", "refused" (kept, with reasons) or "waiting" (kept as it was:
           no signal, signed out, a server fault). */
        send: function (item) {
            var token = csrfFromCookie() || item.csrf;
            var body = new URLSearchParams(item.fields);
            body.set("csrfmiddlewaretoken", token);
            if (item.kind === "entry") { body.set("client_key", item.key); }
            return scope.fetch(item.action, {
                method: "POST",
                body: body,
                credentials: "same-origin",
                redirect: "manual",
                headers: { "Accept": "application/json", "X-CSRFToken": token }
            }).then(function (response) {
                var done = item.kind === "entry"
                    ? response.status === 201
                    : response.type === "opaqueredirect" || response.ok;
                if (done) {
                    return queue.remove(item.key).then(function () { return "sent"; });
                }
                if (item.kind === "entry" && response.status === 400) {
                    return response.json().then(function (data) {
                        item.state = "refused";
                        item.errors = data.errors || {};
                        return queue.put(item).then(function () { return "refused"; });
                    });
                }
                return "waiting";
            }, function () { return "waiting"; });
        },

        /* Send everything still waiting, one at a time, oldest first. */
        sendAll: function () {
            return queue.all().then(function (items) {
                var tally = { sent: 0, refused: 0, waiting: 0 };
                return items.filter(function (item) { return item.state !== "refused"; })
                    .reduce(function (previous, item) {
                        return previous.then(function () {
                            return queue.send(item).then(function (outcome) { tally[outcome] += 1; });
                        });
                    }, Promise.resolve())
                    .then(function () { return tally; });
            });
        }
    };

    scope.PeerPathQueue = queue;
})(self);
