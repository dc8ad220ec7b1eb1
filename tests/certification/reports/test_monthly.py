"""The monthly summary: each organisation administrator gets last month's figures and a PDF,
once per month, however often the job runs."""

import datetime

from django.utils import timezone

from certification.reports.models import MonthlySummary
from certification.reports.monthly import last_month, send_monthly_summaries, summary_send
from lms.learning.models import Enrollment


def test_last_month_is_the_whole_month_before():
    assert last_month(datetime.date(2026, 3, 1)) == (
        datetime.date(2026, 2, 1),
        datetime.date(2026, 2, 28),
    )
    assert last_month(datetime.date(2026, 1, 15)) == (
        datetime.date(2025, 12, 1),
        datetime.date(2025, 12, 31),
    )


def test_administrators_get_last_months_figures_once(network, mailoutbox):
    today = timezone.localdate()
    start, _end = last_month(today)
    # Seven of Alpha's fourteen enrolled last month.
    for trainee in network.trainees["alpha"][:7]:
        Enrollment.objects.filter(user=trainee).update(
            created_at=timezone.make_aware(datetime.datetime.combine(start, datetime.time(12)))
        )
    assert summary_send(organization=network.alpha, today=today) == 1
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["admin@alpha.example.org"]
    assert "Alpha Recovery" in message.subject
    assert "People who enrolled: 7" in message.body
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert name.endswith(f"{start:%Y-%m}.pdf")
    # Again the same month (a second beat, a retry): nothing more.
    assert summary_send(organization=network.alpha, today=today) == 0
    send_monthly_summaries()
    assert len(mailoutbox) == 1
    assert MonthlySummary.objects.filter(emailed_at__isnull=False).count() == 1


def test_staff_who_are_not_administrators_get_no_summary(network, mailoutbox):
    summary_send(organization=network.beta)
    assert mailoutbox == []
