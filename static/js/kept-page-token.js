/*
 * A public page a CDN keeps goes to every visitor alike, so it cannot carry anyone's CSRF token:
 * it carries a placeholder where the token goes (lms/kept_pages.py, cms/frontend_cache.py).
 * This fetches the visitor's own token (and its cookie) from the address in data-token-url and
 * puts it in place of the placeholder: in every form's csrfmiddlewaretoken and in htmx's
 * headers (<body hx-headers>). A form or an htmx request started before the token arrives
 * waits for it. Where the server already put the visitor's token in, this does nothing.
 * Without JavaScript the form still posts; the server answers kindly (cms/views.py).
 */
(function () {
    "use strict";

    var PREFIX = "pagecachecsrftokenplaceholder";
    var script = document.currentScript;
    var address = script && script.getAttribute("data-token-url");
    if (!address || !window.fetch) { return; }

    function fields() {
        return Array.prototype.filter.call(
            document.querySelectorAll('input[name="csrfmiddlewaretoken"]'),
            function (field) { return field.value.indexOf(PREFIX) === 0; }
        );
    }

    function headersWaiting() {
        var value = document.body.getAttribute("hx-headers") || "";
        return value.indexOf(PREFIX) !== -1;
    }

    if (!fields().length && !headersWaiting()) { return; }

    var token = null;
    function fill(value) {
        token = value;
        fields().forEach(function (field) { field.value = value; });
        if (headersWaiting()) {
            var headers = {};
            try { headers = JSON.parse(document.body.getAttribute("hx-headers")); } catch (_error) { headers = {}; }
            headers["X-CSRFToken"] = value;
            document.body.setAttribute("hx-headers", JSON.stringify(headers));
        }
        return value;
    }

    var asked = null;
    function ask() {
        if (!asked) {
            asked = fetch(address, {
                credentials: "same-origin",
                cache: "no-store",
                headers: { "Accept": "application/json" }
            }).then(function (response) {
                if (!response.ok) { throw new Error("token " + response.status); }
                return response.json();
            }).then(function (data) { return fill(data.token); });
            // Asked again next time, should this answer not come (no signal).
            asked.catch(function () { asked = null; });
        }
        return asked;
    }

    ask().catch(function () { /* asked again when a form is sent */ });

    // A form sent before the token is in waits for it; if none comes, it goes as it is and the
    // server offers to send it once more.
    document.addEventListener("submit", function (event) {
        var form = event.target;
        if (token || form.hasAttribute("data-token-asked")) { return; }
        var waiting = Array.prototype.some.call(fields(), function (field) { return field.form === form; });
        if (!waiting) { return; }
        event.preventDefault();
        form.setAttribute("data-token-asked", "");
        var submitter = event.submitter;
        function send() {
            if (form.requestSubmit) {
                form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
                return;
            }
            if (submitter && submitter.name) {
                var carried = document.createElement("input");
                carried.type = "hidden";
                carried.name = submitter.name;
                carried.value = submitter.value;
                form.appendChild(carried);
            }
            form.submit();
        }
        ask().then(send, send);
    }, true);

    // The same for htmx: a request waits for the token, then goes with it.
    document.addEventListener("htmx:confirm", function (event) {
        if (token || !headersWaiting()) { return; }
        event.preventDefault();
        ask().then(function () { event.detail.issueRequest(true); }, function () { event.detail.issueRequest(true); });
    });
    document.addEventListener("htmx:configRequest", function (event) {
        if (token && String(event.detail.headers["X-CSRFToken"] || "").indexOf(PREFIX) === 0) {
            event.detail.headers["X-CSRFToken"] = token;
        }
    });
}());
