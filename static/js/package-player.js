/* A packaged activity (SCORM 1.2 or 2004) in a lesson.
 *
 * Starts scorm-again's runtime in this page (window.API or window.API_1484_11, where a package
 * looks for it), hands it what the person's last visit saved, then loads the package into its
 * frame. Every commit goes to PeerPath (synchronous, as SCORM expects; the last one as a beacon
 * when the page closes). After a commit the player asks whether the activity is complete, and
 * says so. No inline script: the settings come from data attributes and a JSON script element.
 */
(function () {
  "use strict";

  function readJSON(id) {
    var element = document.getElementById(id);
    if (!element) return {};
    try { return JSON.parse(element.textContent) || {}; } catch (error) { return {}; }
  }

  function start(section) {
    var kind = section.dataset.kind;
    var frame = section.querySelector("[data-package-frame]");
    var status = section.querySelector("[data-package-status]");
    var settings = {
      lmsCommitUrl: section.dataset.commitUrl,
      autocommit: true,
      autocommitSeconds: 10,
      dataCommitFormat: "json",
      logLevel: 5,
      selfReportSessionTime: true
    };
    var api;
    if (kind === "scorm2004") {
      api = new window.Scorm2004API(settings);
      window.API_1484_11 = api;
    } else {
      api = new window.Scorm12API(settings);
      window.API = api;
    }
    var resume = readJSON(section.dataset.resumeId);
    if (resume && Object.keys(resume).length) api.loadFromJSON(resume, "");

    var checking = false;
    function check() {
      if (checking) return;
      checking = true;
      fetch(section.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : {}; })
        .then(function (state) {
          if (state.completed && status) {
            status.textContent = status.dataset.doneText || "You completed this activity.";
            status.className = "status status--done";
          }
          if (state.lesson_completed) {
            var lessonStatus = document.querySelector("[data-package-lesson-status]");
            if (lessonStatus) {
              lessonStatus.textContent = lessonStatus.dataset.doneText || lessonStatus.textContent;
            }
          }
        })
        .catch(function () {})
        .then(function () { checking = false; });
    }
    ["LMSCommit", "LMSFinish", "Commit", "Terminate"].forEach(function (name) {
      try { api.on(name, function () { window.setTimeout(check, 200); }); } catch (error) { /* not this version's event */ }
    });
    if (frame.dataset.height) frame.style.height = frame.dataset.height + "px";
    frame.src = section.dataset.src;
  }

  function ready() {
    document.querySelectorAll("[data-package-player]").forEach(start);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
