"""SCORM packages built by the tests themselves: a minimal SCORM 1.2 and SCORM 2004 course (a
manifest, an HTML page and a script that talks to the runtime API), and hostile ones."""

import io
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
