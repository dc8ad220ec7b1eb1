"""Filters for the staff trainee roster: the page, its CSV export and the API alike."""

import datetime

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from certification.filtering import name_or_email_matches
from curriculum.input_limits import ModelChoiceFilter
from curriculum.models import ProgramPage
from lms import access
from lms.accounts.models import Membership, Organization, Role, User
from lms.learning.models import Cohort, Enrollment


# ------------------------------------------------------------------------------
# The staff trainee roster (certification/roster/selectors.py)
# ------------------------------------------------------------------------------
class WholeNumberFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


# Ties, and people never active, fall back to name order so pages never shuffle.
ROSTER_ORDERINGS = {
    "name": ((F("display_name").asc(),), _("Name, A to Z")),
    "-name": ((F("display_name").desc(),), _("Name, Z to A")),
    "-training_hours": ((F("training_hours").desc(),), _("Most training hours first")),
    "training_hours": ((F("training_hours").asc(),), _("Fewest training hours first")),
    "-practice_hours": (
        (F("approved_practice_hours").desc(),),
        _("Most approved practice hours first"),
    ),
    "practice_hours": (
        (F("approved_practice_hours").asc(),),
        _("Fewest approved practice hours first"),
    ),
    "-last_activity": (
        (F("last_activity_at").desc(nulls_last=True),),
        _("Most recently active first"),
    ),
    "last_activity": (
        (F("last_activity_at").asc(nulls_first=True),),
        _("Longest without activity first"),
    ),
}


class RosterFilter(django_filters.FilterSet):
    """Filters for the staff trainee roster: the page, its CSV export and the API alike.

    Organisation and cohort choices are only the viewer's own (from ``lms.access``), so another
    organisation's id or slug is refused as "not one of the available choices".
    """

    organization = ModelChoiceFilter(
        label=_("Organisation"),
        queryset=Organization.objects.none(),
        to_field_name="slug",
        empty_label=_("All your organisations"),
        method="filter_organization",
    )
    search = django_filters.CharFilter(
        label=_("Name or email"), method="filter_search", max_length=150
    )
    program = ModelChoiceFilter(
        label=_("Enrolled in program"),
        queryset=ProgramPage.objects.none(),
        empty_label=_("Any program"),
        method="filter_program",
    )
    cohort = ModelChoiceFilter(
        label=_("Cohort"),
        queryset=Cohort.objects.none(),
        empty_label=_("Any cohort"),
        method="filter_cohort",
    )
    waiting = django_filters.BooleanFilter(
        label=_("Only people with hours waiting for sign-off"),
        widget=forms.CheckboxInput,
        method="filter_waiting",
    )
    inactive_days = WholeNumberFilter(
        label=_("No activity in the last … days"),
        min_value=1,
        max_value=3650,
        method="filter_inactive",
        help_text=_(
            "For example 30: people who have not opened a lesson, logged hours or confirmed "
            "a session for 30 days, or never have."
        ),
    )
    ordering = django_filters.ChoiceFilter(
        label=_("Order by"),
        choices=[(value, label) for value, (_ordering, label) in ROSTER_ORDERINGS.items()],
        empty_label=None,
        method="filter_ordering",
    )

    class Meta:
        model = User
        fields = ["organization", "search", "program", "cohort", "waiting", "inactive_days"]

    def __init__(self, data=None, queryset=None, *, request=None, viewer=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        if viewer is None:
            viewer = getattr(request, "user", None) or AnonymousUser()
        organizations = access.staffed_organizations(viewer)
        self.filters["organization"].queryset = organizations.order_by("name")
        self.filters["cohort"].queryset = (
            Cohort.objects.filter(organization__in=organizations)
            .select_related("organization")
            .order_by("name", "pk")
        )
        self.filters["program"].queryset = ProgramPage.objects.live().originals().order_by("title")

    @extend_schema_field(OpenApiTypes.STR)  # the organisation's slug
    def filter_organization(self, queryset, name, organization):
        trainees = Membership.objects.filter(role=Role.TRAINEE, organization=organization)
        return queryset.filter(pk__in=trainees.values("user_id"))

    def filter_search(self, queryset, name, value):
        return queryset.filter(name_or_email_matches(value))

    @extend_schema_field(OpenApiTypes.INT)  # the program page's id
    def filter_program(self, queryset, name, program):
        return queryset.filter(pk__in=Enrollment.objects.filter(program=program).values("user_id"))

    @extend_schema_field(OpenApiTypes.INT)  # the cohort's id
    def filter_cohort(self, queryset, name, cohort):
        return queryset.filter(pk__in=Enrollment.objects.filter(cohort=cohort).values("user_id"))

    def filter_waiting(self, queryset, name, value):
        return queryset.filter(has_waiting_entries=True) if value else queryset

    def filter_inactive(self, queryset, name, days):
        cutoff = timezone.now() - datetime.timedelta(days=days)
        # "Never active" is the roster's NEVER instant here, earlier than any cutoff: one
        # comparison, where "before the cutoff or NULL" made PostgreSQL compute it twice.
        return queryset.filter(last_activity_or_never__lt=cutoff)

    def filters_by_figures(self) -> bool:
        """Whether the (valid) filters compare a computed figure, which the database then
        computes for everyone in scope (a COUNT as much as the page's query)."""
        values = self.form.cleaned_data
        return bool(values.get("waiting") or values.get("inactive_days"))

    def filter_ordering(self, queryset, name, value):
        expressions, _label = ROSTER_ORDERINGS[value]
        return queryset.order_by(*expressions, "display_name", "pk")
