"""Supervised practice: agreements, hour logs and supervision sessions."""

import datetime
import operator
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Greatest, Least
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

QUARTER_HOUR = Decimal("0.25")


MAX_HOURS_PER_DAY = Decimal("24")


def check_hours(value: Decimal | None, *, maximum: Decimal, too_long) -> None:
    """Hours a person types: a finite number above zero, at most `maximum`, in quarter hours.

    The bound is checked before any arithmetic, so a number like 1e308 gets the "too long"
    message rather than an error from the decimal module. Web forms, the API and the models
    all use this one check.
    """
    if value is None:
        return
    value = Decimal(str(value))  # services may be called with a whole number
    if not value.is_finite():
        raise ValidationError(_("Enter the hours as a number, for example 1.5."), code="invalid")
    if value <= 0:
        raise ValidationError(
            _("Enter a duration above zero, in hours (for example 1.5)."), code="not_positive"
        )
    if value > maximum:
        raise ValidationError(too_long, code="too_long")
    if value % QUARTER_HOUR != 0:
        raise ValidationError(
            _("Use quarter hours: .25 (15 min), .5 (30 min) or .75 (45 min)."),
            code="not_quarter",
        )


def validate_quarter_hours(value: Decimal) -> None:
    """Durations are logged in quarter hours (15 minutes), as boards ask, at most a day long."""
    check_hours(
        value,
        maximum=MAX_HOURS_PER_DAY,
        too_long=_("One entry cannot be longer than 24 hours."),
    )


def validate_not_in_future(value: datetime.date) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(
            _("This date is in the future. Log hours on or after the day they happened."),
            code="future",
        )


# ------------------------------------------------------------------------------
# Supervision agreement
# ------------------------------------------------------------------------------
# ------------------------------------------------------------------------------
# Coverage: the one declared rule for "hours on a day count under this agreement"
# ------------------------------------------------------------------------------
# Both sides have signed, and each bound holds: (agreement field, how the day must compare with
# it). Hours dated before both signatures do not count, so the later signature's date is the
# earliest day an agreement covers, whatever its start date says; the supervisor's credential
# must still be valid that day. The database form (SupervisionAgreement.covering_condition,
# hence active_on) and the Python form (SupervisionAgreement.covers, under
# reason_not_covering) are both built from these two declarations;
# tests/certification/supervision/test_coverage.py pins them equal over a table of days.
COVERAGE_SIGNATURES = ("trainee_signed_at", "supervisor_signed_at")
COVERAGE_BOUNDS = (
    ("start_date", "lte"),  # the field is on or before the day
    ("trainee_signed_on", "lte"),
    ("supervisor_signed_on", "lte"),
    ("end_date", "gte"),  # the field is on or after the day
    ("supervisor_credential_expires_on", "gte"),
)
_COMPARISONS = {"lte": operator.le, "gte": operator.ge}


class SupervisionAgreementQuerySet(models.QuerySet):
    def signed(self):
        return self.filter(trainee_signed_at__isnull=False, supervisor_signed_at__isnull=False)

    def active_on(self, day: datetime.date):
        """Agreements under which hours on `day` count (the coverage rule above): signed by
        both sides on or before `day`, with `day` inside their dates and the supervisor's
        credential still valid that day."""
        return self.filter(SupervisionAgreement.covering_condition(day))

    def open_to_supervisor(self, today: datetime.date | None = None):
        """Agreements whose supervisor may still see them and act on the entries dated inside
        them: until the grace period after their last covered day has run out (signed or not,
        started or not). See SupervisionAgreement.supervisor_access_condition."""
        return self.filter(SupervisionAgreement.supervisor_access_condition(today))

    def supervising_on(self, today: datetime.date | None = None):
        """Signed agreements that have begun and are still open to their supervisor: the
        trainees of these are the people a supervisor sees (lms.access)."""
        today = today or timezone.localdate()
        return (
            self.signed()
            .filter(
                start_date__lte=today, trainee_signed_on__lte=today, supervisor_signed_on__lte=today
            )
            .open_to_supervisor(today)
        )


def supervision_grace_days() -> int:
    """Days after an agreement's last covered day in which its supervisor may still review."""
    return settings.PEERPATH_SUPERVISION_GRACE_DAYS


class SupervisionAgreement(models.Model):
    """A trainee and a supervisor agree on supervised practice for a period. Both sign."""

    organization = models.ForeignKey(
        "lms.Organization", on_delete=models.PROTECT, related_name="supervision_agreements"
    )
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="agreements_as_trainee",
        verbose_name=_("trainee"),
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="agreements_as_supervisor",
        verbose_name=_("supervisor"),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    supervisor_credential_name = models.CharField(
        _("supervisor's credential"),
        max_length=200,
        help_text=_("For example: Certified Peer Recovery Specialist (CPRS)."),
    )
    supervisor_credential_number = models.CharField(_("credential number"), max_length=100)
    supervisor_credential_expires_on = models.DateField(_("credential expiry date"))

    supervisor_signature = models.CharField(_("supervisor's typed name"), max_length=150)
    supervisor_signed_at = models.DateTimeField(null=True, blank=True)
    # Local calendar dates of the signatures, kept so "active on a day" is a plain date filter.
    supervisor_signed_on = models.DateField(null=True, blank=True, editable=False)
    trainee_signature = models.CharField(_("trainee's typed name"), max_length=150, blank=True)
    trainee_signed_at = models.DateTimeField(null=True, blank=True)
    trainee_signed_on = models.DateField(null=True, blank=True, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SupervisionAgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervision agreement")
        verbose_name_plural = _("supervision agreements")
        ordering = ["-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="certification_agreement_dates"
            ),
            models.CheckConstraint(
                condition=~Q(trainee=F("supervisor")), name="certification_agreement_two_people"
            ),
        ]
        indexes = [models.Index(fields=["supervisor", "trainee"])]

    def __str__(self) -> str:
        return _("%(trainee)s supervised by %(supervisor)s, %(start)s to %(end)s") % {
            "trainee": self.trainee,
            "supervisor": self.supervisor,
            "start": self.start_date,
            "end": self.end_date,
        }

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date must be on or after the start date.")
        if (
            self.supervisor_credential_expires_on
            and self.start_date
            and self.supervisor_credential_expires_on < self.start_date
        ):
            errors["supervisor_credential_expires_on"] = _(
                "The credential expires before the agreement starts."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_fully_signed(self) -> bool:
        return self.trainee_signed_at is not None and self.supervisor_signed_at is not None

    @property
    def counts_from(self) -> datetime.date | None:
        """The first day whose hours count: the start date or the later signature, if later."""
        if not self.is_fully_signed:
            return None
        return max(self.start_date, self.trainee_signed_on, self.supervisor_signed_on)

    def covers(self, day: datetime.date) -> bool:
        """Whether hours on `day` count under this agreement (the coverage rule above)."""
        if any(getattr(self, field) is None for field in COVERAGE_SIGNATURES):
            return False
        return all(
            _COMPARISONS[lookup](getattr(self, field), day) for field, lookup in COVERAGE_BOUNDS
        )

    def reason_not_covering(self, day: datetime.date) -> str | None:
        """Why hours on `day` do not count under this agreement, in words; None if they do.

        Whether they count is `covers`; this only finds the words for the bound that fails."""
        if self.covers(day):
            return None
        if not self.is_fully_signed:
            return str(
                _(
                    "Your supervision agreement with %(supervisor)s is not signed by both of "
                    "you yet. Hours count from the day both of you have signed."
                )
                % {"supervisor": self.supervisor}
            )
        if day > self.end_date:
            return str(
                _("Your supervision agreement with %(supervisor)s ended on %(date)s.")
                % {"supervisor": self.supervisor, "date": _format_date(self.end_date)}
            )
        if day > self.supervisor_credential_expires_on:
            return str(
                _(
                    "%(supervisor)s's credential on your agreement expired on %(date)s, so "
                    "hours after that need a new agreement with their renewed credential."
                )
                % {
                    "supervisor": self.supervisor,
                    "date": _format_date(self.supervisor_credential_expires_on),
                }
            )
        if self.counts_from > self.start_date:
            return str(
                _(
                    "Hours before %(date)s do not count: that is the day both of you had "
                    "signed your agreement with %(supervisor)s."
                )
                % {"supervisor": self.supervisor, "date": _format_date(self.counts_from)}
            )
        return str(
            _("Your supervision agreement with %(supervisor)s starts on %(date)s.")
            % {"supervisor": self.supervisor, "date": _format_date(self.start_date)}
        )

    @property
    def last_covered_day(self) -> datetime.date:
        """The last day whose hours can count: the end date, or the day the supervisor's
        credential on the agreement expires if that comes first."""
        return min(self.end_date, self.supervisor_credential_expires_on)

    @property
    def review_closes_on(self) -> datetime.date:
        """The last day the supervisor may see and review the entries under this agreement."""
        return self.last_covered_day + datetime.timedelta(days=supervision_grace_days())

    def is_open_to_supervisor(self, today: datetime.date | None = None) -> bool:
        return (today or timezone.localdate()) <= self.review_closes_on

    @staticmethod
    def supervisor_access_condition(today: datetime.date | None = None, *, through: str = "") -> Q:
        """``is_open_to_supervisor(today)`` as a database condition: the one rule for what a
        supervisor may see after an agreement ends (docs/security.md, "After an agreement
        ends"). ``through`` is the path from the queried model to the agreement."""
        earliest = (today or timezone.localdate()) - datetime.timedelta(
            days=supervision_grace_days()
        )
        # min(end date, credential expiry) >= earliest, without a database function.
        return Q(
            **{
                f"{through}end_date__gte": earliest,
                f"{through}supervisor_credential_expires_on__gte": earliest,
            }
        )

    @staticmethod
    def covering_condition(day, *, through: str = "") -> Q:
        """``reason_not_covering(day) is None`` as a database condition, for bulk reads.

        ``day`` is a date or an expression such as ``F("date")`` on a practice entry, and
        ``through`` the path from the queried model to the agreement (``"agreement__"``). Built
        from the declared rule, as ``covers`` is (the tests pin the two equal).
        """
        return Q(
            **{f"{through}{field}__isnull": False for field in COVERAGE_SIGNATURES},
            **{f"{through}{field}__{lookup}": day for field, lookup in COVERAGE_BOUNDS},
        )

    @staticmethod
    def covering_range_condition(
        day, *, through: str = "", until: datetime.date | None = None
    ) -> Q:
        """``covering_condition`` written as one range: the day is on or after the latest of the
        lower bounds and on or before the earliest of the upper ones (and ``until``, when
        given). Every bound field is required to be set, as a comparison with an empty one
        fails in ``covering_condition``, so the two select the same agreements (the tests pin
        them equal). For bulk reads of practice entries: PostgreSQL reads each agreement's
        entries as one stretch of the index on (agreement, date) rather than joining every
        entry to its agreement and testing five comparisons."""
        lower = [F(f"{through}{field}") for field, lookup in COVERAGE_BOUNDS if lookup == "lte"]
        upper = [F(f"{through}{field}") for field, lookup in COVERAGE_BOUNDS if lookup == "gte"]
        if until is not None:
            upper.append(Value(until, output_field=models.DateField()))
        if not hasattr(day, "resolve_expression"):
            day = Value(day, output_field=models.DateField())
        return Q(
            GreaterThanOrEqual(day, Greatest(*lower)),
            LessThanOrEqual(day, Least(*upper)),
            **{f"{through}{field}__isnull": False for field in COVERAGE_SIGNATURES},
            **{f"{through}{field}__isnull": False for field, _lookup in COVERAGE_BOUNDS},
        )


def _format_date(day: datetime.date) -> str:
    from django.utils.formats import date_format

    return date_format(day, "DATE_FORMAT")


# ------------------------------------------------------------------------------
# Practice log
# ------------------------------------------------------------------------------
class PracticeSetting(models.TextChoices):
    EMERGENCY_DEPARTMENT = "emergency_department", _("Emergency department")
    JAIL_OR_COURT = "jail_or_court", _("Jail or court")
    COMMUNITY = "community", _("Community")
    RECOVERY_RESIDENCE = "recovery_residence", _("Recovery residence")
    TREATMENT_PROGRAM = "treatment_program", _("Treatment program")
    RECOVERY_COMMUNITY_CENTRE = "recovery_community_centre", _("Recovery community centre")
    OTHER = "other", _("Other")


class ActivityType(models.TextChoices):
    ONE_TO_ONE = "one_to_one", _("One-to-one peer support")
    GROUP = "group", _("Group facilitation")
    RECOVERY_PLANNING = "recovery_planning", _("Recovery planning")
    LINKING_TO_RESOURCES = "linking_to_resources", _("Linking to resources")
    ADVOCACY = "advocacy", _("Advocacy")
    CRISIS_SUPPORT = "crisis_support", _("Crisis support")
    OUTREACH = "outreach", _("Outreach")
    DOCUMENTATION = "documentation", _("Documentation and teamwork")
    OTHER = "other", _("Other")


class Modality(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for sign-off")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for changes")
    REJECTED = "rejected", _("Not accepted")


EDITABLE_STATUSES = frozenset({EntryStatus.DRAFT, EntryStatus.RETURNED})


# Statuses whose hours take up room in a day's 24 hours (rejected hours are not claimed).
CLAIMED_STATUSES = frozenset(
    {EntryStatus.DRAFT, EntryStatus.SUBMITTED, EntryStatus.APPROVED, EntryStatus.RETURNED}
)


class PracticeLogEntryQuerySet(models.QuerySet):
    def counted(self):
        """Approved entries that no approved correction has replaced: the hours that count."""
        return self.filter(status=EntryStatus.APPROVED).exclude(
            corrections__status=EntryStatus.APPROVED
        )

    def claimed_on(self, *, trainee_id: int, day: datetime.date):
        """Entries that take up a trainee's hours on one day (for the 24-hour limit)."""
        return self.filter(trainee_id=trainee_id, date=day, status__in=CLAIMED_STATUSES).exclude(
            status=EntryStatus.APPROVED, corrections__status=EntryStatus.APPROVED
        )


class PracticeLogEntry(models.Model):
    """Hours of supervised practice a trainee logs. Approved entries never change."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="practice_entries",
        verbose_name=_("trainee"),
    )
    agreement = models.ForeignKey(
        SupervisionAgreement,
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name=_("supervision agreement"),
    )
    date = models.DateField(_("date"), validators=[validate_not_in_future])
    duration_hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        validators=[validate_quarter_hours],
        help_text=_("In quarter hours: 1.25 is one hour and fifteen minutes."),
    )
    domain = models.ForeignKey(
        "curriculum.CompetencyDomain",
        on_delete=models.PROTECT,
        related_name="practice_entries",
        verbose_name=_("competency domain"),
    )
    setting = models.CharField(_("setting"), max_length=40, choices=PracticeSetting.choices)
    activity_type = models.CharField(_("activity"), max_length=40, choices=ActivityType.choices)
    modality = models.CharField(_("how"), max_length=20, choices=Modality.choices)
    description = models.TextField(
        _("what you did"),
        max_length=1000,
        help_text=_(
            "A short description of your role. Do not name or identify the people you "
            "supported: no names, initials, ages, addresses or other details."
        ),
    )
    # Kinds of likely identifier (supervision/identifiers.py) the trainee confirmed are not
    # about a person they support; supervisors see the flag.
    identifier_kinds = models.JSONField(
        _("possible identifiers confirmed"),
        default=list,
        db_default=[],  # rows written outside the ORM (the load set's COPY) name no one either
        blank=True,
        editable=False,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.DRAFT
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects entry"),
        help_text=_("The approved entry this one corrects; the old entry stays as it was."),
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField(_("comment from your supervisor"), blank=True)
    # Made by the phone when an entry is logged without a signal (static/js/hours-queue.js):
    # sending it again, however often, finds the entry already made instead of a second one.
    client_key = models.UUIDField(null=True, blank=True, editable=False)
    # What the supervisor signed, copied at signing so the record stands on its own.
    signature = models.CharField(_("signature"), max_length=150, blank=True)
    signed_credential_name = models.CharField(max_length=200, blank=True)
    signed_credential_number = models.CharField(max_length=100, blank=True)
    signed_credential_expires_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PracticeLogEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("practice log entry")
        verbose_name_plural = _("practice log entries")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_hours__gt=0) & Q(duration_hours__lte=24),
                name="certification_entry_duration_range",
            ),
            models.UniqueConstraint(
                fields=["trainee", "client_key"], name="certification_entry_client_key_once"
            ),
            models.CheckConstraint(
                condition=~Q(status=EntryStatus.APPROVED)
                | (Q(reviewed_at__isnull=False) & Q(reviewed_by__isnull=False) & ~Q(signature="")),
                name="certification_entry_approved_is_signed",
            ),
        ]
        indexes = [
            models.Index(fields=["trainee", "date"]),
            models.Index(fields=["status", "submitted_at"]),
            # A supervisor's queue: their agreements' entries in one status (counted per page).
            models.Index(fields=["agreement", "status"], name="certificati_agreement_status"),
            # The roster's per-person figures (certification/roster/selectors.py): hours approved or
            # waiting read from the index alone, the latest entry in one probe, and
            # counted()'s "no approved correction" check against the few corrections only.
            models.Index(
                fields=["trainee", "status"],
                include=["duration_hours", "id"],
                name="cert_entry_trainee_status",
            ),
            models.Index(fields=["trainee", "created_at"], name="cert_entry_trainee_created"),
            models.Index(
                fields=["corrects"],
                condition=Q(status=EntryStatus.APPROVED, corrects__isnull=False),
                name="cert_entry_approved_correction",
            ),
            # Bulk evaluation (certification/rules/bulk.py): every approved entry's person, day,
            # agreement, domain and hours read from the index alone (a fifth of the table's
            # pages), the practice query about a third quicker on the bench data set.
            models.Index(
                fields=["trainee"],
                include=["date", "agreement", "domain", "duration_hours", "id"],
                condition=Q(status=EntryStatus.APPROVED),
                name="cert_entry_approved_hours",
            ),
            # Bulk evaluation's practice query (certification/rules/bulk.py): each agreement's
            # approved entries inside its covering range read as one stretch of this index,
            # with the person, domain and hours from the index alone.
            models.Index(
                fields=["agreement", "date"],
                include=["trainee", "domain", "duration_hours", "id"],
                condition=Q(status=EntryStatus.APPROVED),
                name="cert_entry_approved_agreement",
            ),
        ]

    def __str__(self) -> str:
        return _("%(hours)s h on %(date)s (%(status)s)") % {
            "hours": self.duration_hours,
            "date": self.date,
            "status": self.get_status_display(),
        }

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def duration_minutes(self) -> int:
        return int(self.duration_hours * 60)


class PracticeTotal(models.Model):
    """The counted hours (``PracticeLogEntry.objects.counted()``) of one agreement in one
    domain, with the first and last day among them: what bulk evaluation reads instead of every
    entry (certification/rules/bulk.py).

    Kept by the database itself, not by Python: a PostgreSQL trigger (migration 0022) recomputes
    an agreement's rows from its entries in the statement that approves, inserts or deletes one
    of them, or approves a correction of one, whatever wrote it (a service, a bulk load, a
    shell). Whether an agreement covers the entries, and recency windows, are applied when the
    rows are read, from the agreement as it is then. ``check_practice_totals`` compares every
    row with the entries and reports drift. On SQLite (the embedded demo) the table stays empty
    and bulk evaluation reads the entries."""

    agreement = models.ForeignKey(
        SupervisionAgreement,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    domain = models.ForeignKey(
        "curriculum.CompetencyDomain",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    hours = models.DecimalField(max_digits=12, decimal_places=2)
    entries = models.PositiveIntegerField()
    first_date = models.DateField()
    last_date = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "domain"], name="cert_practice_total_once"
            ),
        ]
        indexes = [
            # Read by person (a range of ids, or a few): every column from the index alone.
            models.Index(
                fields=["trainee"],
                include=["agreement", "domain", "hours", "first_date", "last_date"],
                name="cert_practice_total_trainee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hours} h ({self.agreement_id}, {self.domain_id})"


# ------------------------------------------------------------------------------
# Supervision sessions
# ------------------------------------------------------------------------------
class SessionFormat(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    GROUP = "group", _("Group")


class SupervisionSession(models.Model):
    """Supervision a supervisor gives (one trainee or a group). Counts once a trainee confirms."""

    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervision_sessions"
    )
    date = models.DateField(_("date"), validators=[validate_not_in_future])
    duration_hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=2, validators=[validate_quarter_hours]
    )
    format = models.CharField(_("format"), max_length=20, choices=SessionFormat.choices)
    modality = models.CharField(
        _("how"), max_length=20, choices=Modality.choices, default=Modality.IN_PERSON
    )
    domains = models.ManyToManyField(
        "curriculum.CompetencyDomain", related_name="supervision_sessions", blank=True
    )
    notes = models.TextField(
        _("notes"),
        blank=True,
        max_length=1000,
        help_text=_("Topics covered. Do not name or identify the people trainees support."),
    )
    notes_identifier_kinds = models.JSONField(
        _("possible identifiers confirmed"),
        default=list,
        db_default=[],
        blank=True,
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("supervision session")
        verbose_name_plural = _("supervision sessions")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_hours__gt=0) & Q(duration_hours__lte=24),
                name="certification_session_duration_range",
            ),
        ]

    def __str__(self) -> str:
        return _("%(format)s supervision on %(date)s") % {
            "format": self.get_format_display(),
            "date": self.date,
        }


class SessionAttendance(models.Model):
    """One trainee present at a supervision session; their confirmation makes the hours count."""

    session = models.ForeignKey(
        SupervisionSession, on_delete=models.CASCADE, related_name="attendances"
    )
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="session_attendances"
    )
    agreement = models.ForeignKey(SupervisionAgreement, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("session attendance")
        verbose_name_plural = _("session attendances")
        ordering = ["-session__date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "trainee"], name="certification_attendance_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.trainee} · {self.session}"
