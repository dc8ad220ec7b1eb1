"""The application packet: one PDF a reviewer (or the board) reads, built by a Celery task.

What it holds: the applicant and credential, each requirement as judged when they applied
(private results left out), the training transcript (modules completed, hours as credited),
the signed practice log and supervision summary, exam results, and attestations except lived
experience, which is never printed. ``application_packet_build`` is idempotent: a packet that
is ready is left as it is.
"""

from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from certification.credentials.evidence import Attestation, ExamResult
from certification.external_training.models import ExternalTraining, ExternalTrainingStatus
from certification.issuance.documents import DocumentKind, document_issue
from certification.issuance.models import CredentialApplication, PacketStatus
from certification.rules.kinds import PRIVATE_ATTESTATION_KINDS
from certification.supervision import selectors
from lms import personal_pages
from lms.emails import absolute_url
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
    """What the packet prints. A renewal packet covers its cycle only: the records dated on or
    after the day the credential it renews was issued (that is what the board judges)."""
    applicant = application.applicant
    hours_log = selectors.hours_log(trainee=applicant)
    cycle_start = application.renews.issued_on if application.renews_id else None

    def in_cycle(day) -> bool:
        if hasattr(day, "date") and callable(day.date):
            day = timezone.localdate(day)
        return cycle_start is None or day >= cycle_start

    entries = [entry for entry in hours_log.entries if in_cycle(entry.date)]
    sessions = [item for item in hours_log.sessions if in_cycle(item.session.date)]
    log = selectors.HoursLog(
        entries=entries,
        sessions=sessions,
        total_hours=sum((entry.duration_hours for entry in entries), start=Decimal(0)),
        supervision_hours=sum((item.session.duration_hours for item in sessions), start=Decimal(0)),
        organizations=hours_log.organizations,
    )
    completions = ModuleCompletion.objects.filter(user=applicant).order_by("completed_at")
    external = ExternalTraining.objects.filter(
        person=applicant, status=ExternalTrainingStatus.VERIFIED
    ).order_by("date", "pk")
    attestations = (
        Attestation.objects.filter(person=applicant)
        .select_related("code_of_ethics")
        .exclude(kind__in=sorted(PRIVATE_ATTESTATION_KINDS))
        .order_by("attested_on")
    )
    if cycle_start is not None:
        completions = completions.filter(completed_at__date__gte=cycle_start)
        external = external.filter(date__gte=cycle_start)
    return {
        "application": application,
        "is_renewal": cycle_start is not None,
        "cycle_start": cycle_start,
        "results": [r for r in application.results() if not r.get("private")],
        "completions": completions,
        "external_training": external,
        "exams": [e for e in _exams_with_names(applicant) if in_cycle(e.taken_on)],
        "attestations": attestations,
        "generated_at": timezone.now(),
        **log.as_context(),
    }


def application_packet_build(*, application_id: int) -> CredentialApplication | None:
    """Render and store the packet PDF (WeasyPrint), then mark it ready. Idempotent."""
    from weasyprint import HTML

    application = (
        CredentialApplication.objects.select_related(
            "applicant", "definition", "organization", "renews", "endorsed_by"
        )
        .filter(pk=application_id)
        .first()
    )
    if application is None or application.packet_status == PacketStatus.READY:
        return application
    context = packet_context(application)
    context["document"] = document_issue(
        person=application.applicant,
        kind=DocumentKind.RENEWAL_PACKET
        if context["is_renewal"]
        else DocumentKind.APPLICATION_PACKET,
        summary={
            "credential": application.definition.name,
            "practice_hours": context["total_hours"],
            "practice_entries": len(context["entries"]),
            "supervision_hours": context["supervision_hours"],
        },
    )
    context["verify_url"] = absolute_url(reverse("lms:verify", args=[context["document"].code]))
    with translation.override(application.applicant.preferred_language or "en"):
        html = render_to_string("certification/application_packet_pdf.html", context)
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
    applications = CredentialApplication.objects.filter(pk=application_id)
    applicants = list(applications.values_list("applicant_id", flat=True))
    with personal_pages.announce(people=applicants):
        applications.exclude(packet_status=PacketStatus.READY).update(
            packet_status=PacketStatus.FAILED
        )
