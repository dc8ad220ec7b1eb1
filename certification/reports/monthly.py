"""The monthly summary: on the first of each month, each organisation administrator gets last
month's key figures by email with the report as a PDF attached.

Once per month and person: a ``MonthlySummary`` row per organisation, administrator and month
is claimed before sending (``lms.emails.email_once``), so a second beat, a retry or a run later
in the month sends nothing more. Run on a day other than the first, it still sends a month that
was missed (the worker was down on the first).
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from celery import shared_task

from certification.credentials.selectors import definitions_with_specs_in_effect
from certification.reports.figures import ReportScope, build_report
from certification.reports.models import MonthlySummary
from certification.reports.tables import staff_tables
from lms.accounts.models import Membership, Organization, OrganizationKind, Role
from lms.emails import absolute_url, email_once
from lms.pdf import render_pdf
from lms.schedule import once_per_day


def last_month(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    end = today.replace(day=1) - datetime.timedelta(days=1)
    return end.replace(day=1), end


def key_figures(tables) -> dict:
    by_key = {table.key: table for table in tables}
    pipeline = by_key["pipeline"].rows
    hours = sum((row.cells[-1].value or 0) for row in by_key["hours_by_month"].rows)
    waiting = sum((row.cells[0].value or 0) for row in by_key["supervision"].rows)
    credentials = {row.key: row.cells[0].value for row in by_key["credentials"].rows}
    return {
        "enrolled": pipeline[0].cells[0].value,
        "credentialed": pipeline[-1].cells[0].value,
        "hours": hours,
        "waiting": waiting,
        "issued": credentials.get("issued", 0),
        "expiring": credentials.get("expiring", 0),
    }


def _credential():
    pairs = definitions_with_specs_in_effect(on=timezone.localdate())
    definitions = sorted((definition for definition, _spec in pairs), key=lambda d: d.name)
    return definitions[0] if definitions else None


def summary_send(*, organization: Organization, today: datetime.date | None = None) -> int:
    """Send last month's summary to each administrator of the organisation who has not had it;
    returns how many were sent."""
    today = today or timezone.localdate()
    start, end = last_month(today)
    admins = [
        membership.user
        for membership in Membership.objects.filter(
            organization=organization, role=Role.ORG_ADMIN, user__is_active=True
        ).select_related("user")
        if membership.user.email
    ]
    if not admins:
        return 0
    scope = ReportScope(
        organizations=(organization,), start=start, end=end, credential=_credential()
    )
    report = build_report(scope)
    sent = 0
    for admin in admins:
        row, _created = MonthlySummary.objects.get_or_create(
            organization=organization, recipient=admin, month=start
        )
        language = admin.preferred_language or settings.LANGUAGE_CODE

        def send(claimed, admin=admin, language=language):
            with translation.override(language):
                tables = staff_tables(report)
                context = {
                    "organization": organization,
                    "start": start,
                    "end": end,
                    "figures": key_figures(tables),
                    "tables": tables,
                    "link": absolute_url("/staff/reports/"),
                    "site_name": settings.PEERPATH_SITE_NAME,
                }
                subject = render_to_string(
                    "certification/email/monthly_summary_subject.txt", context
                ).strip()
                body = render_to_string("certification/email/monthly_summary_body.txt", context)
                pdf = render_pdf(
                    template="certification/reports/report_pdf.html",
                    context=context,
                    language=language,
                )
                message = EmailMessage(subject, body, None, [admin.email])
                message.attach(
                    _("peerpath-report-%(month)s.pdf") % {"month": start.strftime("%Y-%m")},
                    pdf,
                    "application/pdf",
                )
                message.send()

        if email_once(
            MonthlySummary.objects.filter(pk=row.pk, emailed_at__isnull=True),
            stamp="emailed_at",
            send=send,
        ):
            sent += 1
    return sent


@shared_task(
    name="certification.tasks.send_monthly_summaries",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
@once_per_day("monthly-summaries")
def send_monthly_summaries() -> dict:
    """Every training organisation's summary of last month (idempotent per month and person)."""
    sent = 0
    for organization in Organization.objects.filter(kind=OrganizationKind.TRAINING_PROVIDER):
        sent += summary_send(organization=organization)
    return {"sent": sent}
