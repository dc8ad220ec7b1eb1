"""The reports pages: staff of an organisation (/staff/reports/) and a state network or ROSC
council (/network/reports/), their exports and downloads. Thin: the figures are in figures.py,
the tables in tables.py, the scope and cache in selectors.py."""

import datetime
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from certification.reports import selectors, services
from certification.reports.charts import bar_chart
from certification.reports.filters import report_filter
from certification.reports.models import ReportExport
from lms import access, personal_pages
from lms.accounts.models import STAFF_ROLES
from lms.decorators import role_required
from lms.private_files import private_file_response

RECENT_EXPORTS = 5


def network_required(view):
    """A signed-in person with network access (or a superuser)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not access.has_network_access(request.user):
            raise PermissionDenied(_("This page is for people who read a network's reports."))
        return view(request, *args, **kwargs)

    return wrapped


def _page(request, view: str):
    organizations = selectors.organizations_for(request.user, view)
    filterset = report_filter(request.GET, organizations=organizations)
    valid = filterset.is_valid()
    result = selectors.report_view(view=view, filterset=filterset) if valid else None
    if result is not None:
        # The figures are kept five minutes and say when they were computed; the page shows
        # them until they are computed again.
        personal_pages.good_until(
            request, result.computed_at + datetime.timedelta(seconds=selectors.CACHE_SECONDS)
        )
    sections = [(table, bar_chart(table)) for table in result.tables] if result else []
    query = request.GET.copy()
    exports = ReportExport.objects.filter(requested_by=request.user, view=view)[:RECENT_EXPORTS]
    return render(
        request,
        "certification/reports/reports.html",
        {
            "view": view,
            "filter": filterset,
            "result": result,
            "sections": sections,
            "query": query.urlencode(),
            "exports": exports,
            "scope": filterset.scope() if valid else None,
            "roster_url": reverse("certification:staff_roster") if view == selectors.STAFF else "",
        },
        status=200 if valid else 400,
    )


@personal_pages.kept_for_person()
@role_required(*STAFF_ROLES)
def staff_reports(request):
    return _page(request, selectors.STAFF)


@personal_pages.kept_for_person()
@network_required
def network_reports(request):
    return _page(request, selectors.NETWORK)


def _may_read(request, view: str) -> bool:
    if view == selectors.NETWORK:
        return access.has_network_access(request.user)
    return access.may_act_as(request.user, *STAFF_ROLES)


@login_required
@require_POST
def export_create(request):
    """Queue a spreadsheet of the report as filtered; back to the page, which shows its
    progress."""
    view = request.POST.get("view")
    if view not in (selectors.STAFF, selectors.NETWORK) or not _may_read(request, view):
        raise Http404
    page = reverse(
        "certification:network_reports"
        if view == selectors.NETWORK
        else "certification:staff_reports"
    )
    query = request.POST.get("query", "")[:2000]
    organizations = selectors.organizations_for(request.user, view)
    filterset = report_filter(QueryDict(query), organizations=organizations)
    destination = f"{page}?{query}" if query else page
    if not filterset.is_valid():
        messages.error(request, _("Fix the filters first; the export uses the same ones."))
        return redirect(destination)
    scope = filterset.scope()
    try:
        services.export_request(
            requested_by=request.user,
            view=view,
            organization_ids=scope.organization_ids,
            filters=selectors.filters_as_data(filterset),
            format=request.POST.get("format", ""),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Your export is being prepared. It appears below when it is ready.")
        )
    return redirect(f"{destination}#exports")


def _export_for(request, pk) -> ReportExport:
    export = get_object_or_404(ReportExport.objects.filter(requested_by=request.user), pk=pk)
    if not _may_read(request, export.view):
        raise Http404
    return export


@login_required
def export_status(request, pk):
    """One export's state, polled by htmx while it is prepared."""
    export = _export_for(request, pk)
    return render(request, "certification/reports/_export_status.html", {"export": export})


@login_required
def export_download(request, pk):
    export = _export_for(request, pk)
    if not export.is_downloadable:
        raise Http404
    services.export_downloaded(export=export, by=request.user)
    return private_file_response(
        export.file, download_name=f"peerpath-report-{export.created_at:%Y-%m-%d-%H%M}"
    )
