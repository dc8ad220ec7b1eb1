"""A person's transcript: every module completed with its frozen hours by domain and topic,
and training taken elsewhere that other apps report (``register_transcript_source``); issuing it
behind a verification code (``transcript_issue``), and the public verification by that code."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from curriculum.hours import format_hours
from curriculum.models import (
    CompetencyDomain,
    Modality,
)
from lms.accounts.models import User
from lms.learning.models import (
    ModuleCompletion,
    TranscriptIssue,
)


@dataclass
class HoursLine:
    label: str
    hours: Decimal

    @property
    def hours_text(self) -> str:
        return format_hours(self.hours)


@dataclass(frozen=True)
class OutsideTraining:
    """Training a person took elsewhere, verified, as a transcript lists it. The app that keeps
    such records (certification) registers a source with ``register_transcript_source``; lms
    never imports it."""

    title: str
    provider: str
    date: datetime.date
    hours: Decimal
    modality: str  # in_person, live_online or self_paced
    domain_hours: tuple[tuple[str, str, Decimal], ...] = ()  # (framework, domain name, hours)

    @property
    def hours_text(self) -> str:
        return format_hours(self.hours)


_transcript_sources: dict[str, Callable[[User], list[OutsideTraining]]] = {}


def register_transcript_source(name: str, source: Callable[[User], list[OutsideTraining]]):
    """Add verified training from elsewhere to every transcript (registering again replaces)."""
    _transcript_sources[name] = source


@dataclass
class Transcript:
    holder: User
    completions: list[ModuleCompletion]
    domain_totals: list[tuple[str, list[HoursLine]]] = field(default_factory=list)
    topic_totals: list[HoursLine] = field(default_factory=list)
    total_hours: Decimal = Decimal(0)
    elsewhere: list[OutsideTraining] = field(default_factory=list)

    @property
    def has_records(self) -> bool:
        return bool(self.completions or self.elsewhere)

    @property
    def total_hours_text(self) -> str:
        return format_hours(self.total_hours)

    def as_content(self) -> dict:
        """What an issued transcript lists, frozen as JSON for /verify/."""
        modalities = dict(Modality.choices)
        return {
            "modules": [
                {
                    "title": completion.module_title,
                    "program": completion.program_title,
                    "completed_on": completion.completed_at.date().isoformat(),
                    "hours": format_hours(completion.contact_hours),
                    "modality": str(modalities.get(completion.modality, completion.modality)),
                }
                for completion in self.completions
            ],
            "elsewhere": [
                {
                    "title": training.title,
                    "provider": training.provider,
                    "completed_on": training.date.isoformat(),
                    "hours": training.hours_text,
                    "modality": str(modalities.get(training.modality, training.modality)),
                }
                for training in self.elsewhere
            ],
            "total_hours": format_hours(self.total_hours),
            "domains": [
                {
                    "framework": framework,
                    "lines": [[line.label, line.hours_text] for line in lines],
                }
                for framework, lines in self.domain_totals
            ],
            "topics": [[line.label, line.hours_text] for line in self.topic_totals],
        }


def transcript_for(*, user: User) -> Transcript:
    """The person's completions with hours per domain and topic (three queries)."""
    completions = list(
        ModuleCompletion.objects.filter(user=user)
        .order_by("completed_at", "pk")
        .prefetch_related("domain_hours", "topic_hours")
    )
    labels = dict(CompetencyDomain.Framework.choices)
    domain_sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    topic_sums: dict[str, Decimal] = defaultdict(Decimal)
    for completion in completions:
        for row in completion.domain_hours.all():
            domain_sums[row.framework][row.domain_name] += row.hours
        for row in completion.topic_hours.all():
            topic_sums[row.topic_name] += row.hours
    elsewhere = sorted(
        (training for source in _transcript_sources.values() for training in source(user)),
        key=lambda training: (training.date, training.title),
    )
    for training in elsewhere:
        for framework, name, hours in training.domain_hours:
            domain_sums[framework][name] += hours
    return Transcript(
        holder=user,
        completions=completions,
        domain_totals=[
            (
                str(labels.get(framework, framework)),
                [HoursLine(_(name), hours) for name, hours in sorted(sums.items())],
            )
            for framework, sums in sorted(domain_sums.items())
        ],
        topic_totals=[HoursLine(_(name), hours) for name, hours in sorted(topic_sums.items())],
        total_hours=sum((completion.contact_hours for completion in completions), Decimal(0))
        + sum((training.hours for training in elsewhere), Decimal(0)),
        elsewhere=elsewhere,
    )


def transcript_verification(code: str):
    """The /verify/ resolver for transcript codes (registered in LmsConfig.ready)."""
    from django.utils.dateparse import parse_date
    from django.utils.formats import date_format

    from lms.learning.models import TranscriptIssue
    from lms.verification import VerifiedDocument

    issue = TranscriptIssue.objects.filter(code=code).first()
    if issue is None:
        return None
    content = issue.content
    newer = TranscriptIssue.objects.filter(user_id=issue.user_id, issued_at__gt=issue.issued_at)
    facts = [
        (_("Modules completed"), str(len(content.get("modules", [])))),
        (_("Contact hours in total"), content.get("total_hours", "0")),
    ]
    for framework in content.get("domains", []):
        for label, hours in framework["lines"]:
            facts.append((f"{_(label)} ({framework['framework']})", hours))
    for label, hours in content.get("topics", []):
        facts.append((_("Topic: %(topic)s") % {"topic": _(label)}, hours))
    return VerifiedDocument(
        kind=_("Training transcript"),
        title=_("PeerPath training transcript"),
        holder_name=issue.holder_name,
        holder_id=issue.user_id,
        issued_on=timezone.localdate(issue.issued_at),
        status=VerifiedDocument.SUPERSEDED if newer.exists() else VerifiedDocument.VALID,
        status_note=_(
            "This transcript is genuine. The person has completed more training since; a newer "
            "transcript lists it."
        )
        if newer.exists()
        else _("This transcript is genuine and lists everything below, as issued."),
        facts=facts,
        # Two columns, so the table reads on a phone: the module with when and how, its hours.
        table_headings=(_("Module"), _("Hours")),
        table_rows=[
            (
                _("%(module)s (completed %(date)s, %(modality)s)")
                % {
                    "module": module["title"],
                    "date": date_format(parse_date(module["completed_on"]), "DATE_FORMAT"),
                    "modality": module["modality"].lower(),
                },
                module["hours"],
            )
            for module in content.get("modules", [])
        ]
        + [
            (
                _("%(training)s, %(provider)s (taken elsewhere, %(date)s, verified)")
                % {
                    "training": training["title"],
                    "provider": training["provider"],
                    "date": date_format(parse_date(training["completed_on"]), "DATE_FORMAT"),
                },
                training["hours"],
            )
            for training in content.get("elsewhere", [])
        ],
    )


def transcript_issue(*, user: User) -> TranscriptIssue:
    """Issue a transcript of the person's completions behind a verification code.

    Issuing again with nothing new returns the same transcript (and code).
    """
    transcript = transcript_for(user=user)
    content = transcript.as_content()
    # The name is part of what is certified: a new name gives a new transcript.
    payload = json.dumps([user.display_name, content], sort_keys=True, default=str)
    digest = hashlib.sha256(payload.encode()).hexdigest()
    with transaction.atomic():
        existing = TranscriptIssue.objects.filter(user=user, content_digest=digest).first()
        if existing is not None:
            return existing
        return TranscriptIssue.objects.create(
            user=user,
            code=TranscriptIssue.new_code(),
            holder_name=user.display_name,
            content=content,
            content_digest=digest,
        )


TRANSCRIPT_PDF_TEMPLATE = "lms/learning/transcript_pdf.html"


def transcript_pdf_context(*, user: User) -> dict:
    """What the transcript PDF prints: the completions, behind a verification code and QR code
    (the download page and the copy of a person's data both use it)."""
    from django.urls import reverse

    from lms.emails import absolute_url
    from lms.pdf import verification_qr_code

    issue = transcript_issue(user=user)
    verify_url = absolute_url(reverse("lms:verify", args=[issue.code]))
    return {
        "transcript": transcript_for(user=user),
        "issue": issue,
        "verify_url": verify_url,
        "qr_code": verification_qr_code(verify_url),
    }
