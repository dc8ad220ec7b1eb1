"""Curriculum content. Taxonomy terms first; the page tree builds on them."""

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from curriculum import hours as hour_rules
from curriculum import page_context
from curriculum.assessment import AnswerFeedback
from curriculum.blocks import LessonStreamBlock, QuestionBankBlock
from curriculum.forms import LearningPackageForm, ModulePageForm, PersonFirstPageForm
from curriculum.hours import (
    credit_mode_errors,
    live_split_errors,
    online_split_errors,
    validate_quarter_hours,
    validate_quarter_hours_or_zero,
)
from curriculum.packages import package_folder

# Taxonomy terms and the hour rows live in their own modules; they are models of this app.
from curriculum.terms import CompetencyDomain, CoreValue, RecoveryPathway, TaxonomyTerm, Topic  # noqa: I001
from curriculum.translation import SHARED_URL_FIELDS, CurriculumPageManager, FallbackRouteMixin


# ------------------------------------------------------------------------------
# The page tree: /curriculum/ > section > program > module > lesson
# ------------------------------------------------------------------------------
class CurriculumIndexPage(FallbackRouteMixin, Page):
    """/curriculum/: every published program, and the public curriculum search.

    Its children are sections: one shared statewide section and one per RCO. Sections are
    where page permissions and the review workflow attach, so each RCO edits only its own.
    """

    objects = CurriculumPageManager()
    override_translatable_fields = SHARED_URL_FIELDS

    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A welcoming sentence or two shown above the programs and the search."),
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    class Meta:
        verbose_name = _("curriculum index")

    def get_context(self, request, *args, **kwargs):
        # The search and the program list: curriculum/selectors.py (see page_context.py).
        context = super().get_context(request, *args, **kwargs)
        context.update(page_context.context_for(self, request))
        return context

    max_count = 1
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["curriculum.CurriculumSectionPage"]


class CurriculumSectionPage(FallbackRouteMixin, Page):
    """One part of the curriculum owned by one group of editors: an RCO, or the state network.

    The RCO a section belongs to is recorded on the people side (lms), which builds on this app.
    """

    objects = CurriculumPageManager()
    override_translatable_fields = SHARED_URL_FIELDS

    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("Who writes this part of the curriculum.")
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    class Meta:
        verbose_name = _("curriculum section")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["programs"] = ProgramPage.objects.child_of(self).live().public()
        return context

    parent_page_types = ["curriculum.CurriculumIndexPage"]
    subpage_types = ["curriculum.ProgramPage"]


class Credential(models.TextChoices):
    """Credentials a program can prepare for; the certification app defines their rules."""

    ICRC_PR = "icrc_pr", _("IC&RC Peer Recovery (PR)")
    IL_CPRS = "il_cprs", _("Illinois Certified Peer Recovery Specialist (CPRS)")
    IL_CRSS = "il_crss", _("Illinois Certified Recovery Support Specialist (CRSS)")
    NAADAC_NCPRSS = "naadac_ncprss", _("NAADAC National Certified Peer Recovery Support Specialist")
    CONTINUING_EDUCATION = "ceu", _("Continuing education for renewal")


class ProgramPage(FallbackRouteMixin, Page):
    """A course of modules that together prepare a person for one or more credentials."""

    objects = CurriculumPageManager()
    override_translatable_fields = SHARED_URL_FIELDS

    base_form_class = PersonFirstPageForm

    summary = models.TextField(
        _("summary"), help_text=_("Two or three sentences: what the program covers and why.")
    )
    audience = RichTextField(
        _("who it is for"),
        features=["bold", "italic", "link", "ul"],
        help_text=_("Who the program is for and anything they need before starting."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("audience"),
        InlinePanel(
            "credentials",
            label=_("Prepares for"),
            help_text=_("The credentials whose training requirements this program counts toward."),
        ),
        FieldPanel("person_first_reason"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("audience"),
    ]

    class Meta:
        verbose_name = _("program")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["modules"] = (
            ModulePage.objects.child_of(self).live().public().prefetch_related("domain_hours")
        )
        # The hours per domain: curriculum/selectors.py (see page_context.py).
        context.update(page_context.context_for(self, request))
        return context

    parent_page_types = ["curriculum.CurriculumSectionPage"]
    subpage_types = ["curriculum.ModulePage"]


class ProgramCredential(Orderable):
    program = ParentalKey(ProgramPage, on_delete=models.CASCADE, related_name="credentials")
    credential = models.CharField(
        _("credential"),
        max_length=20,
        choices=Credential.choices,
        help_text=_("A credential this program prepares people for."),
    )

    panels = [FieldPanel("credential")]

    class Meta(Orderable.Meta):
        verbose_name = _("credential prepared for")
        verbose_name_plural = _("credentials prepared for")

    def __str__(self) -> str:
        return self.get_credential_display()


class Modality(models.TextChoices):
    SELF_PACED = "self_paced", _("Self-paced online")
    LIVE_ONLINE = "live_online", _("Live online")
    IN_PERSON = "in_person", _("In person")


class CreditMode(models.TextChoices):
    """How a module's contact hours are earned."""

    ONLINE = hour_rules.ONLINE, _("Online lessons")
    LIVE = hour_rules.LIVE, _("Live sessions")
    BLENDED = hour_rules.BLENDED, _("Online lessons and live sessions")


class PartialAttendanceRule(models.TextChoices):
    """What a session credits a trainee who attended only part of it."""

    PROPORTIONAL = "proportional", _("The time attended, in quarter hours")
    MINIMUM_SHARE = "minimum_share", _("The whole session, once a minimum share was attended")


class ModulePage(FallbackRouteMixin, Page):
    """A unit a trainee completes for credit: contact hours split across domains and topics.

    The hours are earned online (lessons and assessment), in live sessions (attendance the
    facilitator signed), or both; each part has its own split across domains and topics.

    Also holds the module's question bank (graded assessment), so questions are reviewed and
    versioned with the rest of the module.
    """

    objects = CurriculumPageManager()
    override_translatable_fields = SHARED_URL_FIELDS

    summary = models.TextField(
        _("summary"), help_text=_("Two or three sentences shown in lists and search results.")
    )
    learning_objectives = RichTextField(
        _("learning objectives"),
        features=["ul", "bold", "italic"],
        help_text=_("A bulleted list: what a trainee will be able to do after this module."),
    )
    estimated_minutes = models.PositiveIntegerField(
        _("estimated time (minutes)"),
        validators=[MinValueValidator(1)],
        help_text=_(
            "About how long the module takes, in minutes, lessons and assessment included."
        ),
    )
    contact_hours = models.DecimalField(
        _("contact hours credited"),
        max_digits=5,
        decimal_places=2,
        validators=[validate_quarter_hours],
        help_text=_(
            "Clock hours a trainee is credited for the whole module (online and live "
            "together), in quarter hours. Split them across competency domains below."
        ),
    )
    modality = models.CharField(
        _("delivery modality"),
        max_length=20,
        choices=Modality.choices,
        default=Modality.SELF_PACED,
        help_text=_(
            "How the online lessons are delivered. Live sessions record how each person "
            "attended (in person or online). Some credentials require face-to-face hours."
        ),
    )
    credit_mode = models.CharField(
        _("hours are earned by"),
        max_length=20,
        choices=CreditMode.choices,
        default=CreditMode.ONLINE,
        help_text=_(
            "Online lessons: completing the lessons and assessment credits the hours. Live "
            "sessions: hours are credited for the time attended, as the facilitator signed it."
        ),
    )
    live_contact_hours = models.DecimalField(
        _("of which live hours"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[validate_quarter_hours_or_zero],
        help_text=_(
            "The part of the contact hours earned in live sessions (all of them for a "
            "live-only module, 0 for an online one)."
        ),
    )
    live_session_count = models.PositiveSmallIntegerField(
        _("live sessions"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "How many sessions make up the live part. Each scheduled session covers one of "
            "them; a trainee who misses one attends another session of the same part."
        ),
    )
    partial_attendance_rule = models.CharField(
        _("partial attendance credits"),
        max_length=20,
        choices=PartialAttendanceRule.choices,
        default=PartialAttendanceRule.PROPORTIONAL,
        help_text=_("What a trainee who attended only part of a session is credited."),
    )
    minimum_share_percent = models.PositiveSmallIntegerField(
        _("minimum share attended (%)"),
        default=75,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "With the minimum share rule: the share of a session a trainee attends to be "
            "credited the whole session."
        ),
    )
    prerequisites = ParentalManyToManyField(
        "curriculum.ModulePage",
        blank=True,
        related_name="required_by",
        limit_choices_to={"live": True},
        verbose_name=_("prerequisite modules"),
        help_text=_("Published modules a trainee should complete first."),
    )
    core_values = ParentalManyToManyField(
        CoreValue,
        blank=True,
        related_name="modules",
        verbose_name=_("core values"),
        help_text=_("The values of peer work this module builds on."),
    )
    recovery_pathways = ParentalManyToManyField(
        RecoveryPathway,
        blank=True,
        related_name="modules",
        verbose_name=_("recovery pathways"),
        help_text=_("Pathways the module speaks to. Pathways are never ranked."),
    )
    content_note = models.TextField(
        _("content note"),
        blank=True,
        help_text=_(
            "Shown before the content when the material is hard (for example trauma, overdose "
            "or suicide). Name the topics plainly and remind people they can pause any time."
        ),
    )
    # Assessment: the question bank and its settings.
    question_bank = StreamField(
        QuestionBankBlock(),
        blank=True,
        verbose_name=_("question bank"),
        help_text=_(
            "The graded questions. Leave empty for a module without an assessment. Each "
            "attempt draws questions from this bank."
        ),
    )
    questions_per_attempt = models.PositiveSmallIntegerField(
        _("questions drawn per attempt"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("How many questions each attempt asks. Leave blank to ask them all."),
    )
    shuffle_questions = models.BooleanField(
        _("shuffle questions"), default=True, help_text=_("Ask the questions in a random order.")
    )
    shuffle_options = models.BooleanField(
        _("shuffle answer options"),
        default=True,
        help_text=_("Show each question's options in a random order."),
    )
    pass_mark_percent = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The share of questions answered correctly needed to pass, from 1 to 100."),
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave blank to allow as many attempts as a trainee needs."),
    )
    cooldown_minutes = models.PositiveIntegerField(
        _("pause between attempts (minutes)"),
        default=0,
        help_text=_("Minutes a trainee waits before trying again; 0 for no wait."),
    )
    answer_feedback = models.CharField(
        _("show the correct answers"),
        max_length=20,
        choices=[
            (
                AnswerFeedback.AFTER_LIMIT_OR_PASS,
                _("After a passed attempt, or once no attempts are left"),
            ),
            (AnswerFeedback.AFTER_ANY_ATTEMPT, _("After every attempt, passed or not")),
            (AnswerFeedback.AFTER_PASS, _("Only after a passed attempt")),
            (AnswerFeedback.NEVER, _("Never")),
        ],
        default=AnswerFeedback.AFTER_LIMIT_OR_PASS,
        help_text=_(
            "When trainees see which answers were correct. Your explanations and option "
            "feedback are always shown."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("content_note"),
        FieldPanel("learning_objectives"),
        MultiFieldPanel(
            [
                FieldPanel("estimated_minutes"),
                FieldPanel("modality"),
                FieldPanel("prerequisites", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Delivery"),
        ),
        FieldPanel("person_first_reason"),
    ]
    hours_panels = [
        MultiFieldPanel(
            [
                FieldPanel("contact_hours"),
                FieldPanel("credit_mode"),
                FieldPanel("live_contact_hours"),
            ],
            heading=_("Contact hours"),
        ),
        InlinePanel(
            "domain_hours",
            label=_("Online lessons: competency domain hours"),
            help_text=_(
                "For each framework you use, the hours must add up to the hours earned online "
                "(the contact hours less the live hours)."
            ),
        ),
        InlinePanel(
            "topic_hours",
            label=_("Online lessons: topic hours"),
            help_text=_("Hours that count toward topic requirements such as ethics or youth."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("live_session_count"),
                FieldPanel("partial_attendance_rule"),
                FieldPanel("minimum_share_percent"),
            ],
            heading=_("Live sessions"),
        ),
        InlinePanel(
            "live_domain_hours",
            label=_("Live sessions: competency domain hours"),
            help_text=_("For each framework you use, the hours must add up to the live hours."),
        ),
        InlinePanel(
            "live_topic_hours",
            label=_("Live sessions: topic hours"),
            help_text=_("Live hours that count toward topic requirements such as ethics."),
        ),
        FieldPanel("core_values", widget=forms.CheckboxSelectMultiple),
        FieldPanel("recovery_pathways", widget=forms.CheckboxSelectMultiple),
    ]
    assessment_panels = [
        FieldPanel("question_bank"),
        MultiFieldPanel(
            [
                FieldPanel("questions_per_attempt"),
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_options"),
                FieldPanel("pass_mark_percent"),
                FieldPanel("attempts_allowed"),
                FieldPanel("cooldown_minutes"),
                FieldPanel("answer_feedback"),
            ],
            heading=_("Assessment settings"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(hours_panels, heading=_("Hours")),
            ObjectList(assessment_panels, heading=_("Assessment")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    base_form_class = ModulePageForm

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("learning_objectives"),
        index.SearchField("content_note"),
        index.FilterField("modality"),
        index.FilterField("credit_mode"),
        index.RelatedFields("core_values", [index.SearchField("name")]),
    ]

    class Meta:
        verbose_name = _("module")

    def clean(self):
        super().clean()
        question_count = len(self.question_bank or [])
        if self.questions_per_attempt and self.questions_per_attempt > question_count:
            raise ValidationError(
                {
                    "questions_per_attempt": _(
                        "The bank has %(count)s questions, so an attempt cannot draw more."
                    )
                    % {"count": question_count}
                }
            )

    @property
    def has_assessment(self) -> bool:
        return bool(self.question_bank)

    @property
    def credits_online(self) -> bool:
        """Completing the lessons (and assessment) credits hours."""
        return self.credit_mode != CreditMode.LIVE

    @property
    def credits_live(self) -> bool:
        """Attending live sessions credits hours."""
        return self.credit_mode != CreditMode.ONLINE

    @property
    def online_contact_hours(self):
        """The hours earned online: the contact hours less the live ones."""
        if not self.credits_live:
            return self.contact_hours
        return self.contact_hours - (self.live_contact_hours or 0)

    def domain_split_errors(self) -> list[str]:
        """The hour rules applied to the saved (or in-memory) splits; see hours.py."""
        mode_errors = credit_mode_errors(
            credit_mode=self.credit_mode,
            contact_hours=self.contact_hours,
            live_hours=self.live_contact_hours,
        )
        errors = [message for messages in mode_errors.values() for message in messages]
        if errors:
            return errors
        errors = online_split_errors(
            online_hours=self.online_contact_hours if self.credits_online else 0,
            domain_rows=[(row.domain, row.hours) for row in self.domain_hours.all()],
            topic_rows=[(row.topic, row.hours) for row in self.topic_hours.all()],
            blended=self.credit_mode == CreditMode.BLENDED,
        )
        return errors + live_split_errors(
            live_hours=self.live_contact_hours if self.credits_live else 0,
            domain_rows=[(row.domain, row.hours) for row in self.live_domain_hours.all()],
            topic_rows=[(row.topic, row.hours) for row in self.live_topic_hours.all()],
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["lessons"] = LessonPage.objects.child_of(self).live().public()
        context["program"] = self.get_parent()
        # Through the cluster relations, so a preview shows the editor's unsaved rows too.
        context["domain_hours"] = self.domain_hours.select_related("domain")
        context["topic_hours"] = self.topic_hours.select_related("topic")
        if self.credits_live:
            context["live_domain_hours"] = self.live_domain_hours.select_related("domain")
            context["live_topic_hours"] = self.live_topic_hours.select_related("topic")
        return context

    parent_page_types = ["curriculum.ProgramPage"]
    subpage_types = ["curriculum.LessonPage"]


class LessonPage(FallbackRouteMixin, Page):
    """One sitting's worth of learning inside a module."""

    objects = CurriculumPageManager()
    override_translatable_fields = SHARED_URL_FIELDS

    base_form_class = PersonFirstPageForm

    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences shown in the module's list.")
    )
    estimated_minutes = models.PositiveIntegerField(
        _("estimated time (minutes)"),
        validators=[MinValueValidator(1)],
        help_text=_("About how long the lesson takes to read and work through."),
    )
    content_note = models.TextField(
        _("content note"),
        blank=True,
        help_text=_(
            "Shown before this lesson when it has hard material the module's note does not "
            "already name."
        ),
    )
    body = StreamField(
        LessonStreamBlock(),
        verbose_name=_("lesson content"),
        help_text=_("Text, images, videos with transcripts, stories, prompts and checks."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
        FieldPanel("content_note"),
        FieldPanel("body"),
        FieldPanel("person_first_reason"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("lesson")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        module = ModulePage.objects.parent_of(self).first() if self.pk else None
        siblings = list(LessonPage.objects.sibling_of(self).live().public()) if module else []
        position = next((i for i, page in enumerate(siblings) if page.pk == self.pk), None)
        context["module"] = module
        context["lesson_count"] = len(siblings)
        context["lesson_number"] = position + 1 if position is not None else None
        context["previous_lesson"] = siblings[position - 1] if position else None
        context["next_lesson"] = (
            siblings[position + 1]
            if position is not None and position + 1 < len(siblings)
            else None
        )
        return context

    parent_page_types = ["curriculum.ModulePage"]
    subpage_types = []


class PackageKind(models.TextChoices):
    SCORM_12 = "scorm12", _("SCORM 1.2")
    SCORM_2004 = "scorm2004", _("SCORM 2004")
    H5P = "h5p", _("H5P")


class LearningPackage(models.Model):
    """A SCORM package or H5P activity staff uploaded, checked and unpacked
    (curriculum/packages.py), played in a lesson by a "packaged activity" block. The files live
    under ``folder`` in the default storage (S3 when configured) and are served by PeerPath
    itself, same origin, path by path.

    A SCORM package decides by itself when it is complete (and passed, where its manifest sets a
    mastery score). An H5P activity only reports a score, so the editor sets the pass mark."""

    title = models.CharField(_("title"), max_length=255)
    upload = models.FileField(
        _("package (.zip or .h5p)"),
        upload_to="packages/uploads/",
        help_text=_(
            "A SCORM 1.2 or SCORM 2004 zip with imsmanifest.xml at its top, or an H5P activity "
            "(.h5p, exported with its libraries), up to 200 MB."
        ),
    )
    pass_mark = models.DecimalField(
        _("pass mark (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "H5P only: the score, as a percentage, that completes the activity (for example "
            "80). A SCORM package keeps its own rules; leave this empty for one."
        ),
    )
    kind = models.CharField(max_length=20, choices=PackageKind.choices, editable=False)
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    launch = models.CharField(max_length=500, editable=False)
    mastery_score = models.DecimalField(
        max_digits=6, decimal_places=2, null=True, blank=True, editable=False
    )
    files = models.JSONField(default=list, editable=False)
    unpacked_bytes = models.PositiveBigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [FieldPanel("title"), FieldPanel("upload"), FieldPanel("pass_mark")]
    base_form_class = LearningPackageForm

    class Meta:
        verbose_name = _("packaged activity (SCORM or H5P)")
        verbose_name_plural = _("packaged activities (SCORM or H5P)")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_kind_display()})"

    @property
    def folder(self) -> str:
        return package_folder(self.key)

    def has_file(self, path: str) -> bool:
        return path in set(self.files)

    @property
    def is_h5p(self) -> bool:
        return self.kind == PackageKind.H5P


class PersonFirstException(models.Model):
    """An editor kept words from the person-first list on a page, and said why (a quotation,
    a historical title). Recorded each time such a page is saved (curriculum/wagtail_hooks.py)."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    terms = models.JSONField(default=list)
    reason = models.TextField(_("reason"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kept wording")
        verbose_name_plural = _("kept wording")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.page_id}: {', '.join(self.terms)}"


from curriculum.hour_rows import (  # noqa: E402 (the rows point back at ModulePage)
    ModuleDomainHours,
    ModuleLiveDomainHours,
    ModuleLiveTopicHours,
    ModuleTopicHours,
)

__all__ = [
    "CompetencyDomain",
    "CoreValue",
    "CurriculumIndexPage",
    "CurriculumSectionPage",
    "Credential",
    "CreditMode",
    "LessonPage",
    "Modality",
    "ModuleDomainHours",
    "ModuleLiveDomainHours",
    "ModuleLiveTopicHours",
    "ModulePage",
    "ModuleTopicHours",
    "PartialAttendanceRule",
    "PersonFirstException",
    "ProgramCredential",
    "ProgramPage",
    "RecoveryPathway",
    "TaxonomyTerm",
    "Topic",
]
