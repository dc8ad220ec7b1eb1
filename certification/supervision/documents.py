"""The supervised-hours log as a printable document, behind a verification code (its page and
the copy of a person's data print it)."""

from django.urls import reverse
from django.utils import timezone

from certification.issuance.documents import DocumentKind, document_issue
from certification.supervision import selectors
from lms.emails import absolute_url

HOURS_LOG_PDF_TEMPLATE = "certification/hours_log_pdf.html"


def hours_log_pdf_context(*, trainee) -> dict:
    """The supervised-hours log a board asks for, behind a verification code."""
    log = selectors.hours_log(trainee=trainee)
    document = document_issue(
        person=trainee,
        kind=DocumentKind.HOURS_LOG,
        summary={
            "practice_hours": log.total_hours,
            "practice_entries": len(log.entries),
            "supervision_hours": log.supervision_hours,
        },
    )
    return {
        "trainee": trainee,
        **log.as_context(),
        "generated_at": timezone.now(),
        "document": document,
        "verify_url": absolute_url(reverse("lms:verify", args=[document.code])),
    }
