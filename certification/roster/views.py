"""The staff trainee roster page and its CSV export (issue 7).
Thin: certification/roster/selectors.py
holds the scope, the figures and the filters."""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from certification.roster import progress as roster_progress
from certification.roster import selectors as roster
from certification.spreadsheets import streaming_csv_response
from lms import personal_pages
from lms.accounts.models import STAFF_ROLES
from lms.decorators import role_required


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@personal_pages.kept_for_person(organization_wide=True)
@role_required(*STAFF_ROLES)
def staff_roster(request):
    """Trainees of the staff member's organisation(s) with their progress, 50 per page.

    A filter value that does not validate shows its message on the form, keeps what was typed,
    and lists no one (rather than everyone) until it is fixed.
    """
    filterset = roster.roster_filterset(viewer=request.user, data=request.GET)
    valid = filterset.is_valid()
    queryset = filterset.qs if valid else filterset.queryset.none()
    activity_order = valid and filterset.form.cleaned_data.get("ordering") in (
        "last_activity",
        "-last_activity",
    )
    if valid and filterset.form.cleaned_data.get("inactive") or activity_order:
        # "Inactive for 30 days" counts from this moment, and a list in order of last activity
        # changes each time someone reads a lesson again (the kept pages follow only its day):
        # such a list is not kept.
        personal_pages.good_until(request, timezone.now())
    ids = queryset.values_list("pk", flat=True)
    if valid and filterset.filters_by_figures():
        # Everyone's ids in one query: counting them apart would compute every figure twice.
        ids = list(ids)
    page = Paginator(ids, roster.ROSTER_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = roster.roster_page_rows(
        viewer=request.user, ids=page.object_list, roster=filterset.queryset
    )
    # Progress toward one credential, for this page's people only (roster_progress.py).
    credentials, credential = roster_progress.credential_for(
        viewer=request.user,
        viewer_trainees=filterset.queryset.values("pk"),
        code=request.GET.get("credential"),
    )
    roster_progress.attach_progress(page.object_list, credential)
    query = _query_without_page(request)
    return render(
        request,
        "certification/staff_roster.html",
        {
            "filter": filterset,
            "page_obj": page,
            "credentials": credentials,
            "credential": credential,
            "query": query,
            "csv_url": reverse("certification:staff_roster_csv") + (f"?{query}" if query else ""),
        },
        status=200 if valid else 400,
    )


@role_required(*STAFF_ROLES)
def staff_roster_csv(request):
    """The same list with the same filters as a spreadsheet: everyone, not one page."""
    filterset = roster.roster_filterset(viewer=request.user, data=request.GET)
    if not filterset.is_valid():
        # The page says what is wrong, with the values as typed.
        address = reverse("certification:staff_roster")
        query = request.GET.urlencode()
        return redirect(f"{address}?{query}" if query else address)
    _choices, credential = roster_progress.credential_for(
        viewer=request.user,
        viewer_trainees=filterset.queryset.values("pk"),
        code=request.GET.get("credential"),
    )
    return streaming_csv_response(
        filename="trainees.csv",
        header=roster.csv_header(credential),
        rows=roster.csv_rows(filterset.qs, credential=credential),
    )
