"""Credential definitions (versioned, effective-dated) and their requirements."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from certification.credentials.vocabulary import (
    FROZEN_MESSAGE,
    DefinitionStatus,
    FrozenDefinitionError,
    Issuance,
    IssuanceRoute,
    RequirementPurpose,
)
from certification.rules.specs import CredentialSpec
from curriculum.input_limits import validate_plausible_date


# ------------------------------------------------------------------------------
# Credential definition
# ------------------------------------------------------------------------------
class CredentialDefinitionQuerySet(models.QuerySet):
    def in_effect_on(self, day):
        """Published versions (active or since retired) whose dates include ``day``: the rules
        that applied that day. Drafts never apply."""
        return self.exclude(status=DefinitionStatus.DRAFT).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=day), effective_from__lte=day
        )


class CredentialDefinition(ClusterableModel):
    """One version of a credential's rules, as a credential board publishes them."""

    code = models.SlugField(
        _("code"),
        max_length=40,
        help_text=_(
            "A short stable identifier shared by every version, for example icrc_pr. "
            "Programs name the credentials they prepare for by this code."
        ),
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("For example: IC&RC Peer Recovery (PR).")
    )
    issuing_body = models.CharField(
        _("issuing body"),
        max_length=200,
        help_text=_("The board that sets these rules, for example Illinois Certification Board."),
    )
    issuance = models.CharField(
        _("who issues it"),
        max_length=20,
        choices=Issuance.choices,
        default=Issuance.BOARD,
        help_text=_(
            "A board's credential is issued by the board, never by a training organisation: "
            "the organisation endorses the application and, if the board is not on PeerPath, "
            "records its decision. A training certificate or local credential is issued by "
            "the trainee's own organisation."
        ),
    )
    issuer = models.ForeignKey(
        "lms.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credentials_issued_here",
        limit_choices_to={"kind": "credentialing_body"},
        verbose_name=_("issuing body on PeerPath"),
        help_text=_(
            "For a board's credential: the credentialing body, when it decides applications "
            "on PeerPath. Leave empty when the board decides outside PeerPath."
        ),
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Numbered from 1; a new version copies the last.")
    )
    effective_from = models.DateField(
        _("effective from"), help_text=_("The first day these rules apply.")
    )
    effective_to = models.DateField(
        _("effective to"),
        null=True,
        blank=True,
        help_text=_("The last day these rules apply. Leave empty while they are current."),
    )
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("How long the credential stays valid once issued, e.g. 24 for two years."),
    )
    reapplication_wait_days = models.PositiveSmallIntegerField(
        _("wait after a revocation (days)"),
        default=0,
        validators=[MaxValueValidator(3650)],
        help_text=_(
            "How long someone whose credential was revoked waits before applying again. "
            "0: they may apply at once (staff still see the revocation)."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DefinitionStatus.choices,
        default=DefinitionStatus.DRAFT,
        help_text=_("Only active versions are offered to trainees."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What the credential is and who it is for, in plain words."),
    )
    frozen_at = models.DateTimeField(
        _("in use since"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when an application is first judged under this version."),
    )
    previous_version = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="next_versions",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CredentialDefinitionQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("code"), FieldPanel("version", read_only=True)]),
                FieldPanel("name"),
                FieldPanel("issuing_body"),
                FieldRowPanel([FieldPanel("issuance"), FieldPanel("issuer")]),
                FieldPanel("description"),
            ],
            heading=_("Credential"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("effective_from"), FieldPanel("effective_to")]),
                FieldRowPanel([FieldPanel("validity_months"), FieldPanel("status")]),
                FieldPanel("reapplication_wait_days"),
            ],
            heading=_("When these rules apply"),
        ),
        InlinePanel(
            "requirements",
            heading=_("Requirements"),
            label=_("Requirement"),
            help_text=_(
                "Every requirement must be met. Fill in only the fields the kind uses; the "
                "form says which ones when something does not fit."
            ),
        ),
    ]

    # Fields that may still change once a version is in use.
    MUTABLE_WHEN_FROZEN = frozenset({"status", "effective_to", "updated_at", "issuer"})

    class Meta:
        verbose_name = _("credential definition")
        verbose_name_plural = _("credential definitions")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="certification_credential_version"
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="certification_credential_effective_dates",
            ),
        ]

    def __str__(self) -> str:
        return _("%(name)s, version %(version)s") % {"name": self.name, "version": self.version}

    # -- invariants -------------------------------------------------------------------------
    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    def _stored(self):
        if self.pk is None:
            return None
        return type(self).objects.filter(pk=self.pk).first()

    def changed_frozen_fields(self) -> list[str]:
        """Fields whose value differs from the stored, frozen row (empty if not frozen)."""
        stored = self._stored()
        if stored is None or not stored.is_frozen:
            return []
        return [
            f.attname
            for f in self._meta.concrete_fields
            if f.name not in self.MUTABLE_WHEN_FROZEN
            and getattr(self, f.attname) != getattr(stored, f.attname)
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.changed_frozen_fields():
            raise FrozenDefinitionError(FROZEN_MESSAGE)
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            errors["effective_to"] = _("The end date must be on or after the start date.")
        if self.issuance == Issuance.PROVIDER and self.issuer_id:
            errors["issuer"] = _(
                "A training certificate is issued by the trainee's own organisation: leave the "
                "issuing body empty."
            )
        for name in ("effective_from", "effective_to"):
            try:
                validate_plausible_date(getattr(self, name))
            except ValidationError as error:
                errors.setdefault(name, error.messages)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.changed_frozen_fields():
            raise FrozenDefinitionError(FROZEN_MESSAGE)
        super().save(*args, **kwargs)

    @property
    def route(self) -> str:
        """How an application for this credential becomes one (``IssuanceRoute``)."""
        if self.issuance == Issuance.PROVIDER:
            return IssuanceRoute.PROVIDER
        return IssuanceRoute.BODY if self.issuer_id else IssuanceRoute.RECORDED

    def delete(self, *args, **kwargs):
        stored = self._stored()
        if stored is not None and stored.is_frozen:
            raise FrozenDefinitionError(FROZEN_MESSAGE)
        return super().delete(*args, **kwargs)

    # -- for the rules engine ---------------------------------------------------------------
    def as_spec(self, *, purpose: str = RequirementPurpose.INITIAL) -> CredentialSpec:
        """The definition as plain values for ``rules.evaluate`` (one query if not prefetched).

        By default the requirements to earn the credential; ``renewal_spec()`` gives those to
        renew it, judged over one cycle (see certification/issuance/renewal.py).
        """
        requirements = self.requirements.all()
        if "requirements" not in getattr(self, "_prefetched_objects_cache", {}):
            requirements = requirements.select_related(
                "domain", "topic", "cap_topic", "subset_topic", "module"
            )
        requirements = [r for r in requirements if r.purpose == purpose]
        codes = {r.prerequisite_code for r in requirements if r.prerequisite_code}
        names = {}
        if codes:
            # The newest version's name, in one query whatever the number of prerequisites.
            for code, name in (
                CredentialDefinition.objects.filter(code__in=codes)
                .order_by("code", "version")
                .values_list("code", "name")
            ):
                names[code] = name
        return CredentialSpec(
            code=self.code,
            name=self.name,
            version=self.version,
            issuing_body=self.issuing_body,
            effective_from=self.effective_from,
            effective_to=self.effective_to,
            validity_months=self.validity_months,
            requirements=[
                requirement.as_spec(prerequisite_names=names) for requirement in requirements
            ],
        )

    def renewal_spec(self) -> CredentialSpec:
        """The continuing-education requirements of one renewal cycle."""
        return self.as_spec(purpose=RequirementPurpose.RENEWAL)


from certification.credentials.requirements import (  # noqa: E402 (a requirement points back at its definition)
    FIELDS_BY_KIND,
    OPTIONAL_FIELDS,
    CredentialRequirement,
)

__all__ = [
    "FIELDS_BY_KIND",
    "FROZEN_MESSAGE",
    "OPTIONAL_FIELDS",
    "CredentialDefinition",
    "CredentialDefinitionQuerySet",
    "CredentialRequirement",
    "DefinitionStatus",
    "FrozenDefinitionError",
    "Issuance",
    "IssuanceRoute",
    "RequirementPurpose",
]
