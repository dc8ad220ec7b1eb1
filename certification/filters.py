"""FilterSets for supervised practice, shared by the supervisor's queue and (later) the API."""

from django import forms
from django.utils.translation import gettext_lazy as _

import django_filters

from curriculum.models import CompetencyDomain
from lms.models import User

from .models import (
    ApplicationStatus,
    CredentialDefinition,
    EntryStatus,
    SupervisionAgreement,
)

ANY_STATUS = "any"


class PracticeEntryFilter(django_filters.FilterSet):
    """Filter practice entries by date range, competency domain and status (the API's list of
    entries; the supervisor's queue below adds a trainee and its own default status)."""

    date_from = django_filters.DateFilter(
        field_name="date",
        lookup_expr="gte",
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        field_name="date",
        lookup_expr="lte",
        label=_("To"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    domain = django_filters.ModelChoiceFilter(
        label=_("Competency domain"),
        queryset=CompetencyDomain.objects.all(),
        empty_label=_("All domains"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=EntryStatus.choices, empty_label=_("Any status")
    )

    class Meta:
        fields = ["date_from", "date_to", "domain", "status"]


class SupervisionQueueFilter(PracticeEntryFilter):
    """Filter a supervisor's queue. With no status chosen it shows what waits for sign-off."""

    trainee = django_filters.ModelChoiceFilter(
        label=_("Trainee"), queryset=User.objects.none(), empty_label=_("All my trainees")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[
            (ANY_STATUS, _("Any status")),
            *[(value, label) for value, label in EntryStatus.choices if value != EntryStatus.DRAFT],
        ],
        empty_label=_("Waiting for sign-off"),
        method="filter_status",
    )

    class Meta:
        fields = ["trainee", "date_from", "date_to", "domain", "status"]

    def __init__(self, *args, supervisor: User, **kwargs):
        super().__init__(*args, **kwargs)
        # Everyone the supervisor has ever had an agreement with: entries under an agreement
        # that has since ended can still wait for their sign-off.
        self.filters["trainee"].queryset = User.objects.filter(
            pk__in=SupervisionAgreement.objects.filter(supervisor=supervisor).values("trainee_id")
        ).order_by("display_name", "pk")
        # The page shows the trainee choice first, as before the shared filters moved up.
        self.filters = {name: self.filters[name] for name in self._meta.fields}

    def filter_status(self, queryset, name, value):
        if value == ANY_STATUS:
            return queryset
        return queryset.filter(status=value)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(status=EntryStatus.SUBMITTED)
        return queryset


class CredentialApplicationFilter(django_filters.FilterSet):
    """The staff review queue: waiting applications first, any status on request."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(ANY_STATUS, _("Any status")), *ApplicationStatus.choices],
        empty_label=_("Waiting for review"),
        method="filter_status",
    )
    credential = django_filters.ChoiceFilter(
        label=_("Credential"),
        field_name="definition__code",
        empty_label=_("All credentials"),
        choices=[],
    )

    class Meta:
        fields = ["status", "credential"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One row per credential code, named by its newest version.
        names: dict[str, str] = {}
        for code, name in CredentialDefinition.objects.order_by("code", "version").values_list(
            "code", "name"
        ):
            names[code] = name
        self.filters["credential"].extra["choices"] = sorted(
            names.items(), key=lambda item: item[1]
        )

    def filter_status(self, queryset, name, value):
        if value == ANY_STATUS:
            return queryset
        return queryset.filter(status=value)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(status=ApplicationStatus.SUBMITTED)
        return queryset
