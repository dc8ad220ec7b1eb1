"""Training taken elsewhere: the writes (add, verify, decline)."""

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certification import audit
from certification.external_training.models import (
    CERTIFICATE_MAX_BYTES,
    ExternalTraining,
    ExternalTrainingDomainHours,
    ExternalTrainingStatus,
    ExternalTrainingTopicHours,
)
from certification.external_training.selectors import may_review_external_training
from certification.rules.wording import format_hours
from certification.supervision.models import check_hours
from curriculum.models import CompetencyDomain, Topic
from lms import access, personal_pages
from lms.accounts.models import Role, User

# A course may run over several days: no 24-hour limit, only what the hours columns hold.
MAX_TRAINING_HOURS = Decimal("9999.75")


_AUDIT_EXCLUDE = ("certificate",)


# ------------------------------------------------------------------------------
# Writes
# ------------------------------------------------------------------------------
def check_training_hours(value: Decimal | None) -> None:
    """The hours of a training (or of its split): quarter hours, above zero, bounded."""
    check_hours(
        value,
        maximum=MAX_TRAINING_HOURS,
        too_long=_("Enter at most %(hours)s hours.") % {"hours": MAX_TRAINING_HOURS},
    )


def _check_hours(value: Decimal, field: str, errors: dict) -> None:
    if value is None:
        errors.setdefault(field, []).append(_("Enter hours above zero, for example 1.5."))
        return
    try:
        check_training_hours(value)
    except ValidationError as error:
        errors.setdefault(field, []).extend(error.messages)


# The first bytes of the file types a certificate may be: a name ending .pdf is not enough.
_SIGNATURES = (b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


def looks_like_pdf_or_image(upload: UploadedFile) -> bool:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(_SIGNATURES):
        return True
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return True
    return head[4:8] == b"ftyp"  # HEIC/HEIF photos from phones


def external_training_add(
    *,
    person: User,
    provider: str,
    title: str,
    date: datetime.date,
    hours: Decimal,
    modality: str,
    certificate: UploadedFile,
    domain_hours: Mapping[CompetencyDomain, Decimal] | None = None,
    topic_hours: Mapping[Topic, Decimal] | None = None,
) -> ExternalTraining:
    """Record training taken elsewhere, waiting for staff to verify it."""
    if not access.has_role(person, Role.TRAINEE):
        raise PermissionDenied(_("Only trainees record training taken elsewhere."))
    errors: dict[str, list] = {}
    if date and date > timezone.localdate():
        errors.setdefault("date", []).append(
            _("This date is in the future. Add training once it has happened.")
        )
    _check_hours(hours, "hours", errors)
    domain_hours = {d: h for d, h in (domain_hours or {}).items() if h}
    topic_hours = {t: h for t, h in (topic_hours or {}).items() if h}
    for domain, value in domain_hours.items():
        _check_hours(value, f"domain_{domain.pk}", errors)
    for topic, value in topic_hours.items():
        _check_hours(value, f"topic_{topic.pk}", errors)
        if hours and value > hours:
            errors.setdefault(f"topic_{topic.pk}", []).append(
                _("At most the training's %(hours)s hours.") % {"hours": format_hours(hours)}
            )
    # As the curriculum does: inside one framework the domains share the training's hours.
    by_framework: dict[str, Decimal] = {}
    for domain, value in domain_hours.items():
        by_framework[domain.framework] = by_framework.get(domain.framework, Decimal(0)) + value
    frameworks = dict(CompetencyDomain.Framework.choices)
    for framework, total in by_framework.items():
        if hours and total > hours:
            errors.setdefault("__all__", []).append(
                _(
                    "The %(framework)s domains add up to %(total)s hours, more than the "
                    "training's %(hours)s hours."
                )
                % {
                    "framework": frameworks.get(framework, framework),
                    "total": format_hours(total),
                    "hours": format_hours(hours),
                }
            )
    if certificate is not None and certificate.size > CERTIFICATE_MAX_BYTES:
        errors.setdefault("certificate", []).append(
            _("This file is larger than 10 MB. Send a smaller photo or PDF.")
        )
    elif certificate is not None and not looks_like_pdf_or_image(certificate):
        errors.setdefault("certificate", []).append(
            _("This file is not a PDF or a photo. Send the certificate as a PDF or a picture.")
        )
    training = ExternalTraining(
        person=person,
        provider=(provider or "").strip(),
        title=(title or "").strip(),
        date=date,
        hours=hours,
        modality=modality,
        certificate=certificate,
    )
    try:
        training.full_clean(exclude=["event_key"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    try:
        _save_with_splits(training, person, domain_hours, topic_hours)
    except Exception:
        # The certificate reached storage before the rows rolled back: leave no orphan file.
        if training.certificate._committed and training.certificate.name:
            training.certificate.storage.delete(training.certificate.name)
        raise
    return training


def _save_with_splits(training, person, domain_hours, topic_hours) -> None:
    with transaction.atomic(), personal_pages.announce(people=[person.pk]):
        training.save()
        ExternalTrainingDomainHours.objects.bulk_create(
            ExternalTrainingDomainHours(training=training, domain=domain, hours=value)
            for domain, value in domain_hours.items()
        )
        ExternalTrainingTopicHours.objects.bulk_create(
            ExternalTrainingTopicHours(training=training, topic=topic, hours=value)
            for topic, value in topic_hours.items()
        )
        audit.record(
            actor=person,
            action="external_training.add",
            target=training,
            after={
                **audit.snapshot(training, exclude=_AUDIT_EXCLUDE),
                "certificate": training.certificate.name,
                "domain_hours": {str(d.pk): str(h) for d, h in domain_hours.items()},
                "topic_hours": {str(t.pk): str(h) for t, h in topic_hours.items()},
            },
        )


def _locked_for_review(training: ExternalTraining, reviewer: User) -> ExternalTraining:
    if not may_review_external_training(reviewer, training):
        raise PermissionDenied(_("Only staff of the trainee's organisation review this."))
    training = ExternalTraining.objects.select_for_update().get(pk=training.pk)
    if training.status != ExternalTrainingStatus.SUBMITTED:
        raise ValidationError(_("This training was already reviewed."))
    return training


def external_training_verify(*, training: ExternalTraining, reviewer: User) -> ExternalTraining:
    """Staff checked the certificate: the hours count from now on."""
    with transaction.atomic():
        training = _locked_for_review(training, reviewer)
        with audit.audited_change(
            actor=reviewer,
            action="external_training.verify",
            target=training,
            exclude=_AUDIT_EXCLUDE,
        ):
            training.status = ExternalTrainingStatus.VERIFIED
            training.reviewed_at = timezone.now()
            training.reviewed_by = reviewer
    return training


def external_training_decline(
    *, training: ExternalTraining, reviewer: User, reason: str
) -> ExternalTraining:
    """Staff decline with a reason the trainee reads; the hours never count."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, so the trainee knows what to do next.")})
    with transaction.atomic():
        training = _locked_for_review(training, reviewer)
        with audit.audited_change(
            actor=reviewer,
            action="external_training.decline",
            target=training,
            exclude=_AUDIT_EXCLUDE,
        ):
            training.status = ExternalTrainingStatus.DECLINED
            training.reviewed_at = timezone.now()
            training.reviewed_by = reviewer
            training.decline_reason = reason
    return training
