"""Packages built by the tests themselves: a minimal SCORM 1.2 and SCORM 2004 course (a
manifest, an HTML page and a script that talks to the runtime API), an H5P activity with a tiny
content type written for the tests, and hostile ones of each."""

import io
import json
import stat
import zipfile

MANIFEST_12 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="peerpath-test-12" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>Listening without fixing (SCORM 1.2)</title>
      <item identifier="item1" identifierref="res1">
        <title>Listening</title>
        <adlcp:masteryscore>80</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res1" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/><file href="course.js"/>
    </resource>
  </resources>
</manifest>
"""

MANIFEST_2004 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="peerpath-test-2004" version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>Boundaries in peer work (SCORM 2004)</title>
      <item identifier="item1" identifierref="res1">
        <title>Boundaries</title>
        <imsss:sequencing><imsss:objectives><imsss:primaryObjective objectiveID="p" satisfiedByMeasure="true"><imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure></imsss:primaryObjective></imsss:objectives></imsss:sequencing>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res1" type="webcontent" adlcp:scormType="sco" href="content/index.html">
      <file href="content/index.html"/><file href="content/course.js"/>
    </resource>
  </resources>
</manifest>
"""

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Test course</title>
<script src="course.js"></script></head>
<body><main><h1>Test course</h1>
<p>Step <span id="step">?</span> of 3.</p>
<button type="button" id="next">Next step</button>
<button type="button" id="finish">Finish</button>
</main></body></html>
"""

# Finds the runtime API in a parent window, resumes at the saved step, saves each step as
# location and suspend data, and on "Finish" reports completed, passed and a score of 90.
SCRIPT_12 = """
function findAPI(win) { for (var i = 0; i < 10 && win; i++) { if (win.API) return win.API; if (win === win.parent) break; win = win.parent; } return null; }
var api = findAPI(window);
window.addEventListener('load', function () {
  api.LMSInitialize('');
  var step = parseInt(api.LMSGetValue('cmi.core.lesson_location') || '1', 10);
  document.getElementById('step').textContent = step;
  document.getElementById('next').onclick = function () {
    step += 1; document.getElementById('step').textContent = step;
    api.LMSSetValue('cmi.core.lesson_location', String(step));
    api.LMSSetValue('cmi.suspend_data', 'step=' + step);
    api.LMSSetValue('cmi.core.lesson_status', 'incomplete');
    api.LMSCommit('');
  };
  document.getElementById('finish').onclick = function () {
    api.LMSSetValue('cmi.core.score.raw', '90');
    api.LMSSetValue('cmi.core.lesson_status', 'passed');
    api.LMSSetValue('cmi.core.session_time', '00:05:00');
    api.LMSCommit(''); api.LMSFinish('');
    document.getElementById('step').textContent = 'done';
  };
});
"""

SCRIPT_2004 = """
function findAPI(win) { for (var i = 0; i < 10 && win; i++) { if (win.API_1484_11) return win.API_1484_11; if (win === win.parent) break; win = win.parent; } return null; }
var api = findAPI(window);
window.addEventListener('load', function () {
  api.Initialize('');
  var step = parseInt(api.GetValue('cmi.location') || '1', 10);
  document.getElementById('step').textContent = step;
  document.getElementById('next').onclick = function () {
    step += 1; document.getElementById('step').textContent = step;
    api.SetValue('cmi.location', String(step));
    api.SetValue('cmi.suspend_data', 'step=' + step);
    api.SetValue('cmi.completion_status', 'incomplete');
    api.SetValue('cmi.progress_measure', String(step / 3));
    api.Commit('');
  };
  document.getElementById('finish').onclick = function () {
    api.SetValue('cmi.score.scaled', '0.9');
    api.SetValue('cmi.score.raw', '90');
    api.SetValue('cmi.completion_status', 'completed');
    api.SetValue('cmi.success_status', 'passed');
    api.SetValue('cmi.session_time', 'PT5M');
    api.Commit(''); api.Terminate('');
    document.getElementById('step').textContent = 'done';
  };
});
"""


def _zip(files: dict, *, links=()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
        for name, target in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return buffer.getvalue()


def scorm_12() -> bytes:
    return _zip({"imsmanifest.xml": MANIFEST_12, "index.html": PAGE, "course.js": SCRIPT_12})


def scorm_2004() -> bytes:
    return _zip(
        {
            "imsmanifest.xml": MANIFEST_2004,
            "content/index.html": PAGE,
            "content/course.js": SCRIPT_2004,
        }
    )


def traversal() -> bytes:
    return _zip({"imsmanifest.xml": MANIFEST_12, "index.html": PAGE, "../../evil.js": "x"})


def absolute_path() -> bytes:
    return _zip({"imsmanifest.xml": MANIFEST_12, "index.html": PAGE, "/etc/cron.d/evil": "x"})


def symlink() -> bytes:
    return _zip(
        {"imsmanifest.xml": MANIFEST_12, "index.html": PAGE}, links=[("course.js", "/etc/passwd")]
    )


def bomb() -> bytes:
    return _zip(
        {
            "imsmanifest.xml": MANIFEST_12,
            "index.html": PAGE,
            "padding.txt": b"\0" * (20 * 1024 * 1024),
        }
    )


def missing_manifest() -> bytes:
    return _zip({"index.html": PAGE, "course.js": SCRIPT_12})


def wrong_launch() -> bytes:
    return _zip(
        {
            "imsmanifest.xml": MANIFEST_12.replace('href="index.html"', 'href="start.html"', 1),
            "index.html": PAGE,
        }
    )


def entity_manifest() -> bytes:
    evil = '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x "y">]>' + MANIFEST_12.split("?>", 1)[1]
    return _zip({"imsmanifest.xml": evil, "index.html": PAGE})


# ------------------------------------------------------------------------------
# H5P: an activity with a tiny content type written for the tests (H5P.PeerQuiz 1.1), and
# hostile ones. The content type asks one question; choosing an answer keeps it as the activity's
# state (getCurrentState, restored from the previousState H5P hands back); checking it sends its
# score out of 4 as the activity's xAPI "completed" event (H5P's own triggerXAPIScored).
# ------------------------------------------------------------------------------
H5P_TITLE = "Reflective listening (H5P)"
H5P_LIBRARY_FOLDER = "H5P.PeerQuiz-1.1"

H5P_JSON = {
    "title": H5P_TITLE,
    "language": "en",
    "mainLibrary": "H5P.PeerQuiz",
    "embedTypes": ["div", "iframe"],
    "license": "U",
    "preloadedDependencies": [
        {"machineName": "H5P.PeerQuiz", "majorVersion": 1, "minorVersion": 1}
    ],
}

H5P_CONTENT = {
    "question": "Someone you support says they feel stuck. What do you say first?",
    "maxScore": 4,
    "answers": [
        {"text": "Tell them what worked for you", "score": 1},
        {"text": "Reflect back what you heard", "score": 4},
    ],
}

H5P_LIBRARY = {
    "title": "Peer quiz (test content type)",
    "machineName": "H5P.PeerQuiz",
    "majorVersion": 1,
    "minorVersion": 1,  # h5p-standalone does not find a library whose minor version is 0
    "patchVersion": 0,
    "runnable": 1,
    "embedTypes": ["div", "iframe"],
    "preloadedJs": [{"path": "peer-quiz.js"}],
    "preloadedCss": [{"path": "peer-quiz.css"}],
}

H5P_SCRIPT = """
var H5P = window.H5P = window.H5P || {};
H5P.PeerQuiz = (function () {
  function PeerQuiz(params, contentId, extras) {
    H5P.EventDispatcher.call(this);
    this.params = params || {};
    this.contentId = contentId;
    // H5P hands back what getCurrentState() gave last time, when the site saves state.
    var previous = extras && extras.previousState;
    this.chosen = previous && typeof previous.chosen === 'number' ? previous.chosen : null;
  }
  PeerQuiz.prototype = Object.create(H5P.EventDispatcher.prototype);
  PeerQuiz.prototype.constructor = PeerQuiz;
  PeerQuiz.prototype.getCurrentState = function () {
    return this.chosen === null ? undefined : { chosen: this.chosen };
  };
  PeerQuiz.prototype.attach = function ($container) {
    var self = this;
    var answers = self.params.answers || [];
    var root = $container.get(0);
    root.classList.add('peer-quiz');
    var question = document.createElement('p');
    question.className = 'peer-quiz__question';
    question.textContent = self.params.question;
    root.appendChild(question);
    var said = document.createElement('p');
    said.className = 'peer-quiz__said';
    var buttons = answers.map(function (answer, index) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'peer-quiz__answer';
      button.textContent = answer.text;
      button.addEventListener('click', function () {
        self.chosen = index;
        show();
        self.triggerXAPI('interacted');
      });
      root.appendChild(button);
      return button;
    });
    var check = document.createElement('button');
    check.type = 'button';
    check.className = 'peer-quiz__check';
    check.textContent = 'Check my answer';
    check.addEventListener('click', function () {
      if (self.chosen === null) {
        said.textContent = 'Choose an answer first.';
        return;
      }
      var answer = answers[self.chosen];
      said.textContent = 'You answered: ' + answer.text;
      self.triggerXAPIScored(answer.score, self.params.maxScore, 'completed');
    });
    root.appendChild(check);
    root.appendChild(said);
    function show() {
      buttons.forEach(function (button, index) {
        button.setAttribute('aria-pressed', index === self.chosen ? 'true' : 'false');
      });
      if (self.chosen !== null && answers[self.chosen]) {
        said.textContent = 'Your choice: ' + answers[self.chosen].text;
      }
    }
    show();
  };
  return PeerQuiz;
})();
"""

H5P_STYLE = (
    ".peer-quiz__answer, .peer-quiz__check { display: block; margin: 0.5rem 0; }\n"
    '.peer-quiz__answer[aria-pressed="true"] { font-weight: bold; outline: 2px solid; }\n'
)


def _json(value) -> str:
    return json.dumps(value)


def h5p_files(**replace) -> dict:
    files = {
        "h5p.json": _json(H5P_JSON),
        "content/content.json": _json(H5P_CONTENT),
        f"{H5P_LIBRARY_FOLDER}/library.json": _json(H5P_LIBRARY),
        f"{H5P_LIBRARY_FOLDER}/peer-quiz.js": H5P_SCRIPT,
        f"{H5P_LIBRARY_FOLDER}/peer-quiz.css": H5P_STYLE,
    }
    files.update(replace)
    return {name: content for name, content in files.items() if content is not None}


def h5p() -> bytes:
    return _zip(h5p_files())


def h5p_traversal() -> bytes:
    return _zip(h5p_files(**{"../../evil.js": "x"}))


def h5p_missing_h5p_json() -> bytes:
    return _zip(h5p_files(**{"h5p.json": None}))


def h5p_missing_library() -> bytes:
    files = h5p_files()
    return _zip({name: content for name, content in files.items() if "PeerQuiz" not in name})


def h5p_bad_json() -> bytes:
    return _zip(h5p_files(**{"h5p.json": '{"title": "Broken", "mainLibrary": '}))


def h5p_missing_content() -> bytes:
    return _zip(h5p_files(**{"content/content.json": None}))


def h5p_missing_library_file() -> bytes:
    return _zip(h5p_files(**{f"{H5P_LIBRARY_FOLDER}/peer-quiz.js": None}))


def h5p_missing_dependency_of_library() -> bytes:
    library = dict(
        H5P_LIBRARY,
        preloadedDependencies=[
            {"machineName": "H5P.Question", "majorVersion": 1, "minorVersion": 5}
        ],
    )
    return _zip(h5p_files(**{f"{H5P_LIBRARY_FOLDER}/library.json": _json(library)}))


def h5p_with_php() -> bytes:
    return _zip(h5p_files(**{"content/images/shell.php": "<?php system($_GET['c']);"}))


def h5p_no_main_library() -> bytes:
    description = {key: value for key, value in H5P_JSON.items() if key != "mainLibrary"}
    return _zip(h5p_files(**{"h5p.json": _json(description)}))
