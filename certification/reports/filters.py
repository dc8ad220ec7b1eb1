"""The reports' filters (django-filter): a date range, a program, a cohort, the credential the
pipeline measures, the days without activity that count as stalled, and an equity question.

The same form serves the staff page, the network page, the exports and the API. Choices are
the viewer's own (cohorts of the organisations in view), so another organisation's cohort is
refused as "not one of the available choices".
"""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

import django_filters

from certification.reports.figures import DEFAULT_STALLED_DAYS, ReportScope, default_range
from certification.reports.tables import EQUITY_QUESTIONS
from certification.roster.filters import WholeNumberFilter
from certification.roster.progress import credential_choices
from curriculum.models import ProgramPage
from lms.accounts.models import Organization, User
from lms.learning.models import Cohort

EARLIEST = datetime.date(2000, 1, 1)


class ReportForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and start < EARLIEST:
            self.add_error("date_from", _("Please choose a day in 2000 or later."))
        if end and end < EARLIEST:
            self.add_error("date_to", _("Please choose a day in 2000 or later."))
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period is before its start."))
        return cleaned


class ReportFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}), method="keep"
    )
    date_to = django_filters.DateFilter(
        label=_("To"), widget=forms.DateInput(attrs={"type": "date"}), method="keep"
    )
    organization = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=Organization.objects.none(),
        to_field_name="slug",
        empty_label=_("All organisations in view"),
        method="keep",
    )
    program = django_filters.ModelChoiceFilter(
        label=_("Program"),
        queryset=ProgramPage.objects.none(),
        empty_label=_("Any program"),
        method="keep",
    )
    cohort = django_filters.ModelChoiceFilter(
        label=_("Cohort"),
        queryset=Cohort.objects.none(),
        empty_label=_("Any cohort"),
        method="keep",
    )
    credential = django_filters.ChoiceFilter(
        label=_("Credential measured"), choices=[], empty_label=None, method="keep"
    )
    stalled_days = WholeNumberFilter(
        label=_("Stalled after … days without activity"),
        min_value=1,
        max_value=3650,
        method="keep",
    )
    breakdown = django_filters.ChoiceFilter(
        label=_("Break the pipeline down by"),
        choices=[(key, label) for key, (label, _choices) in EQUITY_QUESTIONS.items()],
        empty_label=_("No breakdown"),
        method="keep",
    )

    class Meta:
        model = User
        form = ReportForm
        fields = [
            "date_from",
            "date_to",
            "organization",
            "program",
            "cohort",
            "credential",
            "stalled_days",
            "breakdown",
        ]

    def __init__(self, data=None, *, organizations, **kwargs):
        super().__init__(data, queryset=User.objects.none(), **kwargs)
        self.organizations = organizations
        self.filters["organization"].queryset = organizations.order_by("name")
        self.filters["cohort"].queryset = (
            Cohort.objects.filter(organization__in=organizations)
            .select_related("organization")
            .order_by("name", "pk")
        )
        self.filters["program"].queryset = ProgramPage.objects.live().originals().order_by("title")
        self.credentials = credential_choices()
        self.filters["credential"].extra["choices"] = [
            (definition.code, definition.name) for definition in self.credentials
        ]
        self.form.fields["stalled_days"].widget.attrs.setdefault("inputmode", "numeric")

    def keep(self, queryset, name, value):
        return queryset

    def scope(self) -> ReportScope:
        """The scope the valid form describes (call after is_valid())."""
        values = self.form.cleaned_data
        default_start, default_end = default_range()
        organizations = self.organizations.order_by("name", "pk")
        if values.get("organization"):
            organizations = organizations.filter(pk=values["organization"].pk)
        by_code = {definition.code: definition for definition in self.credentials}
        credential = by_code.get(values.get("credential") or "") or (
            self.credentials[0] if self.credentials else None
        )
        return ReportScope(
            organizations=tuple(organizations),
            start=values.get("date_from") or default_start,
            end=values.get("date_to") or default_end,
            program=values.get("program"),
            cohort=values.get("cohort"),
            credential=credential,
            stalled_days=int(values.get("stalled_days") or DEFAULT_STALLED_DAYS),
        )


def report_filter(data, *, organizations) -> ReportFilter:
    return ReportFilter(data if data is not None else {}, organizations=organizations)
