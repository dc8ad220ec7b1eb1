"""The application packet: one PDF a reviewer (or the board) reads, built by a Celery task.

What it holds: the applicant and credential, each requirement as judged when they applied
(private results left out), the training transcript (modules completed, hours as credited),
the signed practice log and supervision summary, exam results, and attestations except lived
experience, which is never printed. ``application_packet_build`` is idempotent: a packet that
is ready is left as it is.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from certification.credentials.evidence import Attestation, ExamResult
from certification.external_training.models import ExternalTraining, ExternalTrainingStatus
from certification.issuance.models import CredentialApplication, PacketStatus
from certification.rules.kinds import PRIVATE_ATTESTATION_KINDS
from certification.supervision import selectors
from lms.learning.models import ModuleCompletion


def _exams_with_names(applicant):
    """Verified exam results, each with the exam's name (never its code) on ``exam_name``."""
    from certification.credentials.services import known_exam_choices

    names = dict(known_exam_choices())
    exams = list(
        ExamResult.objects.counting()
        .filter(person=applicant)
        .select_related("reviewed_by")
        .order_by("taken_on", "pk")
    )
    for exam in exams:
        exam.exam_name = names.get(exam.exam_code, exam.exam_code)
    return exams


def packet_context(application: CredentialApplication) -> dict:
    applicant = application.applicant
    hours_log = selectors.hours_log(trainee=applicant)
    return {
        "application": application,
        "results": [r for r in application.results() if not r.get("private")],
        "completions": ModuleCompletion.objects.filter(user=applicant).order_by("completed_at"),
        "entries": hours_log.entries,
        "total_hours": hours_log.total_hours,
        "sessions": hours_log.sessions,
        "supervision_hours": hours_log.supervision_hours,
        "external_training": ExternalTraining.objects.filter(
            person=applicant, status=ExternalTrainingStatus.VERIFIED
        ).order_by("date", "pk"),
        "exams": _exams_with_names(applicant),
        "attestations": Attestation.objects.filter(person=applicant)
        .select_related("code_of_ethics")
        .exclude(kind__in=sorted(PRIVATE_ATTESTATION_KINDS))
        .order_by("attested_on"),
        "generated_at": timezone.now(),
    }


def application_packet_build(*, application_id: int) -> CredentialApplication | None:
    """Render and store the packet PDF (WeasyPrint), then mark it ready. Idempotent."""
    from weasyprint import HTML

    application = (
        CredentialApplication.objects.select_related("applicant", "definition", "organization")
        .filter(pk=application_id)
        .first()
    )
    if application is None or application.packet_status == PacketStatus.READY:
        return application
    with translation.override(application.applicant.preferred_language or "en"):
        html = render_to_string(
            "certification/application_packet_pdf.html", packet_context(application)
        )
    pdf = HTML(string=html).write_pdf()
    with transaction.atomic():
        application = CredentialApplication.objects.select_for_update().get(pk=application.pk)
        if application.packet_status == PacketStatus.READY:
            return application
        # Stored privately under a random name (the field's upload_to), never the application id.
        application.packet.save("packet.pdf", ContentFile(pdf), save=False)
        application.packet_status = PacketStatus.READY
        application.packet_built_at = timezone.now()
        application.save(update_fields=["packet", "packet_status", "packet_built_at"])
    return application


def application_packet_failed(*, application_id: int) -> None:
    CredentialApplication.objects.filter(pk=application_id).exclude(
        packet_status=PacketStatus.READY
    ).update(packet_status=PacketStatus.FAILED)
