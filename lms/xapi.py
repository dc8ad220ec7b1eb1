"""Learning records as xAPI 1.0.3 statements, sent to a Learning Record Store (LRS) exactly once.

Off unless ``PEERPATH_XAPI_ENDPOINT`` is set (with ``PEERPATH_XAPI_KEY`` and
``PEERPATH_XAPI_SECRET`` for HTTP Basic). When on, a service that records learning (a lesson
opened the first time or completed, an assessment attempt submitted, a module completed, live
attendance signed, a packaged activity finished) calls ``statement_record``:

- the statement's id is a UUID derived from what it is about (``uuid5`` of the kind and the
  record's key, under ``PEERPATH_XAPI_ID_SEED``), so the same event always has the same id;
- it is written to ``XapiStatement`` in the service's transaction, and a Celery task is queued
  through the outbox to send it (``send_xapi_statement``: retries with backoff);
- the LRS keeps the first statement with an id and answers any resend of it without storing it
  twice (xAPI 1.0.3, part 3, 2.1.2), so a retry after a lost answer never duplicates;
- the beat job ``xapi-flush`` sends what is still waiting (the LRS was down longer than the
  retries lasted).

The actor is the person's account on PeerPath (``homePage``: PEERPATH_BASE_URL, ``name``: the
person's id), never their email or name.
"""

import base64
import datetime
import json
import logging
import urllib.error
import urllib.request
import uuid

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from celery import shared_task

from lms import outbox

logger = logging.getLogger(__name__)

XAPI_VERSION = "1.0.3"
VERBS = {
    "launched": "http://adlnet.gov/expapi/verbs/launched",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "attended": "http://adlnet.gov/expapi/verbs/attended",
}
ACTIVITY_TYPES = {
    "lesson": "http://adlnet.gov/expapi/activities/lesson",
    "module": "http://adlnet.gov/expapi/activities/module",
    "assessment": "http://adlnet.gov/expapi/activities/assessment",
    "meeting": "http://adlnet.gov/expapi/activities/meeting",
    "package": "http://adlnet.gov/expapi/activities/course",
}
HOURS_EXTENSION = "https://peerpath.app/xapi/extensions/contact-hours"
TIMEOUT_SECONDS = 5


class XapiStatement(models.Model):
    """One statement to deliver (or delivered) to the LRS."""

    id = models.UUIDField(primary_key=True, editable=False)
    body = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    refused = models.BooleanField(default=False)

    class Meta:
        app_label = "lms"
        indexes = [models.Index(fields=["sent_at", "created_at"], name="lms_xapi_waiting")]

    def __str__(self) -> str:
        return str(self.id)


def enabled() -> bool:
    return bool(getattr(settings, "PEERPATH_XAPI_ENDPOINT", ""))


def statement_id(kind: str, *key) -> uuid.UUID:
    seed = getattr(settings, "PEERPATH_XAPI_ID_SEED", "") or settings.PEERPATH_BASE_URL
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, seed)
    return uuid.uuid5(namespace, ":".join([kind, *map(str, key)]))


def actor(person) -> dict:
    return {
        "objectType": "Agent",
        "account": {
            "homePage": settings.PEERPATH_BASE_URL.rstrip("/") + "/",
            "name": str(person.pk),
        },
    }


def activity(kind: str, path: str, title: str) -> dict:
    return {
        "objectType": "Activity",
        "id": settings.PEERPATH_BASE_URL.rstrip("/") + path,
        "definition": {"type": ACTIVITY_TYPES[kind], "name": {"en-US": title[:250]}},
    }


def _timestamp(moment: datetime.datetime | None) -> str:
    moment = moment or timezone.now()
    return moment.astimezone(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def statement_record(
    *,
    key: tuple,
    person,
    verb: str,
    obj: dict,
    result: dict | None = None,
    when: datetime.datetime | None = None,
) -> XapiStatement | None:
    """Keep one statement to send (once per key), and queue its delivery."""
    if not enabled():
        return None
    identifier = statement_id(*key)
    body = {
        "id": str(identifier),
        "actor": actor(person),
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": obj,
        "timestamp": _timestamp(when),
        "version": XAPI_VERSION,
    }
    if result:
        body["result"] = result
    statement, created = XapiStatement.objects.get_or_create(pk=identifier, defaults={"body": body})
    if created:
        outbox.enqueue(send_xapi_statement, str(identifier))
    return statement


def _post(body: dict) -> int:
    endpoint = settings.PEERPATH_XAPI_ENDPOINT.rstrip("/") + "/statements"
    credentials = f"{settings.PEERPATH_XAPI_KEY}:{settings.PEERPATH_XAPI_SECRET}".encode()
    request = urllib.request.Request(  # noqa: S310 - the operator's configured https/http LRS
        endpoint,
        data=json.dumps(body).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-Experience-API-Version": XAPI_VERSION,
            "Authorization": "Basic " + base64.b64encode(credentials).decode(),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class LrsUnavailable(OSError):
    """The LRS could not be reached or answered with a server error: try again later."""


def deliver(statement_id_text: str) -> bool:
    """Send one waiting statement; True once the LRS holds it."""
    statement = XapiStatement.objects.filter(pk=statement_id_text).first()
    if statement is None or statement.sent_at is not None or statement.refused:
        return True
    XapiStatement.objects.filter(pk=statement.pk).update(attempts=models.F("attempts") + 1)
    try:
        status = _post(statement.body)
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as error:
        XapiStatement.objects.filter(pk=statement.pk).update(last_error=str(error)[:500])
        raise LrsUnavailable(str(error)) from error
    if status in (200, 204):
        XapiStatement.objects.filter(pk=statement.pk, sent_at__isnull=True).update(
            sent_at=timezone.now(), last_error=""
        )
        return True
    if status == 409 or 400 <= status < 500 and status not in (401, 403, 408, 429):
        # The LRS holds a different statement with this id, or refuses this one: retrying
        # cannot help. Kept, marked, logged for the operator.
        XapiStatement.objects.filter(pk=statement.pk).update(
            refused=True, last_error=f"LRS answered {status}"
        )
        logger.error("xAPI statement %s refused by the LRS (%s)", statement.pk, status)
        return False
    XapiStatement.objects.filter(pk=statement.pk).update(last_error=f"LRS answered {status}")
    raise LrsUnavailable(f"LRS answered {status}")


@shared_task(bind=True, name="lms.tasks.send_xapi_statement", max_retries=8)
def send_xapi_statement(self, statement_id_text: str) -> bool:
    """Send one statement; while the LRS is unreachable, retry with backoff (5 s doubling up to
    10 minutes). Run in-process (eager tasks: ``make run``), a failure never reaches the person's
    request: the statement waits for the flush job."""
    try:
        return deliver(statement_id_text)
    except LrsUnavailable as error:
        if self.request.is_eager:
            return False
        raise self.retry(exc=error, countdown=min(600, 5 * 2**self.request.retries)) from error


FLUSH_BATCH = 500


@shared_task(name="lms.tasks.xapi_flush")
def xapi_flush() -> dict:
    """Send statements still waiting after their task's retries (oldest first)."""
    if not enabled():
        return {"sent": 0}
    sent = 0
    waiting = XapiStatement.objects.filter(sent_at__isnull=True, refused=False).order_by(
        "created_at"
    )
    for pk in waiting.values_list("pk", flat=True)[:FLUSH_BATCH]:
        try:
            if deliver(str(pk)):
                sent += 1
        except LrsUnavailable:
            break
    return {"sent": sent}


def on_commit_record(**kwargs) -> None:
    """``statement_record`` inside the caller's transaction (or at once outside one)."""
    with transaction.atomic():
        statement_record(**kwargs)
