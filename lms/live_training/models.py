"""Live training: scheduled sessions of a module, registration, attendance and its signature.

A session belongs to an organisation and teaches one part of a module's live hours (a module
with six live sessions has parts 1 to 6; a make-up session repeats a part). Trainees register
(or wait for a seat); on the day they check in and out by scanning the facilitator's rotating
QR code; the facilitator reviews the roster and signs it. A signed roster never changes: the
attendance rows are frozen (a database trigger refuses updates, see migration
``0005_live_training``) and a correction is a new, signed record. The credit a module earns
from attendance is computed from these records in ``credit.py``.
"""

import secrets
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import Organization, User, hash_secret


class SessionDelivery(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online (video call)")
    HYBRID = "hybrid", _("In person and online")


class AttendanceModality(models.TextChoices):
    """How one person attended (the values credential rules count face-to-face hours by)."""

    IN_PERSON = "in_person", _("In person")
    LIVE_ONLINE = "live_online", _("Live online")


class LiveSeries(models.Model):
    """Sessions scheduled together in one step ("every Tuesday for 6 weeks")."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="live_series"
    )
    module = models.ForeignKey("curriculum.ModulePage", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("live session series")
        verbose_name_plural = _("live session series")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"


class LiveSessionQuerySet(models.QuerySet):
    def not_cancelled(self):
        return self.filter(cancelled_at__isnull=True)

    def upcoming(self, now=None):
        return self.filter(ends_at__gt=now or timezone.now())


class LiveSession(models.Model):
    """One live session of a module, at a time and place (or a meeting link)."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="live_sessions",
        verbose_name=_("organisation"),
    )
    module = models.ForeignKey(
        "curriculum.ModulePage",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("module"),
    )
    series = models.ForeignKey(
        LiveSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    part = models.PositiveSmallIntegerField(
        _("part of the module"),
        default=1,
        help_text=_("Which of the module's live sessions this is; a make-up repeats a part."),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    delivery = models.CharField(
        _("where"),
        max_length=20,
        choices=SessionDelivery.choices,
        default=SessionDelivery.IN_PERSON,
    )
    place = models.TextField(
        _("place"), blank=True, help_text=_("The address and room, as people should find it.")
    )
    meeting_link = models.URLField(
        _("meeting link"),
        blank=True,
        help_text=_("For online sessions. Only people registered for the session see it."),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        help_text=_("The organisation's time zone when the session was scheduled."),
    )
    capacity = models.PositiveIntegerField(_("seats"), help_text=_("How many people can attend."))
    registration_closes_at = models.DateTimeField(_("registration closes"))
    facilitators = models.ManyToManyField(
        User, related_name="facilitated_sessions", verbose_name=_("facilitators"), blank=True
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancellation_reason = models.TextField(_("why it is cancelled"), blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LiveSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="lms_live_session_ends_after"
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__lte=models.F("ends_at")),
                name="lms_live_session_registration_closes_in_time",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="lms_live_session_seats"),
            models.CheckConstraint(condition=Q(part__gte=1), name="lms_live_session_part"),
        ]
        indexes = [
            models.Index(fields=["organization", "starts_at"], name="lms_live_org_starts"),
            models.Index(fields=["module", "starts_at"], name="lms_live_module_starts"),
        ]

    def __str__(self) -> str:
        local = self.local_starts_at
        return f"{self.display_title} · {local:%Y-%m-%d %H:%M}"

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The session ends before it starts. Check the times.")
        if (
            self.registration_closes_at
            and self.ends_at
            and self.registration_closes_at > self.ends_at
        ):
            errors["registration_closes_at"] = _("Registration must close before the session ends.")
        if self.delivery in (SessionDelivery.ONLINE, SessionDelivery.HYBRID) and not (
            self.meeting_link
        ):
            errors["meeting_link"] = _("An online session needs a meeting link.")
        if self.delivery in (SessionDelivery.IN_PERSON, SessionDelivery.HYBRID) and not (
            self.place.strip()
        ):
            errors["place"] = _("Say where the session meets, so people can find it.")
        if errors:
            raise ValidationError(errors)

    @property
    def display_title(self) -> str:
        return self.title or self.module.title

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_starts_at(self):
        return self.starts_at.astimezone(self.zone)

    @property
    def local_ends_at(self):
        return self.ends_at.astimezone(self.zone)

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def default_attendance_modality(self) -> str:
        if self.delivery == SessionDelivery.ONLINE:
            return AttendanceModality.LIVE_ONLINE
        return AttendanceModality.IN_PERSON


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class LiveRegistration(models.Model):
    """A trainee's seat in a session, or their place on its waiting list."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="registrations")
    trainee = models.ForeignKey(User, on_delete=models.CASCADE, related_name="live_registrations")
    status = models.CharField(max_length=20, choices=RegistrationStatus.choices)
    created_at = models.DateTimeField(default=timezone.now)
    waitlisted_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the person joined the waiting list (its order).")
    )
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_day_before_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_hour_before_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["session", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "trainee"], name="lms_live_registration_once"
            ),
        ]
        indexes = [
            models.Index(fields=["trainee", "status"], name="lms_live_reg_trainee"),
            models.Index(fields=["session", "status"], name="lms_live_reg_session"),
        ]

    def __str__(self) -> str:
        return f"{self.trainee} · {self.session_id} · {self.status}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    LEFT_EARLY = "left_early", _("Left early")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


# Statuses that mean the person was in the session for some time (and minutes count).
ATTENDED_STATUSES = frozenset(
    {AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY}
)


class LiveAttendance(models.Model):
    """One person's attendance of one session: check-in and check-out, then the roster's word.

    Until the roster is signed the facilitator adjusts status and minutes; ``signed_at`` freezes
    the row (the database refuses any later change) and corrections become new records.
    """

    session = models.ForeignKey(LiveSession, on_delete=models.PROTECT, related_name="attendances")
    trainee = models.ForeignKey(User, on_delete=models.PROTECT, related_name="live_attendances")
    walk_in = models.BooleanField(
        _("walk-in"),
        default=False,
        help_text=_("Came without registering; added by the facilitator."),
    )
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_out_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        _("attendance"), max_length=20, choices=AttendanceStatus.choices, blank=True
    )
    minutes = models.PositiveIntegerField(_("minutes attended"), null=True, blank=True)
    modality = models.CharField(_("attended"), max_length=20, choices=AttendanceModality.choices)
    marked_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    signed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["session", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "trainee"], name="lms_live_attendance_once"),
        ]
        indexes = [models.Index(fields=["trainee", "signed_at"], name="lms_live_att_trainee")]

    def __str__(self) -> str:
        return f"{self.trainee} · {self.session_id} · {self.status or '-'}"


class LiveRosterSignature(models.Model):
    """The facilitator's signature closing a session's attendance, with what was signed."""

    session = models.OneToOneField(
        LiveSession, on_delete=models.PROTECT, related_name="roster_signature"
    )
    signed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    signature = models.CharField(_("signature"), max_length=150)
    attestation = models.TextField(_("attestation"))
    signed_at = models.DateTimeField(default=timezone.now)
    roster = models.JSONField(
        help_text=_("Each person's status, minutes and how they attended, as signed.")
    )

    class Meta:
        verbose_name = _("signed attendance roster")
        verbose_name_plural = _("signed attendance rosters")

    def __str__(self) -> str:
        return f"{self.session} · {self.signature}"


class LiveAttendanceCorrection(models.Model):
    """A signed correction of signed attendance: the new word, why, and who signed it.

    The latest correction of an attendance is what counts; the original stays as it was.
    """

    attendance = models.ForeignKey(
        LiveAttendance, on_delete=models.PROTECT, related_name="corrections"
    )
    status = models.CharField(_("attendance"), max_length=20, choices=AttendanceStatus.choices)
    minutes = models.PositiveIntegerField(_("minutes attended"))
    modality = models.CharField(_("attended"), max_length=20, choices=AttendanceModality.choices)
    reason = models.TextField(_("why it is corrected"))
    signed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    signature = models.CharField(_("signature"), max_length=150)
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attendance correction")
        verbose_name_plural = _("attendance corrections")
        ordering = ["attendance", "signed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.attendance} → {self.status}"


class CalendarFeed(models.Model):
    """A person's secret calendar feed URL. Only a digest of the token is stored; revoking it
    (or making a new one) stops the old address at once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="calendar_feeds")
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def digest(token: str) -> str:
        return hash_secret(token)
