"""Forms for scheduling sessions (in the organisation's wall-clock time), the roster and its
signature. Thin: the rules live in services.py."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from curriculum.models import CreditMode, ModulePage
from lms import access
from lms.accounts.models import STAFF_ROLES, Organization, Role, User
from lms.live_training.models import (
    AttendanceModality,
    AttendanceStatus,
    LiveSession,
    SessionDelivery,
)
from lms.live_training.rosters import ROSTER_ATTESTATION
from lms.live_training.services import SeriesPlan, local_datetime


def live_modules():
    return (
        ModulePage.objects.live()
        .originals()
        .filter(credit_mode__in=[CreditMode.LIVE, CreditMode.BLENDED])
        .order_by("title")
    )


def possible_facilitators(organizations):
    return (
        User.objects.filter(
            memberships__organization__in=organizations,
            memberships__role__in=[Role.FACILITATOR, *STAFF_ROLES],
            is_active=True,
        )
        .distinct()
        .order_by("display_name", "pk")
    )


class ModuleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, module):
        return module.title


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person):
        return person.display_name


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class _SessionFields(forms.Form):
    """What one session and a series share; times are the organisation's local time."""

    organization = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organization.objects.none()
    )
    module = ModuleChoiceField(
        label=_("Module"),
        queryset=ModulePage.objects.none(),
        help_text=_("Modules whose hours are earned (partly) in live sessions."),
    )
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the module's title."),
    )
    delivery = forms.ChoiceField(label=_("Where"), choices=SessionDelivery.choices)
    place = forms.CharField(
        label=_("Place"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The address and room, as people should find it."),
    )
    meeting_link = forms.URLField(
        label=_("Meeting link"),
        required=False,
        assume_scheme="https",
        help_text=_("For online sessions. Only people registered see it."),
    )
    start_time = forms.TimeField(label=_("Starts at"), widget=TIME_INPUT)
    end_time = forms.TimeField(label=_("Ends at"), widget=TIME_INPUT)
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=1000, initial=12)
    facilitators = PersonChoiceField(
        label=_("Facilitators"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Facilitators and staff of the organisation."),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = access.staffed_organizations(user)
        self.fields["organization"].queryset = organizations
        if len(organizations) == 1:
            self.fields["organization"].initial = organizations[0].pk
        self.fields["module"].queryset = live_modules()
        self.fields["facilitators"].queryset = possible_facilitators(organizations)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The session ends before it starts. Check the times."))
        return cleaned

    def duration_minutes(self) -> int:
        start = datetime.datetime.combine(datetime.date.min, self.cleaned_data["start_time"])
        end = datetime.datetime.combine(datetime.date.min, self.cleaned_data["end_time"])
        return int((end - start).total_seconds() // 60)

    def common_values(self) -> dict:
        data = self.cleaned_data
        return {
            "organization": data["organization"],
            "module": data["module"],
            "title": data["title"],
            "delivery": data["delivery"],
            "place": data["place"],
            "meeting_link": data["meeting_link"],
            "capacity": data["capacity"],
            "facilitators": list(data["facilitators"]),
        }


class SessionForm(_SessionFields):
    field_order = ["organization", "module", "part", "title", "day"]

    part = forms.IntegerField(
        label=_("Part of the module"),
        min_value=1,
        initial=1,
        help_text=_("Which of the module's live sessions this is (1 for the first)."),
    )
    day = forms.DateField(label=_("Date"), widget=DATE_INPUT)

    def service_values(self) -> dict:
        data = self.cleaned_data
        zone = data["organization"].time_zone
        starts_at = local_datetime(data["day"], data["start_time"], zone)
        return {
            **self.common_values(),
            "part": data["part"],
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(minutes=self.duration_minutes()),
        }


class SessionEditForm(forms.Form):
    """Changing a scheduled session: its module and organisation stay."""

    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    delivery = forms.ChoiceField(label=_("Where"), choices=SessionDelivery.choices)
    place = forms.CharField(
        label=_("Place"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    meeting_link = forms.URLField(label=_("Meeting link"), required=False, assume_scheme="https")
    day = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    start_time = forms.TimeField(label=_("Starts at"), widget=TIME_INPUT)
    end_time = forms.TimeField(label=_("Ends at"), widget=TIME_INPUT)
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=1000)
    facilitators = PersonChoiceField(
        label=_("Facilitators"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, session: LiveSession, **kwargs):
        local_start, local_end = session.local_starts_at, session.local_ends_at
        kwargs.setdefault(
            "initial",
            {
                "title": session.title,
                "delivery": session.delivery,
                "place": session.place,
                "meeting_link": session.meeting_link,
                "day": local_start.date(),
                "start_time": local_start.time(),
                "end_time": local_end.time(),
                "capacity": session.capacity,
                "facilitators": list(session.facilitators.all()),
            },
        )
        super().__init__(*args, **kwargs)
        self.session = session
        self.fields["facilitators"].queryset = possible_facilitators([session.organization])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The session ends before it starts. Check the times."))
        return cleaned

    def service_values(self) -> dict:
        data = self.cleaned_data
        starts_at = local_datetime(data["day"], data["start_time"], self.session.time_zone)
        ends_at = local_datetime(data["day"], data["end_time"], self.session.time_zone)
        values = {
            "title": data["title"],
            "delivery": data["delivery"],
            "place": data["place"],
            "meeting_link": data["meeting_link"],
            "starts_at": starts_at,
            "ends_at": ends_at,
            "capacity": data["capacity"],
            "facilitators": list(data["facilitators"]),
        }
        # Registration closing at the start follows the start; a deadline the new times would
        # put after the end moves to the start.
        closes_at = self.session.registration_closes_at
        if closes_at == self.session.starts_at or closes_at > ends_at:
            values["registration_closes_at"] = starts_at
        return values


class SeriesForm(_SessionFields):
    field_order = ["organization", "module", "title", "first_day"]

    first_day = forms.DateField(label=_("First session on"), widget=DATE_INPUT)
    count = forms.IntegerField(label=_("How many sessions"), min_value=1, max_value=52, initial=6)
    every_days = forms.TypedChoiceField(
        label=_("How often"),
        coerce=int,
        choices=[(7, _("Every week")), (14, _("Every two weeks")), (1, _("Every day"))],
        initial=7,
    )
    numbering = forms.ChoiceField(
        label=_("What the sessions cover"),
        choices=[
            ("next", _("One part each, in order (part 1, then 2, then 3…)")),
            ("same", _("The same part each time (the same session on several days)")),
        ],
        initial="next",
        widget=forms.RadioSelect,
    )
    first_part = forms.IntegerField(label=_("Starting with part"), min_value=1, initial=1)

    def plan(self) -> SeriesPlan:
        data = self.cleaned_data
        return SeriesPlan(
            first_day=data["first_day"],
            start_time=data["start_time"],
            duration_minutes=self.duration_minutes(),
            count=data["count"],
            every_days=data["every_days"],
            first_part=data["first_part"],
            each_session_next_part=data["numbering"] == "next",
        )


class CancelSessionForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is cancelled"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sent to everyone registered or waiting."),
    )


class MarkForm(forms.Form):
    status = forms.ChoiceField(label=_("Attendance"), choices=AttendanceStatus.choices)
    minutes = forms.IntegerField(label=_("Minutes attended"), min_value=0, required=False)
    modality = forms.ChoiceField(label=_("Attended"), choices=AttendanceModality.choices)


class WalkInForm(forms.Form):
    trainee = forms.ModelChoiceField(label=_("Trainee"), queryset=User.objects.none())

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainee"].queryset = candidates
        self.fields["trainee"].label_from_instance = lambda person: person.display_name


class SignRosterForm(forms.Form):
    signature = forms.CharField(
        label=_("Type your name to sign"),
        max_length=150,
        help_text=_("The name on your account."),
    )
    attestation = forms.BooleanField(label=ROSTER_ATTESTATION, required=False)


class CorrectionForm(forms.Form):
    status = forms.ChoiceField(label=_("Attendance"), choices=AttendanceStatus.choices)
    minutes = forms.IntegerField(label=_("Minutes attended"), min_value=0, required=False)
    modality = forms.ChoiceField(label=_("Attended"), choices=AttendanceModality.choices)
    reason = forms.CharField(
        label=_("Why the record changes"), widget=forms.Textarea(attrs={"rows": 2})
    )
    signature = forms.CharField(label=_("Type your name to sign"), max_length=150)
    attestation = forms.BooleanField(
        label=_("I confirm this correction is a true record of this person's attendance."),
        required=False,
    )
