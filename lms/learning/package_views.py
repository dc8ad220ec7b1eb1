"""Packaged activities (SCORM) in a lesson: the package's own files, served same origin path by
path, and the runtime data the package commits as the trainee goes.

- ``/packages/<key>/<path>`` serves one file of a checked package from the default storage
  (S3 when configured): only a path the package listed when it was checked; inside a frame of
  PeerPath only; the package's scripts may run there (its own policy, never the site's).
- ``/learn/lessons/<id>/packages/<block>/commit/`` takes the runtime data (scorm-again's JSON
  commit). The runtime cannot send the CSRF header on its last commit (the browser sends it as a
  beacon), so the address carries a signed token bound to the person, lesson and block instead,
  checked with the session.
"""

import json
import mimetypes

from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from csp.decorators import csp_replace

from curriculum.models import LearningPackage, LessonPage
from curriculum.packages import safe_member_path
from lms.accounts.models import Role
from lms.decorators import role_required
from lms.learning import services as learning
from lms.learning.models import PackageAttempt
from lms.service_errors import error_text

COMMIT_SALT = "peerpath.package-commit"
COMMIT_MAX_AGE = 12 * 3600
MAX_BODY = learning.PACKAGE_CMI_MAX_BYTES + 4096


def commit_url(*, user, lesson, block_id: str) -> str:
    token = signing.dumps([user.pk, lesson.pk, block_id], salt=COMMIT_SALT, compress=True)
    return reverse("lms:package_commit", args=[lesson.pk, block_id]) + f"?t={token}"


def status_url(*, lesson, block_id: str) -> str:
    return reverse("lms:package_status", args=[lesson.pk, block_id])


@require_GET
@xframe_options_sameorigin
@csp_replace(
    {
        "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'", "data:", "blob:"],
        "frame-ancestors": ["'self'"],
    }
)
def package_file(request, key, path):
    """One file of a package, if the package listed it."""
    package = get_object_or_404(LearningPackage, key=key)
    clean = safe_member_path(path)
    if clean is None or not package.has_file(clean):
        raise Http404
    name = f"{package.folder}/{clean}"
    try:
        stored = default_storage.open(name)
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    content_type = mimetypes.guess_type(clean)[0] or "application/octet-stream"
    response = FileResponse(stored, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _lesson_for(request, pk) -> LessonPage:
    return get_object_or_404(LessonPage.objects.live().originals(), pk=pk)


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"result": False, "errorCode": 101, "message": message}, status=status)


@csrf_exempt
@require_POST
@login_required
def package_commit(request, pk, block_id):
    """Keep the runtime data; answer as scorm-again expects ({"result": true, "errorCode": 0})."""
    try:
        user_id, lesson_id, token_block = signing.loads(
            request.GET.get("t", ""), salt=COMMIT_SALT, max_age=COMMIT_MAX_AGE
        )
    except signing.BadSignature:
        return _error("This page has been open too long; reload it to carry on.", 403)
    if (user_id, lesson_id, token_block) != (request.user.pk, pk, block_id):
        return _error("Not your activity.", 403)
    if len(request.body) > MAX_BODY:
        return _error("Too much data.", 413)
    try:
        payload = json.loads(request.body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _error("Not JSON.", 400)
    cmi = payload.get("cmi", payload) if isinstance(payload, dict) else None
    lesson = _lesson_for(request, pk)
    try:
        attempt = learning.package_commit(
            user=request.user, lesson=lesson, block_id=block_id, cmi=cmi
        )
    except (ValidationError, PermissionDenied) as error:
        return _error(error_text(error), 400 if isinstance(error, ValidationError) else 403)
    return JsonResponse(
        {"result": True, "errorCode": 0, "completed": attempt.completed_at is not None}
    )


@role_required(Role.TRAINEE)
@require_GET
def package_status(request, pk, block_id):
    """Whether the person's run of the activity is complete (the player asks after a commit)."""
    lesson = _lesson_for(request, pk)
    attempt = PackageAttempt.objects.filter(
        user=request.user, lesson=lesson, block_id=block_id
    ).first()
    progress = lesson.pk and learning.packages_done(user=request.user, lesson=lesson)
    return JsonResponse(
        {
            "completed": bool(attempt and attempt.completed_at),
            "lesson_completed": bool(progress),
        }
    )
