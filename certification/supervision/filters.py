"""FilterSets for supervised practice, shared by the supervisor's queue and (later) the API."""

import datetime

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Q, QuerySet
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from certification.credentials.models import CredentialDefinition
from certification.issuance.models import ApplicationStatus
from certification.supervision.models import EntryStatus, SupervisionAgreement
from curriculum.input_limits import ModelChoiceFilter
from curriculum.models import CompetencyDomain, ProgramPage
from lms import access
from lms.accounts.models import Membership, Organization, Role, User
from lms.learning.models import Cohort, Enrollment

ANY_STATUS = "any"
# The <datalist> of /supervise/ that the trainee search fills as the supervisor types.
TRAINEE_SUGGESTIONS_ID = "queue-trainee-suggestions"


def name_or_email_matches(text: str, *, through: str = "") -> Q:
    """People (or, ``through`` a relation such as ``"trainee__"``, their records) whose name or
    email contains the text, ignoring case: the one search rule of the roster and the queue."""
    text = text.strip()
    return Q(**{f"{through}display_name__icontains": text}) | Q(
        **{f"{through}email__icontains": text}
    )


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
    domain = ModelChoiceFilter(
        label=_("Competency domain"),
        queryset=CompetencyDomain.objects.all(),
        empty_label=_("All domains"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=EntryStatus.choices,
        empty_label=_("Any status"),
    )

    class Meta:
        fields = ["date_from", "date_to", "domain", "status"]


class WaitingByDefault:
    """A review queue's status filter: no status chosen lists what waits (``waiting_status``),
    ``any`` lists every status."""

    waiting_status: str

    def filter_status(self, queryset, name, value):
        if value == ANY_STATUS:
            return queryset
        return queryset.filter(status=value)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(status=self.waiting_status)
        return queryset


class SupervisionQueueFilter(WaitingByDefault, PracticeEntryFilter):
    """Filter a supervisor's queue. With no status chosen it shows what waits for sign-off.

    A supervisor may have a few hundred trainees: the page offers a search by name or email
    (suggestions come from ``supervise_trainee_suggestions`` as they type) rather than a list
    of every name. ``trainee`` (an id) stays for links and the API; on the page it is hidden.
    """

    trainee = ModelChoiceFilter(
        label=_("Trainee"),
        queryset=User.objects.none(),
        widget=forms.HiddenInput,
    )
    search = django_filters.CharFilter(
        label=_("Trainee's name or email"),
        method="filter_search",
        max_length=150,
        help_text=_("Type a few letters of a name to see matching trainees."),
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "list": TRAINEE_SUGGESTIONS_ID,
                "autocomplete": "off",
                "hx-get": reverse_lazy("certification:supervise_trainee_suggestions"),
                "hx-trigger": "input changed delay:300ms, focus once",
                "hx-target": f"#{TRAINEE_SUGGESTIONS_ID}",
                "hx-swap": "innerHTML",
            }
        ),
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
        fields = ["trainee", "search", "date_from", "date_to", "domain", "status"]

    def __init__(self, *args, supervisor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["trainee"].queryset = self.trainee_choices(supervisor)
        # The page shows the trainee search first, as before the shared filters moved up.
        self.filters = {name: self.filters[name] for name in self._meta.fields}

    @staticmethod
    def trainee_choices(supervisor: User) -> QuerySet[User]:
        """Everyone under an agreement still open to the supervisor: one that has ended can
        still have entries waiting during its grace period; after that the trainee is no
        longer the supervisor's to see (docs/security.md, "After an agreement ends")."""
        return (
            User.objects.filter(
                pk__in=SupervisionAgreement.objects.filter(supervisor=supervisor)
                .open_to_supervisor()
                .values("trainee_id")
            )
            .only("pk", "display_name", "email")  # what str(user), the name shown, reads
            .order_by("display_name", "pk")
        )

    def filter_search(self, queryset, name, value):
        return queryset.filter(name_or_email_matches(value, through="trainee__"))

    waiting_status = EntryStatus.SUBMITTED


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
