/* H5P activities in a lesson.
 *
 * Plays each activity in the page with h5p-standalone (embedType "div": no frame, so nothing
 * needs an inline script and the site's Content Security Policy stays as it is). The player's
 * files and the activity's own come from PeerPath's origin. When the activity reports a scored
 * xAPI "completed" or "answered" event for itself (not for one of its parts), the score goes to
 * PeerPath, which decides by the pass mark the editor set whether the activity is complete, and
 * the status line says what happened. Settings come from data attributes; no inline script.
 *
 * The activity's own state (a half-answered question) is kept too, so the person carries on
 * where they left off on any device. The state saved last comes in data-saved-state and is
 * handed to H5P as the content's user data ([{ state: "<JSON text>" }], read by H5P core's
 * getUserData for subcontent 0), which gives it to the content type as its previousState
 * (only when saveFreq is set). H5P core's own saving (ajax.contentUserDataUrl) is not used: its
 * address is page-wide in H5PIntegration (the last activity's would win), and each activity
 * has its own signed address here. So this script asks each activity for getCurrentState()
 * every few seconds, soon after the activity reports anything, and as the page is left (a
 * beacon), and posts it when it has changed, in the fields H5P core posts (data, preload,
 * invalidate).
 */
(function () {
  "use strict";

  var LOCAL_CONTENT_ID = "http://h5p.org/x-api/h5p-local-content-id";
  var SUB_CONTENT_ID = "http://h5p.org/x-api/h5p-subContentId";
  var RESULT_VERBS = ["completed", "answered"];
  var SAVE_SECONDS = 5;
  var players = {};
  var sentStates = {};
  var saving = {};

  function say(section, text, done) {
    var status = section.querySelector("[data-package-status]");
    if (!status || !text) return;
    status.textContent = text;
    status.className = done ? "status status--done" : "muted";
  }

  function lessonDone() {
    var lessonStatus = document.querySelector("[data-package-lesson-status]");
    if (lessonStatus && lessonStatus.dataset.doneText) {
      lessonStatus.textContent = lessonStatus.dataset.doneText;
    }
  }

  function send(section, verb, score) {
    var status = section.querySelector("[data-package-status]") || { dataset: {} };
    return fetch(section.dataset.resultUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({
        verb: verb,
        score: { raw: score.raw, max: score.max, scaled: score.scaled }
      })
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (answer) {
        if (answer.completed) {
          section.dataset.completed = "true";
          say(section, status.dataset.doneText, true);
        } else {
          say(section, status.dataset.belowText, false);
        }
        if (answer.lesson_completed) lessonDone();
      })
      .catch(function () { say(section, status.dataset.errorText, false); });
  }

  function extension(statement, name) {
    var object = statement && statement.object;
    var extensions = object && object.definition && object.definition.extensions;
    return extensions ? extensions[name] : undefined;
  }

  function instanceOf(section) {
    var instances = (window.H5P && window.H5P.instances) || [];
    for (var i = 0; i < instances.length; i++) {
      if (String(instances[i].contentId) === section.dataset.playerId) return instances[i];
    }
    return null;
  }

  function currentState(section) {
    var instance = instanceOf(section);
    if (!instance || typeof instance.getCurrentState !== "function") return undefined;
    try {
      var state = instance.getCurrentState();
      return state === undefined ? undefined : JSON.stringify(state);
    } catch (error) {
      return undefined;
    }
  }

  function stateBody(text) {
    return new URLSearchParams({ data: text, preload: "1", invalidate: "1" });
  }

  // One save at a time for each activity, each with the state as it is by then.
  function saveState(section) {
    var id = section.dataset.playerId;
    saving[id] = (saving[id] || Promise.resolve()).then(function () {
      var text = currentState(section);
      if (text === undefined || text === sentStates[id]) return undefined;
      return fetch(section.dataset.stateUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        body: stateBody(text)
      })
        .then(function (response) {
          // Kept, or refused (too big, not this person's): either way, not sent again as is.
          if (response.status < 500) sentStates[id] = text;
        })
        .catch(function () { /* tried again at the next save */ });
    });
  }

  // The page is going away: a beacon still arrives.
  function saveStatesLeaving() {
    Object.keys(players).forEach(function (id) {
      var section = players[id];
      var text = currentState(section);
      if (text === undefined || text === sentStates[id] || !navigator.sendBeacon) return;
      if (navigator.sendBeacon(section.dataset.stateUrl, stateBody(text))) sentStates[id] = text;
    });
  }

  function saveStates() {
    Object.keys(players).forEach(function (id) { saveState(players[id]); });
  }

  function sectionFor(statement) {
    var contentId = extension(statement, LOCAL_CONTENT_ID);
    var ids = Object.keys(players);
    return players[contentId] || (ids.length === 1 ? players[ids[0]] : null);
  }

  function onStatement(event) {
    var statement = event && event.data && event.data.statement;
    if (!statement || !statement.verb) return;
    var section = sectionFor(statement);
    // Whatever the activity reports (an answer chosen, a page turned), its state may have changed.
    if (section) window.setTimeout(function () { saveState(section); }, 300);
    if (!statement.result) return;
    var verb = String(statement.verb.id || "").split("/").pop();
    var score = statement.result.score;
    if (RESULT_VERBS.indexOf(verb) === -1 || !score || typeof score.raw !== "number" || typeof score.max !== "number") return;
    // A part of the activity (one question of a set) reports its own score: only the whole counts.
    if (extension(statement, SUB_CONTENT_ID)) return;
    if (section) send(section, verb, score);
  }

  function play(section) {
    var id = section.dataset.playerId;
    var saved = section.dataset.savedState;
    players[id] = section;
    if (saved) sentStates[id] = saved;
    return new window.H5PStandalone.H5P(section.querySelector("[data-h5p-container]"), {
      id: id,
      // H5P hands the content type its previous state only when saving is on.
      saveFreq: SAVE_SECONDS,
      contentUserData: saved ? [{ state: saved }] : undefined,
      h5pJsonPath: section.dataset.h5pJsonPath,
      contentJsonPath: section.dataset.contentJsonPath,
      frameJs: section.dataset.frameJs,
      frameCss: section.dataset.frameCss,
      embedType: "div",
      frame: false,
      copyright: false,
      export: false,
      embed: false,
      fullScreen: false,
      icon: false
    });
  }

  function ready() {
    var sections = Array.prototype.slice.call(document.querySelectorAll("[data-h5p-player]"));
    if (!sections.length || !window.H5PStandalone) return;
    // One activity after another (h5p-standalone sets up one page-wide H5P); the listener is
    // added once the first is ready, as frame.bundle.js replaces window.H5P while it loads.
    var listening = false;
    sections.reduce(function (previous, section) {
      return previous.then(function () {
        return play(section).then(function () {
          if (!listening && window.H5P && window.H5P.externalDispatcher) {
            window.H5P.externalDispatcher.on("xAPI", onStatement);
            listening = true;
          }
        });
      }).catch(function () {
        var status = section.querySelector("[data-package-status]");
        if (status) say(section, status.dataset.loadErrorText, false);
      });
    }, Promise.resolve());
    window.setInterval(saveStates, SAVE_SECONDS * 1000);
    window.addEventListener("pagehide", saveStatesLeaving);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") saveStatesLeaving();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
