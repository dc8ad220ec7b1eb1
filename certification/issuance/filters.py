"""The staff list of issued credentials: by status and credential, or a name or number."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

import django_filters

from certification.credentials.models import CredentialDefinition
from certification.issuance.models import CredentialStatus


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
