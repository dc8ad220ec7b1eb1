"""Pages for supervisors' qualifying credentials: the supervisor adds one with proof; staff of
the organisation verify it or decline it. Someone else's record answers 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from certification.forms import ReasonForm
from certification.supervision import qualification_services as services
from certification.supervision.forms import QualificationForm
from certification.supervision.qualifications import (
    SupervisorQualification,
    supervisor_qualified_through,
)
from lms import access
from lms.accounts.models import STAFF_ROLES, Role
from lms.decorators import role_required
from lms.private_files import private_file_response
from lms.service_errors import error_text, service_attempt


@role_required(Role.SUPERVISOR)
def supervisor_qualifications(request):
    organization = (
        access.organizations_where(request.user, Role.SUPERVISOR).order_by("name").first()
    )
    if organization is None:
        raise Http404
    form = QualificationForm()
    status = 200
    if request.method == "POST":
        form = QualificationForm(request.POST, request.FILES)
        if form.is_valid() and service_attempt(
            form,
            lambda data: services.qualification_submit(
                supervisor=request.user, organization=organization, **data
            ),
        ):
            messages.success(
                request,
                _("Added. Staff of %(organization)s will check it.")
                % {"organization": organization.name},
            )
            return redirect("certification:supervisor_qualifications")
        status = 400
    return render(
        request,
        "certification/supervisor_qualifications.html",
        {
            "form": form,
            "qualifications": SupervisorQualification.objects.filter(supervisor=request.user),
            "qualified_through": supervisor_qualified_through(request.user),
        },
        status=status,
    )


@role_required(Role.SUPERVISOR)
def supervisor_qualification_proof(request, pk):
    qualification = get_object_or_404(
        SupervisorQualification.objects.filter(supervisor=request.user).exclude(proof=""), pk=pk
    )
    return private_file_response(
        qualification.proof, download_name=f"credential-{qualification.pk}", inline=True
    )


def _staff_scope(user):
    if user.is_superuser:
        return SupervisorQualification.objects.all()
    return SupervisorQualification.objects.filter(
        organization__in=access.staffed_organizations(user)
    ).exclude(supervisor=user)


@role_required(*STAFF_ROLES)
def staff_qualifications(request, *, decline_form=None, declining=None, status=200):
    qualifications = (
        _staff_scope(request.user)
        .select_related("supervisor", "organization", "reviewed_by")
        .order_by("status", "expires_on", "pk")[:200]
    )
    return render(
        request,
        "certification/staff_qualifications.html",
        {"qualifications": qualifications, "decline_form": decline_form, "declining": declining},
        status=status,
    )


@role_required(*STAFF_ROLES)
def staff_qualification_proof(request, pk):
    qualification = get_object_or_404(_staff_scope(request.user).exclude(proof=""), pk=pk)
    return private_file_response(
        qualification.proof, download_name=f"credential-{qualification.pk}", inline=True
    )


@role_required(*STAFF_ROLES)
@require_POST
def staff_qualification_verify(request, pk):
    qualification = get_object_or_404(_staff_scope(request.user), pk=pk)
    try:
        services.qualification_verify(qualification=qualification, reviewer=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("Verified: %(name)s can sign hours until %(date)s.")
            % {
                "name": qualification.supervisor.display_name,
                "date": date_format(qualification.expires_on, "DATE_FORMAT"),
            },
        )
    return redirect("certification:staff_qualifications")


@role_required(*STAFF_ROLES)
@require_POST
def staff_qualification_decline(request, pk):
    qualification = get_object_or_404(_staff_scope(request.user), pk=pk)
    form = ReasonForm(request.POST, prefix=f"decline-{pk}", label=_("Why it is not accepted"))
    if form.is_valid():
        try:
            services.qualification_decline(
                qualification=qualification,
                reviewer=request.user,
                reason=form.cleaned_data["reason"],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Declined. The supervisor sees your reason."))
            return redirect("certification:staff_qualifications")
    return staff_qualifications(request, decline_form=form, declining=qualification.pk, status=400)
