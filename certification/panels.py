"""What certification shows on other apps' pages (registered in apps.py)."""

from django.db.models import Q

from certification.credentials.selectors import waiting_application_count
from certification.supervision import selectors
from certification.supervision.models import EntryStatus, PracticeLogEntry, SupervisionAgreement
from lms import access
from lms.one_trip import together


def learn_hours_panel_reads(person_id: int) -> dict:
    """What the hours panel reads: the hours summary's rows, and whether an agreement waits
    for the person's signature (/learn/ reads them with its own, in one statement)."""
    return together(
        selectors.hours_summary_queries(trainee_id=person_id),
        {
            "needs_signature": SupervisionAgreement.objects.filter(
                trainee_id=person_id, trainee_signed_at__isnull=True
            ).values_list("pk")[:1]
        },
    )


def learn_hours_panel_context(request, rows: dict) -> dict:
    """The trainee's hours by domain and status on /learn/."""
    return {
        "summary": selectors.hours_summary_from_rows(rows),
        "needs_signature": bool(rows["needs_signature"]),
    }


def staff_supervision_panel_context(request) -> dict:
    """Supervision at a glance for staff on /staff/ (two queries, counted in its budget)."""
    organizations = access.staffed_organizations(request.user)
    unsigned = Q(trainee_signed_at__isnull=True) | Q(supervisor_signed_at__isnull=True)
    agreements_waiting = (
        SupervisionAgreement.objects.filter(organization__in=organizations).filter(unsigned).count()
    )
    entries_waiting = PracticeLogEntry.objects.filter(
        agreement__organization__in=organizations, status=EntryStatus.SUBMITTED
    ).count()
    return {"agreements_waiting": agreements_waiting, "entries_waiting": entries_waiting}


def staff_roster_panel_context(request) -> dict:
    """A link to the trainee roster on /staff/ (no query: the roster itself says the rest)."""
    return {}


def learn_credentials_panel_context(request) -> dict:
    """A link to the progress page on /learn/ (no query: the page itself says the rest)."""
    return {}


def staff_credentials_panel_context(request) -> dict:
    """Applications waiting for review on /staff/ (one query)."""
    return {"waiting": waiting_application_count(request.user)}
