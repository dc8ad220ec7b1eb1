"""Packaged activities (SCORM and H5P) in a lesson: the package's own files, served same origin
path by path, the runtime data a SCORM package commits as the trainee goes, and the score an H5P
activity reports.

- ``/packages/<key>/<path>`` serves one file of a checked package from the default storage
  (S3 when configured): only a path the package listed when it was checked; inside a frame of
  PeerPath only; the package's scripts may run there (its own policy, never the site's).
- ``/learn/lessons/<id>/packages/<block>/commit/`` takes the runtime data (scorm-again's JSON
  commit). The runtime cannot send the CSRF header on its last commit (the browser sends it as a
  beacon), so the address carries a signed token bound to the person, lesson and block instead,
  checked with the session.
- ``/learn/lessons/<id>/packages/<block>/result/`` takes an H5P activity's scored xAPI event
  (``{"verb": "completed", "score": {"raw": 4, "max": 5}}``), with the same signed token; a score
  that makes no sense is answered 400 with the fields' errors, as the API answers them.
- ``/learn/lessons/<id>/packages/<block>/state/`` takes an H5P activity's own state (what its
  ``getCurrentState()`` gives, as JSON text) in the form fields H5P core posts to a
  ``contentUserData`` address (``data``, with ``preload`` and ``invalidate``, which PeerPath does
  not need; ``data=0`` forgets the state), with the same signed token; it answers
  ``{"success": true}`` as H5P expects. A state over 64 KB, or not JSON, is answered 400.
"""

import json
import mimetypes
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from csp.decorators import csp_replace
from rest_framework import serializers

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
MAX_RESULT_BODY = 16 * 1024
# The state arrives form-encoded (up to three bytes a character) or as a beacon's form data.
MAX_STATE_BODY = 3 * learning.H5P_STATE_MAX_BYTES + 4096
MAX_SCORE = Decimal("99999")  # PackageAttempt keeps scores in seven digits, two of them decimals


def _token(*, user, lesson, block_id: str) -> str:
    return signing.dumps([user.pk, lesson.pk, block_id], salt=COMMIT_SALT, compress=True)


def commit_url(*, user, lesson, block_id: str) -> str:
    token = _token(user=user, lesson=lesson, block_id=block_id)
    return reverse("lms:package_commit", args=[lesson.pk, block_id]) + f"?t={token}"


def result_url(*, user, lesson, block_id: str) -> str:
    token = _token(user=user, lesson=lesson, block_id=block_id)
    return reverse("lms:package_result", args=[lesson.pk, block_id]) + f"?t={token}"


def state_url(*, user, lesson, block_id: str) -> str:
    token = _token(user=user, lesson=lesson, block_id=block_id)
    return reverse("lms:package_state", args=[lesson.pk, block_id]) + f"?t={token}"


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


SIGNATURE_EXPIRED = "expired"
SIGNED_FOR_SOMEONE_ELSE = "foreign"


def _token_problem(request, pk, block_id) -> str | None:
    """What is wrong with the request's token (expired or forged, or not this person's for this
    lesson and block), or None when it is theirs."""
    try:
        user_id, lesson_id, token_block = signing.loads(
            request.GET.get("t", ""), salt=COMMIT_SALT, max_age=COMMIT_MAX_AGE
        )
    except signing.BadSignature:
        return SIGNATURE_EXPIRED
    if (user_id, lesson_id, token_block) != (request.user.pk, pk, block_id):
        return SIGNED_FOR_SOMEONE_ELSE
    return None


def _token_refusal(request, pk, block_id) -> JsonResponse | None:
    """The H5P endpoints' answer to a token that is not this person's for this block (in the
    API's error format: expired or forged 403, someone else's 404), or None when it is."""
    problem = _token_problem(request, pk, block_id)
    if problem == SIGNATURE_EXPIRED:
        return JsonResponse(
            {"detail": _("This page has been open too long; reload it to carry on.")},
            status=403,
        )
    if problem == SIGNED_FOR_SOMEONE_ELSE:
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return None


@csrf_exempt
@require_POST
@login_required
def package_commit(request, pk, block_id):
    """Keep the runtime data; answer as scorm-again expects ({"result": true, "errorCode": 0}).
    Someone else's token answers 404, as any other person's record does."""
    problem = _token_problem(request, pk, block_id)
    if problem == SIGNATURE_EXPIRED:
        return _error("This page has been open too long; reload it to carry on.", 403)
    if problem == SIGNED_FOR_SOMEONE_ELSE:  # someone else's record: 404, as everywhere
        return _error("Not found.", 404)
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


class H5PScoreSerializer(serializers.Serializer):
    """A score as H5P reports it. Content types may score in fractions (a weighted question),
    so any number of decimals is taken and kept to two."""

    raw = serializers.DecimalField(max_digits=None, decimal_places=None, max_value=MAX_SCORE)
    max = serializers.DecimalField(max_digits=None, decimal_places=None, max_value=MAX_SCORE)
    # H5P sends the score scaled to 0..1 as well; PeerPath works it out from raw and max itself.
    scaled = serializers.DecimalField(
        max_digits=None, decimal_places=None, required=False, allow_null=True
    )

    def validate(self, attrs):
        attrs["raw"] = attrs["raw"].quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        attrs["max"] = attrs["max"].quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if attrs["max"] <= 0:
            raise serializers.ValidationError({"max": [_("The maximum score must be above 0.")]})
        if not 0 <= attrs["raw"] <= attrs["max"]:
            raise serializers.ValidationError(
                {"raw": [_("The score must be between 0 and the maximum score.")]}
            )
        return attrs


class H5PResultSerializer(serializers.Serializer):
    """An H5P xAPI event as the player passes it on: its verb and its score."""

    verb = serializers.ChoiceField(choices=learning.H5P_RESULT_VERBS)
    score = H5PScoreSerializer()


@csrf_exempt
@require_POST
@login_required
def package_result(request, pk, block_id):
    """Keep an H5P activity's score; the pass mark decides whether it completes the block.
    Someone else's token answers 404, as any other person's record does."""
    refusal = _token_refusal(request, pk, block_id)
    if refusal is not None:
        return refusal
    if len(request.body) > MAX_RESULT_BODY:
        return JsonResponse({"detail": _("Too much data.")}, status=413)
    try:
        payload = json.loads(request.body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return JsonResponse({"non_field_errors": [_("The result is not JSON.")]}, status=400)
    result = H5PResultSerializer(data=payload if isinstance(payload, dict) else {})
    if not result.is_valid():
        return JsonResponse(result.errors, status=400)
    lesson = _lesson_for(request, pk)
    try:
        attempt = learning.h5p_result_record(
            user=request.user,
            lesson=lesson,
            block_id=block_id,
            verb=result.validated_data["verb"],
            raw=result.validated_data["score"]["raw"],
            maximum=result.validated_data["score"]["max"],
        )
    except ValidationError as error:
        return JsonResponse({"non_field_errors": [error_text(error)]}, status=400)
    except PermissionDenied as error:
        return JsonResponse({"detail": error_text(error)}, status=403)
    return JsonResponse(
        {
            "completed": attempt.completed_at is not None,
            "score_percent": str(attempt.score_percent),
            "lesson_completed": attempt.completed_at is not None
            and learning.packages_done(user=request.user, lesson=lesson),
        }
    )


class H5PStateSerializer(serializers.Serializer):
    """The state as H5P core posts it: ``data`` is the JSON text, or ``0`` to forget it."""

    data = serializers.CharField(trim_whitespace=False, max_length=None)
    preload = serializers.CharField(required=False, allow_blank=True)
    invalidate = serializers.CharField(required=False, allow_blank=True)

    def validate_data(self, value):
        if value == "0":
            return None
        if len(value.encode("utf-8")) > learning.H5P_STATE_MAX_BYTES:
            raise serializers.ValidationError(
                _("The activity's state is larger than PeerPath keeps (64 KB).")
            )
        try:
            json.loads(value)
        except ValueError as error:
            raise serializers.ValidationError(_("The activity's state is not JSON.")) from error
        return value


@csrf_exempt
@require_POST
@login_required
def package_state(request, pk, block_id):
    """Keep an H5P activity's own state, so the person carries on where they left off.
    Someone else's token answers 404, as any other person's record does."""
    refusal = _token_refusal(request, pk, block_id)
    if refusal is not None:
        return refusal
    if len(request.body) > MAX_STATE_BODY:
        return JsonResponse({"detail": _("Too much data.")}, status=413)
    posted = H5PStateSerializer(data=request.POST)
    if not posted.is_valid():
        return JsonResponse(posted.errors, status=400)
    lesson = _lesson_for(request, pk)
    try:
        learning.h5p_state_save(
            user=request.user,
            lesson=lesson,
            block_id=block_id,
            state=posted.validated_data["data"],
        )
    except ValidationError as error:
        return JsonResponse({"non_field_errors": [error_text(error)]}, status=400)
    except PermissionDenied as error:
        return JsonResponse({"detail": error_text(error)}, status=403)
    return JsonResponse({"success": True})


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
