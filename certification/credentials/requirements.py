"""One requirement of a credential definition: its kind, the fields each kind uses, and how it
becomes the rules engine's ``RequirementSpec``. A model of the certification app, re-exported by
``credentials/models.py``."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Orderable

from certification.credentials.vocabulary import (
    FROZEN_MESSAGE,
    FrozenDefinitionError,
    RequirementPurpose,
)
from certification.rules.kinds import (
    HOURS_KINDS,
    AttestationKind,
    RequirementKind,
    TrainingModality,
)
from certification.rules.specs import RequirementSpec
from certification.rules.wording import format_hours
from curriculum.models import CompetencyDomain

# Which optional fields each kind uses; anything else filled in is an error the editor sees.
_HOURS_COMMON = {"hours", "domain", "framework", "within_months"}


FIELDS_BY_KIND = {
    RequirementKind.EDUCATION_HOURS: _HOURS_COMMON
    | {
        "topic",
        "cap_topic",
        "cap_hours",
        "subset_topic",
        "subset_hours",
        "share_modality",
        "share_percent",
    },
    RequirementKind.PRACTICE_HOURS: _HOURS_COMMON | {"include_supervision"},
    RequirementKind.SUPERVISION_HOURS: _HOURS_COMMON | {"sustained_months"},
    RequirementKind.MODULE_COMPLETED: {"module", "within_months"},
    RequirementKind.ASSESSMENT_PASSED: {"module", "within_months"},
    RequirementKind.EXAM_RESULT: {"exam_code", "exam_name", "pass_score", "within_months"},
    RequirementKind.ATTESTATION: {"attestation_kind"},
    RequirementKind.PREREQUISITE: {"prerequisite_code"},
}


OPTIONAL_FIELDS = sorted(set().union(*FIELDS_BY_KIND.values()))


_FOREIGN_KEYS = frozenset({"domain", "topic", "cap_topic", "subset_topic", "module"})


class CredentialRequirement(Orderable):
    """One requirement of a credential definition. Every requirement must be met."""

    @classmethod
    def _definition_model(cls):
        # The definition model, without importing models.py (which imports this module).
        return cls._meta.get_field("definition").related_model

    definition = ParentalKey(
        "certification.CredentialDefinition", on_delete=models.CASCADE, related_name="requirements"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=RequirementKind.choices)
    purpose = models.CharField(
        _("applies"),
        max_length=20,
        choices=RequirementPurpose.choices,
        default=RequirementPurpose.INITIAL,
        help_text=_(
            "Renewal requirements are continuing-education hours judged over one cycle: only "
            "training dated from the credential's issue date to its end date counts."
        ),
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_(
            "Optional. How to name this requirement to trainees; a sentence is written "
            "for you when empty."
        ),
    )
    hours = models.DecimalField(
        _("minimum hours"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    domain = models.ForeignKey(
        CompetencyDomain,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("in one domain"),
    )
    topic = models.ForeignKey(
        "curriculum.Topic",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on one topic"),
    )
    framework = models.CharField(
        _("in the domains of one framework"),
        max_length=20,
        blank=True,
        choices=CompetencyDomain.Framework.choices,
    )
    within_months = models.PositiveSmallIntegerField(
        _("only the last … months"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Recency window: only records from this many months before count."),
    )
    cap_topic = models.ForeignKey(
        "curriculum.Topic",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cap: topic"),
    )
    cap_hours = models.DecimalField(
        _("cap: at most … hours of that topic count"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    subset_topic = models.ForeignKey(
        "curriculum.Topic",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("of which: topic"),
    )
    subset_hours = models.DecimalField(
        _("of which: at least … hours of that topic"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("A nested subset, e.g. 48 of the 60 hours peer-recovery-specific."),
    )
    share_modality = models.CharField(
        _("share: delivered"),
        max_length=20,
        blank=True,
        choices=TrainingModality.choices,
    )
    share_percent = models.DecimalField(
        _("share: at least … % of the minimum hours"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    include_supervision = models.BooleanField(
        _("supervision hours count here too"),
        default=False,
        help_text=_("Some boards count supervision inside the practice hours."),
    )
    sustained_months = models.PositiveSmallIntegerField(
        _("sustained over at least … months"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
    )
    module = models.ForeignKey(
        "curriculum.ModulePage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("module"),
    )
    exam_code = models.SlugField(
        _("exam code"), max_length=40, blank=True, help_text=_("For example icrc_pr_exam.")
    )
    exam_name = models.CharField(_("exam name"), max_length=200, blank=True)
    pass_score = models.DecimalField(
        _("pass mark"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    attestation_kind = models.CharField(
        _("attestation"), max_length=30, blank=True, choices=AttestationKind.choices
    )
    prerequisite_code = models.SlugField(
        _("credential held first (code)"), max_length=40, blank=True
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("purpose"), FieldPanel("title")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("hours"), FieldPanel("within_months")]),
                FieldRowPanel([FieldPanel("domain"), FieldPanel("topic"), FieldPanel("framework")]),
                FieldRowPanel([FieldPanel("cap_topic"), FieldPanel("cap_hours")]),
                FieldRowPanel([FieldPanel("subset_topic"), FieldPanel("subset_hours")]),
                FieldRowPanel([FieldPanel("share_modality"), FieldPanel("share_percent")]),
                FieldRowPanel([FieldPanel("include_supervision"), FieldPanel("sustained_months")]),
            ],
            heading=_("Hours"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("module"),
                FieldRowPanel(
                    [FieldPanel("exam_code"), FieldPanel("exam_name"), FieldPanel("pass_score")]
                ),
                FieldRowPanel([FieldPanel("attestation_kind"), FieldPanel("prerequisite_code")]),
            ],
            heading=_("Modules, exams, attestations, credentials"),
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")

    def __str__(self) -> str:
        from certification.rules.wording import describe

        return describe(self.as_spec())

    # -- validation -------------------------------------------------------------------------
    def _is_set(self, name: str) -> bool:
        attname = f"{name}_id" if name in _FOREIGN_KEYS else name
        value = getattr(self, attname)
        return value not in (None, "", False)

    def clean(self):
        super().clean()
        self._ensure_definition_not_frozen()
        if not self.kind:
            return
        errors: dict[str, list] = {}

        def add(name, message):
            errors.setdefault(name, []).append(message)

        if (
            self.purpose == RequirementPurpose.RENEWAL
            and self.kind != RequirementKind.EDUCATION_HOURS
        ):
            add(
                "purpose",
                _("Renewal requirements are continuing-education hours: choose “%(kind)s”.")
                % {"kind": RequirementKind.EDUCATION_HOURS.label},
            )
        allowed = FIELDS_BY_KIND[self.kind]
        kind_label = RequirementKind(self.kind).label
        for name in OPTIONAL_FIELDS:
            if name not in allowed and self._is_set(name):
                add(
                    name,
                    _("Leave this empty: a “%(kind)s” requirement does not use it.")
                    % {"kind": kind_label},
                )
        if self.kind in HOURS_KINDS:
            self._clean_hours(add)
        elif self.kind in {RequirementKind.MODULE_COMPLETED, RequirementKind.ASSESSMENT_PASSED}:
            if not self.module_id:
                add("module", _("Choose the module."))
        elif self.kind == RequirementKind.EXAM_RESULT:
            if not self.exam_code:
                add("exam_code", _("Enter the exam's code."))
            if self.pass_score is None:
                add("pass_score", _("Enter the pass mark (for the IC&RC exam: 500)."))
        elif self.kind == RequirementKind.ATTESTATION:
            if not self.attestation_kind:
                add("attestation_kind", _("Choose what the person attests."))
        elif self.kind == RequirementKind.PREREQUISITE:
            self._clean_prerequisite(add)
        if errors:
            raise ValidationError(errors)

    def _clean_hours(self, add):
        if self.hours is None or self.hours <= 0:
            add("hours", _("Enter the minimum number of hours, above zero."))
        scopes = [name for name in ("domain", "topic", "framework") if self._is_set(name)]
        if len(scopes) > 1:
            for name in scopes:
                add(
                    name,
                    _(
                        "Choose one domain, one topic or one framework, not several. For "
                        "hours in each of several domains, add one requirement per domain."
                    ),
                )
        if self.domain_id and self.framework and self.domain.framework != self.framework:
            add("domain", _("This domain belongs to another framework."))
        for topic_field, hours_field, what in (
            ("cap_topic", "cap_hours", _("the cap")),
            ("subset_topic", "subset_hours", _("the nested subset")),
        ):
            if self._is_set(topic_field) != (getattr(self, hours_field) is not None):
                add(
                    hours_field if self._is_set(topic_field) else topic_field,
                    _("For %(what)s, fill in both the topic and the hours.") % {"what": what},
                )
        if self.hours and self.subset_hours is not None and self.subset_hours > self.hours:
            add(
                "subset_hours",
                _("The subset cannot be larger than the minimum hours (%(hours)s).")
                % {"hours": format_hours(self.hours)},
            )
        if self.subset_topic_id and self.topic_id and self.subset_topic_id == self.topic_id:
            add("subset_topic", _("The subset's topic is the requirement's own topic."))
        if self.cap_topic_id and self.topic_id and self.cap_topic_id == self.topic_id:
            add(
                "cap_topic",
                _(
                    "A cap on the requirement's own topic would stop it being met; use a "
                    "different topic."
                ),
            )
        if (
            self.hours
            and self.cap_hours is not None
            and self.subset_hours is not None
            and self.cap_topic_id == self.subset_topic_id
            and self.cap_hours < self.subset_hours
        ):
            add(
                "cap_hours",
                _("The cap is below the subset of the same topic: it can never be met."),
            )
        if bool(self.share_modality) != (self.share_percent is not None):
            add(
                "share_percent" if self.share_modality else "share_modality",
                _("For a share by delivery, fill in both how it is delivered and the percentage."),
            )

    def _clean_prerequisite(self, add):
        if not self.prerequisite_code:
            add("prerequisite_code", _("Enter the code of the credential held first."))
            return
        definition = self.definition if self.definition_id else None
        if definition is not None and definition.code == self.prerequisite_code:
            add("prerequisite_code", _("A credential cannot require itself."))
        elif not self._definition_model().objects.filter(code=self.prerequisite_code).exists():
            add(
                "prerequisite_code",
                _("No credential has the code “%(code)s”.") % {"code": self.prerequisite_code},
            )

    def _ensure_definition_not_frozen(self) -> None:
        if (
            self.definition_id
            and self._definition_model()
            .objects.filter(pk=self.definition_id, frozen_at__isnull=False)
            .exists()
        ):
            raise FrozenDefinitionError(FROZEN_MESSAGE)

    def save(self, *args, **kwargs):
        self._ensure_definition_not_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._ensure_definition_not_frozen()
        return super().delete(*args, **kwargs)

    # -- for the rules engine ---------------------------------------------------------------
    def as_spec(self, *, prerequisite_names: dict | None = None) -> RequirementSpec:
        if prerequisite_names is None and self.prerequisite_code:
            prerequisite_names = dict(
                self._definition_model()
                .objects.filter(code=self.prerequisite_code)
                .order_by("version")
                .values_list("code", "name")
            )
        prerequisite_name = (prerequisite_names or {}).get(self.prerequisite_code, "")
        frameworks = dict(CompetencyDomain.Framework.choices)
        return RequirementSpec(
            key=str(self.pk) if self.pk else f"new-{self.sort_order}",
            kind=self.kind,
            title=self.title,
            hours=self.hours,
            domain=(self.domain.framework, self.domain.slug) if self.domain_id else None,
            domain_name=self.domain.name if self.domain_id else "",
            topic=self.topic.slug if self.topic_id else "",
            topic_name=self.topic.name if self.topic_id else "",
            framework=self.framework,
            framework_name=str(frameworks.get(self.framework, "")) if self.framework else "",
            within_months=self.within_months,
            cap_topic=self.cap_topic.slug if self.cap_topic_id else "",
            cap_topic_name=self.cap_topic.name if self.cap_topic_id else "",
            cap_hours=self.cap_hours,
            subset_topic=self.subset_topic.slug if self.subset_topic_id else "",
            subset_topic_name=self.subset_topic.name if self.subset_topic_id else "",
            subset_hours=self.subset_hours,
            share_modality=self.share_modality,
            share_percent=self.share_percent,
            include_supervision=self.include_supervision,
            sustained_months=self.sustained_months,
            module_key=str(self.module_id) if self.module_id else "",
            module_title=self.module.title if self.module_id else "",
            exam_code=self.exam_code,
            exam_name=self.exam_name,
            pass_score=self.pass_score,
            attestation_kind=self.attestation_kind,
            prerequisite_code=self.prerequisite_code,
            prerequisite_name=prerequisite_name,
        )
