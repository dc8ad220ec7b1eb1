"""API v1: the staff trainee roster (issue 7), the same list as /staff/trainees/.

- GET /api/v1/staff/trainees/ — paginated JSON (50 a page, ``page_size`` up to 200);
- GET /api/v1/staff/trainees.csv — every matching trainee as CSV, streamed.

Both take the filters of the page (``RosterFilter``) and read ``roster.trainee_roster``: staff
and organisation admins see the trainees of the organisations they staff, superusers everyone;
trainees and supervisors are refused (403) as on ``/api/v1/staff/people/``.
"""

from django.utils.translation import gettext_lazy as _

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, serializers

from certification.roster import progress as roster_progress
from certification.roster import selectors as roster
from certification.roster.filters import RosterFilter
from certification.spreadsheets import streaming_csv_response
from lms.accounts.api import IsOrganizationStaff
from lms.accounts.models import User


class CredentialProgressSummarySerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("The credential measured against."))
    met = serializers.BooleanField(help_text=_("True when every requirement is met."))
    met_count = serializers.IntegerField(help_text=_("Requirements met."))
    total = serializers.IntegerField(help_text=_("Requirements in all."))
    progress_percent = serializers.IntegerField()


def _hours(help_text) -> serializers.DecimalField:
    """A read-only hours figure of the roster, to two decimal places."""
    return serializers.DecimalField(
        max_digits=12, decimal_places=2, read_only=True, help_text=help_text
    )


class RosterTraineeSerializer(serializers.ModelSerializer):
    organizations = serializers.SerializerMethodField(
        help_text=_("Names of your organisations where the person is a trainee.")
    )
    programs = serializers.SerializerMethodField(
        help_text=_("Titles of the programs the person is enrolled in.")
    )
    modules_completed = serializers.IntegerField(read_only=True)
    training_hours = _hours(
        _("Hours of modules completed on PeerPath plus verified training elsewhere.")
    )
    approved_practice_hours = _hours(
        _("Signed-off practice hours that count (replaced entries left out).")
    )
    waiting_practice_hours = _hours(_("Practice hours sent for sign-off and not yet reviewed."))
    supervision_hours = _hours(_("Hours of supervision sessions the person confirmed."))
    credential_progress = serializers.SerializerMethodField(
        help_text=_(
            "Progress toward the credential named by the `credential` parameter (a credential "
            "code; by default the one your programs prepare for most often), by the same "
            "rules as the trainee's own credentials page."
        )
    )
    last_activity_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text=_(
            "The latest lesson opened, module completed, hours logged, session confirmed or "
            "training added; null if none yet."
        ),
    )

    class Meta:
        model = User
        fields = [
            "id",
            "display_name",
            "email",
            "organizations",
            "programs",
            "modules_completed",
            "training_hours",
            "approved_practice_hours",
            "waiting_practice_hours",
            "supervision_hours",
            "last_activity_at",
            "credential_progress",
        ]
        read_only_fields = fields

    @extend_schema_field(CredentialProgressSummarySerializer(allow_null=True))
    def get_credential_progress(self, person):
        result = getattr(person, "credential_progress", None)
        if result is None:
            return None
        return {
            "code": self.context["credential"].code,
            "met": result.met,
            "met_count": result.met_count,
            "total": result.total,
            "progress_percent": result.progress_percent,
        }

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_organizations(self, person) -> list[str]:
        return sorted(person.organization_names or [])

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_programs(self, person) -> list[str]:
        return sorted(person.program_names or [])


CREDENTIAL_PARAMETER = OpenApiParameter(
    "credential",
    str,
    description=_(
        "The code of the credential to show progress toward (default: the one your "
        "organisation's programs prepare for most often)."
    ),
)


class _RosterView(generics.GenericAPIView):
    queryset = User.objects.none()  # the model, for the schema; rows: get_queryset
    filter_backends = [DjangoFilterBackend]
    filterset_class = RosterFilter

    def chosen_credential(self):
        try:
            _choices, credential = roster_progress.credential_for(
                viewer=self.request.user,
                viewer_trainees=self.unfiltered_roster.values("pk"),
                code=self.request.query_params.get("credential"),
                strict=True,
            )
        except roster_progress.UnknownCredential:
            raise serializers.ValidationError(
                {"credential": [_("No credential with this code is in effect.")]}
            ) from None
        return credential

    def get_permissions(self):
        return [*super().get_permissions(), IsOrganizationStaff()]

    def get_queryset(self):
        # Kept for the page's rows (StaffTraineeRosterView): building it is ORM work.
        self.unfiltered_roster = roster.trainee_roster(viewer=self.request.user)
        return self.unfiltered_roster


@extend_schema(tags=["staff"])
class StaffTraineeRosterView(_RosterView, generics.ListAPIView):
    """Staff: the trainees of your organisation(s) with their progress, by name unless
    `ordering` says otherwise. Filters as on the roster page; paginated."""

    serializer_class = RosterTraineeSerializer

    @extend_schema(parameters=[CREDENTIAL_PARAMETER])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def paginate_queryset(self, queryset):
        ids = super().paginate_queryset(queryset.values_list("pk", flat=True))
        rows = roster.roster_page_rows(
            viewer=self.request.user, ids=ids, roster=self.unfiltered_roster
        )
        self.credential = self.chosen_credential()
        roster_progress.attach_progress(rows, self.credential)
        return rows

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "credential": getattr(self, "credential", None)}


@extend_schema(tags=["staff"])
class StaffTraineeRosterCsvView(_RosterView):
    """Staff: every trainee matching the filters, as a CSV spreadsheet (not paginated).

    Columns as on the roster page, with progress toward the `credential` last; cells that a
    spreadsheet would run as a formula are prefixed with a quote.
    """

    pagination_class = None

    @extend_schema(
        filters=True,
        parameters=[CREDENTIAL_PARAMETER],
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR, description=_("The trainees as CSV, one row each.")
            )
        },
    )
    def get(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        credential = self.chosen_credential()
        return streaming_csv_response(
            filename="trainees.csv",
            header=roster.csv_header(credential),
            rows=roster.csv_rows(queryset, credential=credential),
        )
