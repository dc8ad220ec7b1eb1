from django.utils.translation import gettext_lazy as _

import django_filters

from lms.accounts.models import Role, User


class PersonFilter(django_filters.FilterSet):
    """Filters for staff lists of their organisation's people (web and API alike)."""

    role = django_filters.ChoiceFilter(
        label=_("Role"), choices=Role.choices, field_name="memberships__role", distinct=True
    )
    organization = django_filters.CharFilter(
        label=_("Organisation (slug)"), field_name="memberships__organization__slug", distinct=True
    )
    search = django_filters.CharFilter(label=_("Name or email"), method="filter_search")

    class Meta:
        model = User
        fields = ["role", "organization", "search"]

    def filter_search(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(display_name__icontains=value) | Q(email__icontains=value))
