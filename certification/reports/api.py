"""API v1: the reports as figures, under the same rules as the pages.

- GET /api/v1/staff/reports/ — staff: their organisations' own figures;
- GET /api/v1/network/reports/ — a network reader: the organisations of their region side by
  side and in total, every number from 1 to 10 hidden (with the cells that would reveal it).

Both take the page's filters (``ReportFilter``) as query parameters and answer tables: a title,
a text summary, column headers and rows of cells. A hidden cell has ``value`` null and
``hidden`` true: its number never leaves the server. No person's name, email or id is in
either answer (a supervisor's name is, on the staff answer only, as on the staff page).
"""

from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from certification.reports import selectors
from certification.reports.filters import ReportFilter, report_filter
from lms import access
from lms.accounts.api import IsOrganizationStaff


class HasNetworkAccess(permissions.BasePermission):
    message = _("This is for people who read a network's reports.")

    def has_permission(self, request, view):
        return access.has_network_access(request.user)


class CellSerializer(serializers.Serializer):
    value = serializers.SerializerMethodField(
        help_text=_("The figure; null when hidden or when there is not enough data.")
    )
    hidden = serializers.BooleanField(
        help_text=_("True when the figure is hidden to protect small numbers.")
    )
    reason = serializers.SerializerMethodField(
        help_text=_(
            "Why it is hidden: “small” (1 to 10 people) or “complementary” (it would reveal "
            "a small one); empty when shown."
        )
    )

    def get_value(self, cell) -> str | None:
        return None if cell.hidden else (str(cell.value) if cell.value is not None else None)

    def get_reason(self, cell) -> str:
        if not cell.hidden:
            return ""
        return "complementary" if cell.complementary else "small"


class RowSerializer(serializers.Serializer):
    label = serializers.CharField()
    key = serializers.CharField()
    cells = CellSerializer(many=True)


class TableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    row_header = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    unit = serializers.CharField()
    rows = RowSerializer(many=True)


class ReportSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    credential = serializers.CharField(allow_null=True)
    computed_at = serializers.DateTimeField()
    tables = TableSerializer(many=True)


FILTER_PARAMETERS = [
    OpenApiParameter(name, description=str(filter_.label), required=False)
    for name, filter_ in ReportFilter.base_filters.items()
]


class _ReportView(APIView):
    view_name = selectors.STAFF

    def get(self, request):
        organizations = selectors.organizations_for(request.user, self.view_name)
        filterset = report_filter(request.query_params, organizations=organizations)
        if not filterset.is_valid():
            raise serializers.ValidationError(filterset.errors)
        result = selectors.report_view(view=self.view_name, filterset=filterset)
        scope = filterset.scope()
        tables = list(result.tables) + ([result.equity] if result.equity else [])
        data = {
            "start": scope.start,
            "end": scope.end,
            "credential": scope.credential.code if scope.credential else None,
            "computed_at": result.computed_at,
            "tables": tables,
        }
        return Response(ReportSerializer(data).data)


@extend_schema(
    parameters=FILTER_PARAMETERS,
    responses=ReportSerializer,
    description=_("Your organisations' report figures, as on /staff/reports/."),
)
class StaffReportView(_ReportView):
    view_name = selectors.STAFF

    def get_permissions(self):
        return [*super().get_permissions(), IsOrganizationStaff()]


@extend_schema(
    parameters=FILTER_PARAMETERS,
    responses=ReportSerializer,
    description=_(
        "Your region's figures per organisation and in total, small numbers hidden, as on "
        "/network/reports/."
    ),
)
class NetworkReportView(_ReportView):
    view_name = selectors.NETWORK

    def get_permissions(self):
        return [*super().get_permissions(), HasNetworkAccess()]
