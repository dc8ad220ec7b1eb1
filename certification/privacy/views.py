"""Data rights pages: /account/privacy/ (a copy of my data, closing my account) and the staff
page that prepares a copy for a trainee who has no email address."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from certification.forms import ReasonForm
from certification.privacy import services
from certification.privacy.models import AccountClosure, DataExport
from lms import access
from lms.accounts.models import STAFF_ROLES, Role
from lms.decorators import role_required
from lms.private_files import private_file_response
from lms.service_errors import apply_service_errors
from lms.service_errors import error_text as _error_text


class CloseAccountForm(forms.Form):
    understood = forms.BooleanField(
        label=gettext_lazy(
            "I have read what is deleted and what is kept, and I want to close my account."
        ),
        error_messages={
            "required": gettext_lazy("Tick the box to confirm, or go back to keep your account.")
        },
    )


def _exports_of(**scope):
    return DataExport.objects.filter(**scope).select_related("person").order_by("-pk")[:5]


def _privacy_context(request, **extra) -> dict:
    person = request.user
    return {
        "exports": _exports_of(person=person),
        "closure": AccountClosure.objects.filter(person=person).first(),
        "export_days": services.export_days(),
        "grace_days": services.grace_days(),
        **extra,
    }


@login_required
def privacy_home(request):
    return render(request, "certification/privacy/privacy_home.html", _privacy_context(request))


@login_required
@require_POST
def export_create(request):
    services.export_request(person=request.user, requested_by=request.user)
    messages.success(
        request,
        _("We are preparing a copy of your data. It usually takes under a minute."),
    )
    return redirect("certification:privacy_home")


def _export_for(request, pk) -> DataExport:
    """A copy the person may see: their own, or one they asked for as staff of its person."""
    export = get_object_or_404(
        DataExport.objects.select_related("person").filter(
            Q(person=request.user) | Q(requested_by=request.user)
        ),
        pk=pk,
    )
    if export.person_id != request.user.pk and not access.is_staff_for_person(
        request.user, export.person
    ):
        raise Http404
    return export


@login_required
def export_status(request, pk):
    """One copy's state, polled by htmx while it is prepared."""
    export = _export_for(request, pk)
    return render(request, "certification/privacy/_export_status.html", {"export": export})


@login_required
def export_download(request, pk):
    export = _export_for(request, pk)
    if not export.is_downloadable:
        raise Http404
    services.export_downloaded(export=export, by=request.user)
    return private_file_response(
        export.file, download_name=f"peerpath-data-{export.created_at:%Y-%m-%d}"
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_close(request):
    """What closing deletes and keeps, said plainly before anything happens; then the request."""
    closure = AccountClosure.objects.filter(person=request.user).first()
    form = CloseAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and closure is None and form.is_valid():
        closure = services.closure_request(person=request.user)
        messages.success(
            request,
            _(
                "Your account will close on %(date)s. Until then you can sign in and change "
                "your mind on this page."
            )
            % {"date": date_format(closure.closes_on, "DATE_FORMAT")},
        )
        return redirect("certification:privacy_home")
    return render(
        request,
        "certification/privacy/account_close.html",
        {"form": form, "closure": closure, "grace_days": services.grace_days()},
    )


@login_required
@require_POST
def account_close_cancel(request):
    if services.closure_cancel(person=request.user):
        messages.success(request, _("Your account stays open. Nothing was deleted."))
    return redirect("certification:privacy_home")


# ------------------------------------------------------------------------------
# Staff: a copy for a trainee who has no email address
# ------------------------------------------------------------------------------
@role_required(*STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def staff_export(request, pk):
    person = get_object_or_404(
        access.people_visible_to(request.user).filter(
            memberships__role=Role.TRAINEE, email__isnull=True
        ),
        pk=pk,
    )
    if not access.is_staff_for_person(request.user, person):
        raise Http404
    form = ReasonForm(
        request.POST if request.method == "POST" else None,
        label=_("Why you are preparing this copy"),
        help_text=_("For example: the trainee asked for it at the office on 3 March."),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.export_request(
                person=person, requested_by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The copy is being prepared. It appears below."))
            return redirect(reverse("certification:staff_export", args=[person.pk]))
    return render(
        request,
        "certification/privacy/staff_export.html",
        {
            "person": person,
            "form": form,
            "exports": _exports_of(person=person, requested_by=request.user),
            "export_days": services.export_days(),
        },
    )
