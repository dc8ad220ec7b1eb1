"""People, organisations and the roles they hold.

A person may hold several roles in several organisations (a trainee in one RCO who supervises
in another, say), so roles live on Membership, never on the user.
"""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        email = self.normalize_email(email) if email else None
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser needs is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person using PeerPath. People sign in with their email address.

    Email is optional because many trainees have no stable address: staff can issue them a
    one-time sign-in code instead (see SignInCode).
    """

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True, null=True, blank=True)
    display_name = models.CharField(
        _("name"),
        max_length=150,
        help_text=_("The name other people on PeerPath see, as you would like to be called."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["display_name", "pk"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="lms_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email or f"#{self.pk}"

    def clean(self):
        super().clean()
        # Django's normaliser turns a missing email into "", which would collide in the unique
        # index for the second person without one; store "no email" as NULL.
        self.email = self.email or None

    def save(self, *args, **kwargs):
        self.email = self.email or None
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name


class Organization(models.Model):
    """A Recovery Community Organization (RCO): a peer-run non-profit that trains people."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    region = models.CharField(
        _("region or ROSC council"),
        max_length=200,
        blank=True,
        help_text=_("The regional Recovery Oriented System of Care council this RCO belongs to."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    TRAINEE = "trainee", _("Trainee")
    SUPERVISOR = "supervisor", _("Supervisor")
    STAFF = "staff", _("Staff")
    ORG_ADMIN = "org_admin", _("Organisation administrator")


# Roles that act on other people's records; they must use two-factor sign-in in production.
PRIVILEGED_ROLES = frozenset({Role.SUPERVISOR, Role.STAFF, Role.ORG_ADMIN})
# Roles that run an organisation's screens at /staff/.
STAFF_ROLES = frozenset({Role.STAFF, Role.ORG_ADMIN})


class Membership(models.Model):
    """One role one person holds in one organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organization__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="lms_membership_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization}"


def hash_secret(secret: str) -> str:
    """Store only a digest of one-time secrets, so a database leak reveals no usable link."""
    return hashlib.sha256(secret.encode()).hexdigest()


class Invitation(models.Model):
    """Staff invite an email address to their organisation with a role.

    The link carries a random token; only its digest is stored. It works once and expires.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.TRAINEE)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization} ({self.get_role_display()})"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)


class SignInCode(models.Model):
    """A one-time sign-in code staff issue to a trainee, e.g. one without a stable email.

    The code is short enough to read aloud or write on paper, is stored only as a digest,
    works once and expires.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_in_codes")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    code_digest = models.CharField(max_length=64, unique=True, editable=False)
    issued_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in code")
        verbose_name_plural = _("sign-in codes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    # Letters and digits that cannot be confused when read aloud or handwritten.
    ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    LENGTH = 10

    @classmethod
    def new_code(cls) -> str:
        return "".join(secrets.choice(cls.ALPHABET) for _ in range(cls.LENGTH))

    @classmethod
    def normalise(cls, code: str) -> str:
        return "".join(ch for ch in code.upper() if ch.isalnum())


class PersonalAccessTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=timezone.now())
        )


class PersonalAccessToken(models.Model):
    """A token a person creates for an integration to call the API as them.

    Shown once at creation; only its digest is stored. Read tokens cannot change anything.
    """

    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write")

    PREFIX = "pp_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. “HR system export”.")
    )
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.READ)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(
        max_length=12, editable=False, help_text=_("The first characters, to tell tokens apart.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PersonalAccessTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal access token")
        verbose_name_plural = _("personal access tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE

    @classmethod
    def new_secret(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)


class CurriculumSection(models.Model):
    """The part of the curriculum page tree an organisation writes, and its Wagtail groups.

    Stored here because curriculum (a lower app) never refers to organisations; the groups carry
    the page permissions and the review workflow (see curriculum/editorial.py).
    """

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="curriculum_section"
    )
    section = models.ForeignKey(
        "curriculum.CurriculumSectionPage", on_delete=models.PROTECT, related_name="+"
    )
    editors = models.ForeignKey("auth.Group", on_delete=models.PROTECT, related_name="+")
    reviewers = models.ForeignKey("auth.Group", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("curriculum section")
        verbose_name_plural = _("curriculum sections")

    def __str__(self) -> str:
        return str(self.organization)


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
