"""The staff lists of credential applications (waiting ones first) and of issued credentials."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

import django_filters

from certification.credentials.models import CredentialDefinition
from certification.filtering import ANY_STATUS, WaitingByDefault
from certification.issuance.models import ApplicationStatus, CredentialStatus


class IssuedCredentialFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        label=_("Name or credential number"), method="filter_search", max_length=100
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=CredentialStatus.choices, empty_label=_("Any status")
    )
    credential = django_filters.ChoiceFilter(
        label=_("Credential"),
        field_name="definition__code",
        empty_label=_("All credentials"),
        choices=[],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names: dict[str, str] = {}
        for code, name in CredentialDefinition.objects.order_by("code", "version").values_list(
            "code", "name"
        ):
            names[code] = name
        self.filters["credential"].extra["choices"] = sorted(
            names.items(), key=lambda item: item[1]
        )

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(holder_name__icontains=value) | Q(number__icontains=value))


class CredentialApplicationFilter(WaitingByDefault, django_filters.FilterSet):
    """The staff review queue: waiting applications first, any status on request."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        # Empty means waiting (the default), so "Waiting for review" is listed once.
        choices=[
            (ANY_STATUS, _("Any status")),
            *[c for c in ApplicationStatus.choices if c[0] != ApplicationStatus.SUBMITTED],
        ],
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

    waiting_status = ApplicationStatus.SUBMITTED
