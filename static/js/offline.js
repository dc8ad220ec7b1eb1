/*
 * PeerPath on a phone with a weak signal (issue 18):
 * - registers the service worker (/service-worker.js), which keeps pages and images a person
 *   opened readable offline;
 * - marks a saved copy as one, with the time it was made;
 * - keeps practice entries (form[data-offline="entry"]) and repeatable actions such as
 *   completing a lesson (form[data-offline="action"]) on the device when they cannot be sent,
 *   shows them as waiting, and sends them when the signal returns (PeerPathQueue);
 * - shows how many are waiting on every page;
 * - clears this device's copies and waiting items when the person signs out.
 * Every form still posts normally without JavaScript.
 */
(function () {
    "use strict";

    var queue = window.PeerPathQueue;
    var textsElement = document.getElementById("offline-texts");
    if (!queue || !textsElement || !("indexedDB" in window)) { return; }
    var texts = JSON.parse(textsElement.textContent);

    function format(template, values) {
        return template.replace(/%\((\w+)\)s/g, function (_match, name) { return values[name]; });
    }

    function announce(message) {
        var region = document.querySelector("[data-offline-status]");
        if (region) { region.textContent = message; region.hidden = false; }
    }

    // ------------------------------------------------------------------ service worker
    if ("serviceWorker" in navigator) {
        navigator.serviceWorker.register("/service-worker.js", { scope: "/" });
    }

    // ------------------------------------------------------------------ saved copies
    // The service worker marks a page it served from its cache with when the page was made.
    var root = document.documentElement;
    if (root.dataset.savedCopy) {
        var banner = document.querySelector("[data-saved-copy-banner]");
        var made = new Date(root.dataset.savedCopy);
        if (banner) {
            banner.textContent = format(texts.savedCopy, {
                time: isNaN(made) ? "?" : made.toLocaleString(root.lang || undefined, {
                    dateStyle: "medium", timeStyle: "short"
                })
            });
            banner.hidden = false;
        }
    }

    // ------------------------------------------------------------------ the waiting list
    function describe(item) {
        var fields = item.fields || {};
        if (item.kind === "action") { return item.label || texts.action; }
        return [fields.date, fields.duration_hours ? fields.duration_hours + " h" : "",
            (fields.description || "").slice(0, 80)].filter(Boolean).join(" · ");
    }

    function render() {
        return queue.all().then(function (items) {
            var waiting = items.length;
            waitingNow = waiting;
            document.querySelectorAll("[data-waiting-count]").forEach(function (badge) {
                badge.textContent = format(waiting === 1 ? texts.countOne : texts.countMany,
                    { count: waiting });
                badge.hidden = waiting === 0;
            });
            var list = document.querySelector("[data-waiting-list]");
            if (!list) { return; }
            var holder = list.querySelector("ul");
            holder.replaceChildren();
            items.forEach(function (item) {
                var row = document.createElement("li");
                row.className = "queue-item queue-item--" + (item.state === "refused" ? "returned" : "draft");
                row.dataset.waitingKey = item.key;
                var title = document.createElement("p");
                title.className = "queue-item__title";
                title.textContent = describe(item);
                row.appendChild(title);
                var state = document.createElement("p");
                state.textContent = item.state === "refused" ? texts.refused : texts.waiting;
                row.appendChild(state);
                if (item.state === "refused") {
                    var reasons = document.createElement("ul");
                    Object.keys(item.errors || {}).forEach(function (field) {
                        (item.errors[field] || []).forEach(function (error) {
                            var reason = document.createElement("li");
                            reason.className = "field__error";
                            reason.textContent = error.message || String(error);
                            reasons.appendChild(reason);
                        });
                    });
                    row.appendChild(reasons);
                    var again = document.createElement("button");
                    again.type = "button";
                    again.className = "button button--secondary";
                    again.textContent = texts.putBack;
                    again.addEventListener("click", function () { putBack(item); });
                    row.appendChild(again);
                }
                holder.appendChild(row);
            });
            list.hidden = waiting === 0;
        });
    }

    // An entry the server refused goes back into the form, every field as typed.
    function putBack(item) {
        var form = document.querySelector("form[data-offline='entry']");
        if (!form) { return; }
        Object.keys(item.fields).forEach(function (name) {
            var field = form.elements.namedItem(name);
            if (field && field.type !== "submit" && field.type !== "hidden") { field.value = item.fields[name]; }
        });
        queue.remove(item.key).then(render).then(function () {
            var first = form.querySelector("input, select, textarea");
            if (first) { first.focus(); }
            announce(texts.putBackDone);
        });
    }

    function sendWaiting() {
        return queue.sendAll().then(function (tally) {
            if (tally.sent) { announce(format(texts.sent, { count: tally.sent })); }
            if (tally.refused) { announce(texts.someRefused); }
            return render();
        });
    }

    function keep(form, submitter, kind) {
        var data = new FormData(form);
        if (submitter && submitter.name) { data.set(submitter.name, submitter.value); }
        var fields = {};
        data.forEach(function (value, name) {
            if (name !== "csrfmiddlewaretoken" && typeof value === "string") { fields[name] = value; }
        });
        var item = {
            key: (self.crypto && crypto.randomUUID) ? crypto.randomUUID()
                : String(Date.now()) + Math.random().toString(16).slice(2),
            kind: kind,
            // form.action would be the buttons named "action": read the attribute.
            action: new URL(form.getAttribute("action") || location.href, location.href).href,
            fields: fields,
            csrf: (form.elements.namedItem("csrfmiddlewaretoken") || {}).value || "",
            label: form.dataset.offlineLabel || "",
            state: "waiting",
            savedAt: new Date().toISOString()
        };
        // Cleared at once (what was typed is in the item), so the next entry starts afresh.
        if (kind === "entry") { form.reset(); }
        return queue.put(item).then(function () {
            announce(kind === "entry" ? texts.kept : texts.actionKept);
            if ("serviceWorker" in navigator) {
                navigator.serviceWorker.ready.then(function (registration) {
                    if (registration.sync) { return registration.sync.register("peerpath-send-waiting"); }
                }).catch(function () { /* Background Sync is a bonus: pages send too */ });
            }
            return render();
        });
    }

    // Offline (or a send that fails on the way): keep it here. Online, the form posts as ever.
    document.querySelectorAll("form[data-offline]").forEach(function (form) {
        form.addEventListener("submit", function (event) {
            if (navigator.onLine) { return; }
            event.preventDefault();
            keep(form, event.submitter, form.dataset.offline);
        });
    });

    document.querySelectorAll("[data-send-waiting]").forEach(function (button) {
        button.addEventListener("click", sendWaiting);
    });

    // ------------------------------------------------------------------ signing out
    // The sign-out answer carries Clear-Site-Data ("cache", "storage"), which deletes the
    // saved pages and the waiting items; deleting starts here too. The form is never held
    // back, except when the person decides to keep entries that are still waiting.
    var waitingNow = 0;
    document.querySelectorAll("form[data-sign-out]").forEach(function (form) {
        form.addEventListener("submit", function (event) {
            if (waitingNow && !window.confirm(format(texts.signOutWaiting, { count: waitingNow }))) {
                event.preventDefault();
                return;
            }
            queue.forget();
            if ("caches" in window) {
                caches.keys().then(function (names) {
                    names.forEach(function (name) { caches.delete(name); });
                });
            }
        });
    });

    // Signed out, nothing waits here (signing out deleted it): the store is not even opened.
    if (!document.querySelector("[data-waiting-count]")) { return; }
    window.addEventListener("online", sendWaiting);
    if (navigator.onLine) { sendWaiting(); } else { render(); }
})();
