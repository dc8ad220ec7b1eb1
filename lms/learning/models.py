"""Learning records: cohorts, enrolments, progress, attempts, completions, transcripts."""

import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import Invitation, Organization, SignInCode, User


# ------------------------------------------------------------------------------
# Learning: cohorts, enrolments, progress, assessments, completions, transcripts
# ------------------------------------------------------------------------------
class Cohort(models.Model):
    """A group of trainees an organisation runs through one program together."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="cohorts",
        verbose_name=_("organisation"),
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("For example: Spring 2027 evening group.")
    )
    program = models.ForeignKey(
        "curriculum.ProgramPage",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("program"),
        help_text=_("Everyone in the cohort is enrolled in this program."),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="lms_cohort_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date.")})


class Enrollment(models.Model):
    """A trainee's place in a program (every module in it) or in one module.

    Leaving for weeks changes nothing: an enrolment has no deadline and never expires.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enrollments")
    program = models.ForeignKey(
        "curriculum.ProgramPage", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    module = models.ForeignKey(
        "curriculum.ModulePage", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.SET_NULL, null=True, blank=True, related_name="enrollments"
    )
    enrolled_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(program__isnull=False, module__isnull=True)
                | models.Q(program__isnull=True, module__isnull=False),
                name="lms_enrollment_program_xor_module",
            ),
            models.UniqueConstraint(
                fields=["user", "program"],
                condition=models.Q(program__isnull=False),
                name="lms_enrollment_unique_program",
            ),
            models.UniqueConstraint(
                fields=["user", "module"],
                condition=models.Q(module__isnull=False),
                name="lms_enrollment_unique_module",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.program or self.module}"


class CohortInvitation(models.Model):
    """An invitation sent by a cohort's CSV import: accepting it enrols the person."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="invitations")
    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, related_name="cohort_link"
    )

    class Meta:
        verbose_name = _("cohort invitation")
        verbose_name_plural = _("cohort invitations")

    def __str__(self) -> str:
        return f"{self.invitation.email} → {self.cohort}"


class ContentNoteAcknowledgement(models.Model):
    """The trainee read a module's content note and chose to go on (asked once per module)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey("curriculum.ModulePage", on_delete=models.CASCADE, related_name="+")
    acknowledged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="lms_content_note_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.module_id}"


class LessonProgress(models.Model):
    """A lesson a trainee opened, and whether they marked it complete."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey("curriculum.LessonPage", on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey(
        "curriculum.ModulePage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The lesson's module when it was opened, for progress per module."),
    )
    first_viewed_at = models.DateTimeField(default=timezone.now)
    last_viewed_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="lms_lesson_progress_once")
        ]
        indexes = [models.Index(fields=["user", "-last_viewed_at"], name="lms_progress_recent")]

    def __str__(self) -> str:
        return f"{self.user} · {self.lesson_id}"


class ReflectionDraft(models.Model):
    """A trainee's private answer to one reflection prompt of a lesson.

    Only its author ever reads it: no selector, admin or staff screen exposes these.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    lesson = models.ForeignKey("curriculum.LessonPage", on_delete=models.CASCADE, related_name="+")
    block_id = models.CharField(max_length=64)
    text = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson", "block_id"], name="lms_reflection_draft_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.lesson_id} · {self.block_id}"


class AssessmentAttempt(models.Model):
    """One try at a module's assessment, keeping the exact questions and options shown.

    ``questions`` is the list of curriculum.assessment.QuestionSnapshot dicts in the order shown;
    ``answers`` maps a question id to the option ids chosen, saved as they are chosen. Later
    edits to the question bank never change an attempt.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assessment_attempts")
    module = models.ForeignKey("curriculum.ModulePage", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField(_("attempt number"))
    questions = models.JSONField(default=list)
    answers = models.JSONField(default=dict, blank=True)
    pass_mark_percent = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    correct_count = models.PositiveSmallIntegerField(null=True, blank=True)
    question_count = models.PositiveSmallIntegerField(default=0)
    score_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)

    class Meta:
        verbose_name = _("assessment attempt")
        verbose_name_plural = _("assessment attempts")
        ordering = ["module", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module", "number"], name="lms_attempt_number_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "module"],
                condition=models.Q(submitted_at__isnull=True),
                name="lms_attempt_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.module_id} · #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None


class ModuleCompletion(models.Model):
    """A module a trainee completed, with the hours it credited frozen at that moment.

    Titles, hours, modality and the domain and topic split are copied, so a transcript and a
    credential check read the same numbers years later, whatever editors change since.
    Other apps (certification) read these rows, or listen to the ``module_completed`` signal.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="module_completions")
    module = models.ForeignKey(
        "curriculum.ModulePage", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    module_title = models.CharField(_("module"), max_length=255)
    program_title = models.CharField(_("program"), max_length=255, blank=True)
    contact_hours = models.DecimalField(_("contact hours"), max_digits=5, decimal_places=2)
    modality = models.CharField(_("delivery modality"), max_length=20)
    completed_at = models.DateTimeField(_("completed"), default=timezone.now)
    attempt = models.ForeignKey(
        AssessmentAttempt, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    congratulated_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("module completion")
        verbose_name_plural = _("module completions")
        ordering = ["completed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="lms_module_completed_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.module_title}"


class CompletionDomainHours(models.Model):
    """Hours one completion credited to one competency domain (snapshot)."""

    completion = models.ForeignKey(
        ModuleCompletion, on_delete=models.CASCADE, related_name="domain_hours"
    )
    domain = models.ForeignKey(
        "curriculum.CompetencyDomain", on_delete=models.PROTECT, related_name="+"
    )
    framework = models.CharField(max_length=20)
    domain_name = models.CharField(max_length=200)
    hours = models.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["framework", "pk"]

    def __str__(self) -> str:
        return f"{self.domain_name}: {self.hours}"


class CompletionTopicHours(models.Model):
    """Hours one completion credited to one topic, such as ethics (snapshot)."""

    completion = models.ForeignKey(
        ModuleCompletion, on_delete=models.CASCADE, related_name="topic_hours"
    )
    topic = models.ForeignKey("curriculum.Topic", on_delete=models.PROTECT, related_name="+")
    topic_name = models.CharField(max_length=200)
    hours = models.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.topic_name}: {self.hours}"


class CompletionCredit(models.Model):
    """One credit a completion is made of, with how it was delivered (snapshot).

    A module's hours come from its online lessons, from live sessions attended, or both; each
    credit keeps its own modality (in person, live online, self-paced), so a credential's
    face-to-face share is judged on how the person actually took part.
    """

    class Kind(models.TextChoices):
        ONLINE_LESSONS = "online_lessons", _("Online lessons")
        LIVE_SESSION = "live_session", _("Live session")

    completion = models.ForeignKey(
        ModuleCompletion, on_delete=models.CASCADE, related_name="credits"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    modality = models.CharField(_("delivery modality"), max_length=20)
    hours = models.DecimalField(max_digits=5, decimal_places=2)
    part = models.PositiveSmallIntegerField(null=True, blank=True)
    attendance = models.ForeignKey(
        "lms.LiveAttendance", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    session_title = models.CharField(max_length=255, blank=True)
    attended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["completion", "modality"], name="lms_credit_modality")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.modality}: {self.hours}"


class LearningPreference(models.Model):
    """Opt-in reminders. Off unless the trainee turns them on; no nagging by default."""

    class Frequency(models.IntegerChoices):
        WEEKLY = 7, _("Once a week")
        FORTNIGHTLY = 14, _("Every two weeks")
        MONTHLY = 30, _("Once a month")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="learning_preference")
    reminders_enabled = models.BooleanField(
        _("send me a gentle reminder"),
        default=False,
        help_text=_("Only when you have not opened a lesson for a while. Turn it off any time."),
    )
    reminder_every_days = models.PositiveSmallIntegerField(
        _("how often, at most"), choices=Frequency.choices, default=Frequency.FORTNIGHTLY
    )
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return str(self.user)


class TranscriptIssue(models.Model):
    """One issued transcript: what it listed, frozen, behind a code /verify/ can confirm."""

    CODE_PREFIX = "TR"
    ALPHABET = SignInCode.ALPHABET

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="transcripts")
    code = models.CharField(max_length=32, unique=True, editable=False)
    issued_at = models.DateTimeField(default=timezone.now)
    holder_name = models.CharField(max_length=150)
    content = models.JSONField(
        help_text=_("The modules, dates and hours the transcript listed, as issued.")
    )
    content_digest = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("transcript")
        verbose_name_plural = _("transcripts")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.code

    @classmethod
    def new_code(cls) -> str:
        body = "".join(secrets.choice(cls.ALPHABET) for _ in range(12))
        return f"{cls.CODE_PREFIX}-{body[:4]}-{body[4:8]}-{body[8:]}"


class PackageAttempt(models.Model):
    """A trainee's run of one packaged activity in a lesson's block: for a SCORM package, the
    runtime data it saved as they went, so they resume where they left off on any device; for an
    H5P activity, the best score it reported and the activity's own state (half-answered
    content), so they carry on where they left off. And whether it is complete."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="package_attempts")
    lesson = models.ForeignKey("curriculum.LessonPage", on_delete=models.CASCADE, related_name="+")
    block_id = models.CharField(max_length=64)
    package = models.ForeignKey(
        "curriculum.LearningPackage", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cmi = models.JSONField(default=dict)
    location = models.CharField(max_length=1000, blank=True)
    completion_status = models.CharField(max_length=20, blank=True)
    success_status = models.CharField(max_length=20, blank=True)
    score_raw = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    # H5P reports a score out of a maximum; SCORM's raw score needs none.
    score_max = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    # H5P: what the activity's getCurrentState() last gave, as the JSON text H5P keeps; handed
    # back to the activity as its previous state when the person opens the lesson again.
    h5p_state = models.TextField(blank=True)
    commits = models.PositiveIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("packaged activity attempt")
        verbose_name_plural = _("packaged activity attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson", "block_id"], name="lms_package_attempt_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.lesson_id} · {self.block_id}"

    @property
    def score_percent(self) -> Decimal | None:
        """The score as a percentage of its maximum (H5P), or None without one."""
        if self.score_raw is None or not self.score_max:
            return None
        return (self.score_raw * 100 / self.score_max).quantize(Decimal("0.01"))
