"""FilterSets for supervised practice, shared by the supervisor's queue and (later) the API."""

from django import forms
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

import django_filters

from certification.filtering import ANY_STATUS, WaitingByDefault, name_or_email_matches
from certification.supervision.models import EntryStatus, SupervisionAgreement
from curriculum.input_limits import ModelChoiceFilter
from curriculum.models import CompetencyDomain
from lms.accounts.models import User

# The <datalist> of /supervise/ that the trainee search fills as the supervisor types.
TRAINEE_SUGGESTIONS_ID = "queue-trainee-suggestions"


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
