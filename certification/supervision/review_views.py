"""The supervisor's queue and sign-off (one entry or many). Thin: scope from selectors,
writes through services."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from certification.supervision import selectors, services
from certification.supervision.filters import TRAINEE_SUGGESTIONS_ID
from certification.supervision.forms import SignatureForm, error_text
from certification.supervision.views import (
    _ACTIVITY_LABELS,
    _MODALITY_LABELS,
    _SETTING_LABELS,
    _STATUS_LABELS,
    _redirect_back,
)
from curriculum.hours import format_hours
from curriculum.input_limits import ids_from
from lms import personal_pages
from lms.accounts.models import Role
from lms.decorators import role_required

QUEUE_PER_PAGE = 25


# ------------------------------------------------------------------------------
# The supervisor's queue
# ------------------------------------------------------------------------------
def _render_queue(request, *, status=200, signature_form=None, row_errors=None, typed=None):
    supervisor = request.user
    filterset = selectors.supervision_queue(supervisor=supervisor, data=request.GET)
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(queryset, QUEUE_PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    for entry in page.object_list:
        _prepare_row(
            entry,
            error=(row_errors or {}).get(entry.pk, ""),
            comment=(typed or {}).get(entry.pk, ""),
            now=now,
        )
        # "Waiting 3 hours" reads differently an hour on: the kept queue lasts until then.
        personal_pages.good_until(request, entry.waiting_changes_at)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page_obj": page,
        "query": query.urlencode(),
        "signature_form": signature_form or SignatureForm(auto_id="signing_%s"),
        "agreements": selectors.agreements_for_supervisor(supervisor),
        "notices": selectors.unread_notices(user=supervisor)[:5],
        "back": _queue_address(request),
        "trainee_suggestions_id": TRAINEE_SUGGESTIONS_ID,
    }
    return render(request, "certification/supervise_home.html", context, status=status)


def _queue_address(request) -> str:
    """Where to come back to after an action: the filtered queue page the person was on."""
    if request.method == "POST":
        target = request.POST.get("next") or ""
        if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return target
        return reverse("certification:supervise_home")
    return request.get_full_path()


@personal_pages.kept_for_person(organization_wide=True)
@role_required(Role.SUPERVISOR)
def supervise_home(request):
    return _render_queue(request)


@role_required(Role.SUPERVISOR)
def supervise_trainee_suggestions(request):
    """htmx: the suggestions (``<option>``s) of the queue's trainee search for what is typed."""
    names = selectors.queue_trainee_suggestions(
        supervisor=request.user, text=request.GET.get("search", "")[:150]
    )
    return render(request, "certification/_trainee_suggestions.html", {"names": names})


def _queue_entry(request, pk):
    return get_object_or_404(
        selectors.reviewable_entries(request.user).select_related("trainee", "domain", "agreement"),
        pk=pk,
    )


def _waiting(entry, now: datetime.datetime) -> tuple[str, datetime.datetime | None]:
    """How long a sent entry has waited, in its largest unit ("3 hours", "2 days"), and the
    moment that wording changes (at the latest: the next whole minute, hour or day of waiting,
    whichever unit is shown; weeks, months and years turn on whole days)."""
    if entry.status != "submitted" or entry.submitted_at is None:
        return "", None
    waited = max(now - entry.submitted_at, datetime.timedelta(0))
    unit = datetime.timedelta(minutes=1)
    if waited >= datetime.timedelta(days=1):
        unit = datetime.timedelta(days=1)
    elif waited >= datetime.timedelta(hours=1):
        unit = datetime.timedelta(hours=1)
    changes_at = entry.submitted_at + (waited // unit + 1) * unit
    return timesince(entry.submitted_at, now, depth=1), changes_at


def _prepare_row(entry, *, error="", comment="", now=None):
    """What certification/_queue_row.html shows besides the entry's fields: the row's error,
    the comment typed before it, the choice labels and how long it has waited."""
    entry.waiting, entry.waiting_changes_at = _waiting(entry, now or timezone.now())
    entry.row_error = error
    entry.typed_comment = comment
    entry.setting_label = _SETTING_LABELS.get(entry.setting, entry.setting)
    entry.activity_label = _ACTIVITY_LABELS.get(entry.activity_type, entry.activity_type)
    entry.modality_label = _MODALITY_LABELS.get(entry.modality, entry.modality)
    entry.status_label = _STATUS_LABELS.get(entry.status, entry.status)


def _row_response(request, entry, *, error="", comment="", announcement=""):
    """htmx: the entry's row in its new state, plus an announcement for screen readers."""
    _prepare_row(entry, error=error, comment=comment)
    context = {"entry": entry, "announcement": announcement}
    return render(request, "certification/_queue_row.html", context)


def _review_outcome(request, entry, *, error=None, comment="", done_message=""):
    """Answer a single-entry action: a row for htmx, the whole queue for a plain form."""
    if request.htmx:
        if error is not None:
            return _row_response(request, entry, error=error_text(error), comment=comment)
        return _row_response(request, entry, announcement=done_message)
    if error is not None:
        return _render_queue(
            request,
            status=400,
            signature_form=SignatureForm(request.POST, auto_id="signing_%s"),
            row_errors={entry.pk: error_text(error)},
            typed={entry.pk: comment},
        )
    messages.success(request, done_message)
    return _redirect_back(request, fallback=reverse("certification:supervise_home"))


def _describe(entry) -> dict:
    return {
        "trainee": entry.trainee,
        "hours": format_hours(entry.duration_hours),
        "day": date_format(entry.date, "DATE_FORMAT"),
    }


def _act_on_entry(request, pk, *, act, done_message, comment=""):
    """One sign-off action on one entry of the queue: the service decides, the answer is the
    row (htmx) or the queue. ``act(entry)`` calls the service and returns the entry."""
    entry = _queue_entry(request, pk)
    try:
        entry = act(entry)
    except (ValidationError, PermissionDenied) as error:
        entry.refresh_from_db()
        return _review_outcome(request, entry, error=error, comment=comment)
    return _review_outcome(request, entry, done_message=done_message % _describe(entry))


@role_required(Role.SUPERVISOR)
@require_POST
def supervise_approve(request, pk):
    form = SignatureForm(request.POST)

    def approve(entry):
        if not form.is_valid():
            raise ValidationError(list(form.errors.values())[0])
        return services.practice_entry_approve(
            entry=entry,
            supervisor=request.user,
            signature=form.cleaned_data["signature"],
            attested=form.cleaned_data["attestation"],
        )

    return _act_on_entry(
        request, pk, act=approve, done_message=_("Approved %(hours)s h for %(trainee)s on %(day)s.")
    )


def _with_typed_text(service, *, argument: str, done_message):
    """A review action whose service takes the supervisor's typed text (the row's comment
    box) under ``argument``: return and reject."""

    @role_required(Role.SUPERVISOR)
    @require_POST
    def view(request, pk):
        text = request.POST.get(f"comment-{pk}", "")
        return _act_on_entry(
            request,
            pk,
            act=lambda entry: service(entry=entry, supervisor=request.user, **{argument: text}),
            done_message=done_message,
            comment=text,
        )

    return view


supervise_return = _with_typed_text(
    services.practice_entry_return,
    argument="comment",
    done_message=gettext_lazy("Returned %(hours)s h on %(day)s to %(trainee)s with your comment."),
)
supervise_reject = _with_typed_text(
    services.practice_entry_reject,
    argument="reason",
    done_message=gettext_lazy("Did not accept %(hours)s h on %(day)s from %(trainee)s."),
)


@role_required(Role.SUPERVISOR)
@require_POST
def supervise_bulk_approve(request):
    ids = ids_from(request.POST.getlist("entries"))
    form = SignatureForm(request.POST, auto_id="signing_%s")
    if not form.is_valid():
        return _render_queue(request, status=400, signature_form=form)
    try:
        entries = services.practice_entries_approve(
            entry_ids=ids,
            supervisor=request.user,
            signature=form.cleaned_data["signature"],
            attested=form.cleaned_data["attestation"],
        )
    except (ValidationError, PermissionDenied) as error:
        form.add_error(None, error_text(error))
        return _render_queue(request, status=400, signature_form=form)
    messages.success(request, _("Approved %(count)d entries.") % {"count": len(entries)})
    return _redirect_back(request, fallback=reverse("certification:supervise_home"))
