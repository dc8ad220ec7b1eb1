/* H5P activities in a lesson.
 *
 * Plays each activity in the page with h5p-standalone (embedType "div": no frame, so nothing
 * needs an inline script and the site's Content Security Policy stays as it is). The player's
 * files and the activity's own come from PeerPath's origin. When the activity reports a scored
 * xAPI "completed" or "answered" event for itself (not for one of its parts), the score goes to
 * PeerPath, which decides by the pass mark the editor set whether the activity is complete, and
 * the status line says what happened. Settings come from data attributes; no inline script.
 */
(function () {
  "use strict";

  var LOCAL_CONTENT_ID = "http://h5p.org/x-api/h5p-local-content-id";
  var SUB_CONTENT_ID = "http://h5p.org/x-api/h5p-subContentId";
  var RESULT_VERBS = ["completed", "answered"];
  var players = {};

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

  function onStatement(event) {
    var statement = event && event.data && event.data.statement;
    if (!statement || !statement.verb || !statement.result) return;
    var verb = String(statement.verb.id || "").split("/").pop();
    var score = statement.result.score;
    if (RESULT_VERBS.indexOf(verb) === -1 || !score || typeof score.raw !== "number" || typeof score.max !== "number") return;
    // A part of the activity (one question of a set) reports its own score: only the whole counts.
    if (extension(statement, SUB_CONTENT_ID)) return;
    var contentId = extension(statement, LOCAL_CONTENT_ID);
    var ids = Object.keys(players);
    var section = players[contentId] || (ids.length === 1 ? players[ids[0]] : null);
    if (section) send(section, verb, score);
  }

  function play(section) {
    var id = section.dataset.playerId;
    players[id] = section;
    return new window.H5PStandalone.H5P(section.querySelector("[data-h5p-container]"), {
      id: id,
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
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
