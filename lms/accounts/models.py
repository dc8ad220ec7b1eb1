"""People, organisations and the roles they hold; invitations, sign-in codes, tokens."""

import hashlib
import secrets
import uuid
import zoneinfo
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.deconstruct import deconstructible
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
    badge_did = models.CharField(
        _("decentralised identifier (DID) for digital badges"),
        max_length=300,
        blank=True,
        validators=[
            RegexValidator(
                r"^did:[a-z0-9]+:[A-Za-z0-9._:%-]+$",
                _("A DID looks like did:method:identifier, for example did:key:z6Mk…"),
            )
        ],
        help_text=_(
            "Empty: your badges identify you by a salted hash of your email address. With a "
            "DID from your wallet, they identify you by it instead."
        ),
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


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a time zone name we know, for example America/Chicago."),
            params={"value": value},
            code="unknown_time_zone",
        )


def default_time_zone() -> str:
    return settings.TIME_ZONE


@deconstructible
class UnguessableLogoName:
    """Logos are public (printed on certificates); a random name keeps them unlisted."""

    def __call__(self, instance, filename: str) -> str:
        suffix = Path(filename).suffix.lower()[:8]
        return f"organisations/logos/{uuid.uuid4().hex}{suffix}"


class OrganizationKind(models.TextChoices):
    """Who an organisation is in the field (docs/credentials.md, "Who issues what")."""

    TRAINING_PROVIDER = "training_provider", _("Recovery community organisation or trainer")
    CREDENTIALING_BODY = "credentialing_body", _("Credentialing body")


class Organization(models.Model):
    """A tenant of PeerPath: usually a Recovery Community Organization (RCO), a peer-run
    non-profit that trains people; or a credentialing body (a board) that issues its own
    credentials through PeerPath."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"),
        max_length=30,
        choices=OrganizationKind.choices,
        default=OrganizationKind.TRAINING_PROVIDER,
        help_text=_(
            "A training provider trains, documents and endorses; a credentialing body issues "
            "its own credentials."
        ),
    )
    ce_provider_number = models.CharField(
        _("continuing education provider number"),
        max_length=60,
        blank=True,
        help_text=_("Shown on training certificates where a board approved you as a provider."),
    )
    logo = models.ImageField(
        _("logo"),
        upload_to=UnguessableLogoName(),
        blank=True,
        help_text=_("Printed on the certificates you issue. A PNG or JPEG, up to 2 MB."),
    )
    signatory_name = models.CharField(
        _("signatory"),
        max_length=150,
        blank=True,
        help_text=_("The person whose name signs your certificates, for example your director."),
    )
    signatory_title = models.CharField(_("signatory's title"), max_length=150, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    region = models.CharField(
        _("region or ROSC council"),
        max_length=200,
        blank=True,
        help_text=_("The regional Recovery Oriented System of Care council this RCO belongs to."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_("Where the organisation meets: live sessions are scheduled in this zone."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_credentialing_body(self) -> bool:
        return self.kind == OrganizationKind.CREDENTIALING_BODY


class Role(models.TextChoices):
    TRAINEE = "trainee", _("Trainee")
    SUPERVISOR = "supervisor", _("Supervisor")
    STAFF = "staff", _("Staff")
    ORG_ADMIN = "org_admin", _("Organisation administrator")
    FACILITATOR = "facilitator", _("Facilitator")


# Roles that act on other people's records; they must use two-factor sign-in in production.
PRIVILEGED_ROLES = frozenset({Role.SUPERVISOR, Role.STAFF, Role.ORG_ADMIN, Role.FACILITATOR})


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


class JoinRequest(models.Model):
    """A person who signed up on their own asks to train with an organisation.

    Staff of that organisation accept it with one click; accepting grants the trainee role.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for staff")
        ACCEPTED = "accepted", _("Accepted")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="join_requests")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="join_requests"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"],
                condition=models.Q(status="pending"),
                name="lms_joinrequest_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organization} ({self.get_status_display()})"


class NetworkAccess(models.Model):
    """A person at a state network or ROSC council who reads aggregate reports.

    The access covers every training organisation of one region (as organisations name it), or
    of the whole state when the region is empty. It grants figures only: never a person's name,
    email or record (certification/reports/, docs/reports.md).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="network_access")
    region = models.CharField(
        _("region or ROSC council"),
        max_length=200,
        blank=True,
        help_text=_("Empty for the whole state. Otherwise exactly as organisations name it."),
    )
    granted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("network access")
        verbose_name_plural = _("network access")
        ordering = ["region", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "region"], name="lms_network_access_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.region or _('the whole state')}"


class SelfDescription(models.Model):
    """How a trainee chooses to describe themselves, for the equity view of the reports.

    Every answer is optional, "prefer not to say" is always offered, and the person can change
    or delete it at any time. Staff never see one person's answers: reports show groups of 11 or
    more only (certification/reports/suppression.py).
    """

    class RaceEthnicity(models.TextChoices):
        AMERICAN_INDIAN = "american_indian", _("American Indian or Alaska Native")
        ASIAN = "asian", _("Asian")
        BLACK = "black", _("Black or African American")
        HISPANIC = "hispanic", _("Hispanic or Latino/a/e")
        MIDDLE_EASTERN = "middle_eastern", _("Middle Eastern or North African")
        PACIFIC_ISLANDER = "pacific_islander", _("Native Hawaiian or Pacific Islander")
        WHITE = "white", _("White")
        MULTIPLE = "multiple", _("More than one of these")
        SELF_DESCRIBED = "self_described", _("Another way")
        PREFER_NOT = "prefer_not", _("Prefer not to say")

    class Gender(models.TextChoices):
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        NON_BINARY = "non_binary", _("Non-binary")
        SELF_DESCRIBED = "self_described", _("Another way")
        PREFER_NOT = "prefer_not", _("Prefer not to say")

    class AgeBand(models.TextChoices):
        UNDER_25 = "under_25", _("Under 25")
        FROM_25 = "25_34", _("25 to 34")
        FROM_35 = "35_44", _("35 to 44")
        FROM_45 = "45_54", _("45 to 54")
        FROM_55 = "55_64", _("55 to 64")
        FROM_65 = "65_plus", _("65 or older")
        PREFER_NOT = "prefer_not", _("Prefer not to say")

    class Veteran(models.TextChoices):
        YES = "yes", _("Yes, I have served")
        NO = "no", _("No")
        PREFER_NOT = "prefer_not", _("Prefer not to say")

    class Language(models.TextChoices):
        ENGLISH = "english", _("English")
        SPANISH = "spanish", _("Spanish")
        ANOTHER = "another", _("Another language")
        PREFER_NOT = "prefer_not", _("Prefer not to say")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="self_description")
    race_ethnicity = models.CharField(
        _("race or ethnicity"), max_length=30, choices=RaceEthnicity.choices, blank=True
    )
    gender = models.CharField(_("gender"), max_length=30, choices=Gender.choices, blank=True)
    age_band = models.CharField(_("age"), max_length=30, choices=AgeBand.choices, blank=True)
    veteran = models.CharField(
        _("military or veteran service"), max_length=30, choices=Veteran.choices, blank=True
    )
    language = models.CharField(
        _("language you speak most at home"), max_length=30, choices=Language.choices, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    # The questions a report can break the pipeline down by, in the order the form asks them.
    QUESTIONS = ("race_ethnicity", "gender", "age_band", "veteran", "language")

    class Meta:
        verbose_name = _("self-description")
        verbose_name_plural = _("self-descriptions")

    def __str__(self) -> str:
        return f"#{self.user_id}"
