"""Removing a load set, which lifts the immutability triggers: never with production settings.

A reset deletes signed practice entries, signed agreements and the load's tail of the audit
chain, which the database otherwise refuses (certification migration 0002). It therefore runs
only where the settings say the database is a throwaway one: DEBUG on (development), or
``BENCH_LOAD_DATA_RESET = True`` (bench/settings.py, the benchmark's own database). With
``cms.settings.production`` it refuses whatever else the settings say.
"""

import os
from collections.abc import Callable

from django.conf import ENVIRONMENT_VARIABLE, settings
from django.db import connection, transaction

from certification import audit
from certification.issuance.models import CredentialApplication, IssuedCredential
from certification.models import AuditChainHead, AuditEvent
from certification.supervision.models import (
    PracticeLogEntry,
    SessionAttendance,
    SupervisionAgreement,
    SupervisionSession,
)
from lms.accounts.models import Membership, Organization, User
from lms.learning.models import (
    AssessmentAttempt,
    Cohort,
    CompletionDomainHours,
    CompletionTopicHours,
    Enrollment,
    LessonProgress,
    ModuleCompletion,
)

from .parameters import BUILD_ACTION, SLUG_PREFIX, LoadSetMismatch

PRODUCTION_SETTINGS_MODULE = "cms.settings.production"

# Triggers that refuse deleting signed records (certification migration 0002); a reset turns
# them off for its own transaction only (ALTER TABLE is transactional in PostgreSQL).
IMMUTABILITY_TRIGGERS = (
    ("certification_auditevent", "certification_auditevent_append_only"),
    ("certification_practicelogentry", "certification_entry_signed_is_immutable"),
    ("certification_supervisionagreement", "certification_agreement_signed_is_immutable"),
)


class ResetRefused(Exception):
    """These settings may point at a database whose records must not be deleted."""


def ensure_reset_allowed() -> None:
    """Raise ResetRefused, saying where a reset may run, unless these settings allow one."""
    # Both: `override_settings` hides SETTINGS_MODULE, and manage.py always sets the variable.
    in_use = {settings.SETTINGS_MODULE, os.environ.get(ENVIRONMENT_VARIABLE)}
    if PRODUCTION_SETTINGS_MODULE in in_use:
        raise ResetRefused(
            "--reset deletes signed records and lifts the audit trail's immutability "
            "triggers, so it never runs with the production settings "
            f"({PRODUCTION_SETTINGS_MODULE}). Reset the benchmark's own database with "
            "DJANGO_SETTINGS_MODULE=bench.settings."
        )
    if not settings.DEBUG and not getattr(settings, "BENCH_LOAD_DATA_RESET", False):
        module = os.environ.get(ENVIRONMENT_VARIABLE, "configured in code")
        raise ResetRefused(
            "--reset deletes signed records and lifts the audit trail's immutability "
            f"triggers, so it runs only on a throwaway database: these settings ({module}) "
            "have DEBUG off and do not set BENCH_LOAD_DATA_RESET. Use "
            "DJANGO_SETTINGS_MODULE=bench.settings (the benchmark's own database) or "
            "development settings."
        )


def delete_load_data(*, progress: Callable[[str], None] | None = None) -> None:
    """Remove the load set: its people, their records, and its tail of the audit chain.

    Refuses with production settings (ResetRefused), and when audit events were written after
    the load set's (LoadSetMismatch): removing the load's events would then break the chain.
    """
    ensure_reset_allowed()
    say = progress or (lambda message: None)
    if not transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            return delete_load_data(progress=progress)
    organization_ids = list(
        Organization.objects.filter(slug__startswith=SLUG_PREFIX).values_list("pk", flat=True)
    )
    if not organization_ids:
        return None
    say("Removing the previous load set")
    build_event = AuditEvent.objects.filter(action=BUILD_ACTION).order_by("-pk").first()
    head = AuditChainHead.objects.select_for_update().filter(pk=audit.HEAD_ID).first()
    if build_event is not None and head is not None and head.last_event_id != build_event.pk:
        raise LoadSetMismatch(
            "Audit events were written after the load set; removing its events would break "
            "the audit chain. Build the load set in a fresh database instead."
        )
    user_ids = list(
        Membership.objects.filter(organization_id__in=organization_ids)
        .values_list("user_id", flat=True)
        .distinct()
    )
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgresql:
            # ALTER TABLE refuses while deferred foreign-key checks are pending: check them now,
            # and delete children before parents until the triggers are back on.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table, trigger in IMMUTABILITY_TRIGGERS:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
        if build_event is not None:
            before = build_event.after["chain_before"]
            AuditEvent.objects.filter(pk__gt=before["last_event_id"])._raw_delete(connection.alias)
            AuditChainHead.objects.filter(pk=audit.HEAD_ID).update(
                last_event_id=before["last_event_id"], last_hash=before["last_hash"]
            )
        people = {"user_id__in": user_ids}
        sessions = SupervisionSession.objects.filter(supervisor_id__in=user_ids)
        completions = ModuleCompletion.objects.filter(**people)
        for queryset in (
            SessionAttendance.objects.filter(session__in=sessions),
            SupervisionSession.domains.through.objects.filter(supervisionsession__in=sessions),
            sessions,
            PracticeLogEntry.objects.filter(trainee_id__in=user_ids),
            IssuedCredential.objects.filter(holder_id__in=user_ids),
            CredentialApplication.objects.filter(applicant_id__in=user_ids),
            SupervisionAgreement.objects.filter(trainee_id__in=user_ids),
            CompletionDomainHours.objects.filter(completion__in=completions),
            CompletionTopicHours.objects.filter(completion__in=completions),
            completions,
            AssessmentAttempt.objects.filter(**people),
            LessonProgress.objects.filter(**people),
            Enrollment.objects.filter(**people),
            Cohort.objects.filter(organization_id__in=organization_ids),
        ):
            # One DELETE per table: the ORM's collector would load half a million rows first.
            queryset._raw_delete(connection.alias)
        if postgresql:
            for table, trigger in IMMUTABILITY_TRIGGERS:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    User.objects.filter(pk__in=user_ids).delete()
    Organization.objects.filter(pk__in=organization_ids).delete()
    return None
