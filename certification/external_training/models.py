"""Training a person took elsewhere (issue 6, item 4): ExternalTraining and its hour splits.

A trainee records it with the certificate they were given; staff of their organisation verify
it or decline it with a reason. Only verified training counts (``records.external_training``).
The certificate file goes to the private storage under a random name (lms/private_files.py):
S3 when configured, a folder outside the media folder otherwise. It is served through PeerPath to
the trainee and their staff only, never linked.

The splits mirror a completed module's (lms.CompletionDomainHours / CompletionTopicHours): hours
per competency domain (per framework, at most the training's hours) and per topic (tags that
may overlap). ``event_key`` identifies the training event, so one event entered twice earns one
credit (the rules engine keeps one record per key).

Imported at the end of certification/models.py so Django finds the models in this app.
"""

import hashlib
import re

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from certification.rules.kinds import TrainingModality
from curriculum.models import CompetencyDomain, Topic
from lms.private_files import UnguessableName, private_storage_select

__all__ = [
    "ExternalTraining",
    "ExternalTrainingDomainHours",
    "ExternalTrainingStatus",
    "ExternalTrainingTopicHours",
]

CERTIFICATE_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "webp", "heic"]
CERTIFICATE_MAX_BYTES = 10 * 1024 * 1024


class ExternalTrainingStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for review")
    VERIFIED = "verified", _("Verified")
    DECLINED = "declined", _("Not accepted")


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").strip().casefold())


def external_event_key(*, provider: str, title: str, date) -> str:
    """The same provider, title and day is the same training event, however it is typed."""
    digest = hashlib.sha256(
        f"{_normalised(provider)}|{_normalised(title)}|{date.isoformat()}".encode()
    ).hexdigest()[:24]
    return f"external:{digest}"


class ExternalTraining(models.Model):
    """One training event taken outside PeerPath, with its certificate."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="external_trainings"
    )
    provider = models.CharField(_("provider"), max_length=200, help_text=_("Who ran the training."))
    title = models.CharField(_("training title"), max_length=200)
    date = models.DateField(_("date"), help_text=_("The day the training ended."))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    modality = models.CharField(_("delivery"), max_length=20, choices=TrainingModality.choices)
    certificate = models.FileField(
        _("certificate"),
        upload_to=UnguessableName("external-training"),
        storage=private_storage_select,
        validators=[FileExtensionValidator(CERTIFICATE_EXTENSIONS)],
        help_text=_("A PDF or a photo of the certificate, up to 10 MB."),
    )
    event_key = models.CharField(max_length=80, editable=False, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ExternalTrainingStatus.choices,
        default=ExternalTrainingStatus.SUBMITTED,
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decline_reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("external training")
        verbose_name_plural = _("external training")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="certification_external_hours"),
            models.CheckConstraint(
                condition=Q(status="submitted")
                | (Q(reviewed_at__isnull=False) & Q(reviewed_by__isnull=False)),
                name="certification_external_review_recorded",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="certification_external_decline_reason",
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.title} · {self.provider} · {self.date}"

    def save(self, *args, **kwargs):
        self.event_key = external_event_key(
            provider=self.provider, title=self.title, date=self.date
        )
        super().save(*args, **kwargs)


class ExternalTrainingDomainHours(models.Model):
    training = models.ForeignKey(
        ExternalTraining, on_delete=models.CASCADE, related_name="domain_hours"
    )
    domain = models.ForeignKey(CompetencyDomain, on_delete=models.PROTECT, related_name="+")
    hours = models.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["training", "domain"], name="certification_external_domain_once"
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0), name="certification_external_domain_hours"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.domain_id}: {self.hours}"


class ExternalTrainingTopicHours(models.Model):
    training = models.ForeignKey(
        ExternalTraining, on_delete=models.CASCADE, related_name="topic_hours"
    )
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="+")
    hours = models.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["training", "topic"], name="certification_external_topic_once"
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0), name="certification_external_topic_hours"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic_id}: {self.hours}"
