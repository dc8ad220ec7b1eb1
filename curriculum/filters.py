"""The public curriculum search's filters (django-filter), applied inside the selector."""

from django import forms
from django.utils.translation import gettext_lazy as _

import django_filters

from curriculum.input_limits import ModelChoiceFilter
from curriculum.models import CompetencyDomain, CoreValue, Modality, ModulePage, RecoveryPathway


class ModuleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search words"),
        method="filter_nothing",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("For example: trauma, boundaries, harm reduction."),
    )
    core_value = ModelChoiceFilter(
        label=_("Core value"),
        field_name="core_values",
        to_field_name="slug",
        queryset=CoreValue.objects.all(),
        empty_label=_("Any core value"),
    )
    pathway = ModelChoiceFilter(
        label=_("Recovery pathway"),
        field_name="recovery_pathways",
        to_field_name="slug",
        queryset=RecoveryPathway.objects.all(),
        empty_label=_("Any pathway"),
    )
    domain = ModelChoiceFilter(
        label=_("Competency domain"),
        field_name="domain_hours__domain",
        queryset=CompetencyDomain.objects.all(),
        empty_label=_("Any domain"),
        distinct=True,
    )
    modality = django_filters.ChoiceFilter(
        label=_("How it is delivered"),
        choices=Modality.choices,
        empty_label=_("Any way"),
    )

    class Meta:
        model = ModulePage
        fields = ["q", "core_value", "pathway", "domain", "modality"]

    def filter_nothing(self, queryset, name, value):
        # The words go to Wagtail search in the selector; the filter only validates them.
        return queryset
