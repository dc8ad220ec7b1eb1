"""Pages for training taken elsewhere: the trainee's list and form, the staff review list.

Thin: scope from ``external_training`` (someone else's record answers 404), writes through its
services, errors back on the form with every value kept.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from certification.external_training import selectors as services
from certification.external_training import services as services_services
from certification.external_training.forms import ExternalTrainingFilterForm, ExternalTrainingForm
from certification.external_training.models import ExternalTraining
from certification.forms import decline_reason_form
from curriculum.models import CompetencyDomain, Topic
from lms.accounts.models import STAFF_ROLES, Role
from lms.decorators import role_required
from lms.private_files import private_file_response
from lms.service_errors import error_text, form_service_call, service_attempt

PER_PAGE = 25


def _training_form(*args, **kwargs) -> ExternalTrainingForm:
    return ExternalTrainingForm(
        *args,
        domains=CompetencyDomain.objects.order_by("framework", "sort_order", "name"),
        topics=Topic.objects.order_by("sort_order", "name"),
        **kwargs,
    )


@role_required(Role.TRAINEE)
def training_home(request):
    """The trainee's training taken elsewhere, and the form to add one."""
    form = _training_form()
    status = 200
    if request.method == "POST":
        form = _training_form(request.POST, request.FILES)
        if form.is_valid() and service_attempt(
            form,
            lambda data: services_services.external_training_add(
                person=request.user,
                provider=data["provider"],
                title=data["title"],
                date=data["date"],
                hours=data["hours"],
                modality=data["modality"],
                certificate=data["certificate"],
                domain_hours=form.domain_hours(),
                topic_hours=form.topic_hours(),
            ),
        ):
            messages.success(
                request,
                _("Training added. Staff of your organisation will check the certificate."),
            )
            return redirect("certification:training_home")
        status = 400
    trainings = (
        services.external_training_own(request.user)
        .select_related("reviewed_by")
        .order_by("-date", "-pk")
    )
    return render(
        request,
        "certification/training_home.html",
        {"form": form, "trainings": trainings},
        status=status,
    )


def _certificate_response(training: ExternalTraining):
    """Shown in the browser (a PDF or a photo); the stored name is random, so the saved copy
    is named after the training."""
    return private_file_response(
        training.certificate,
        download_name=f"certificate-{slugify(training.title) or training.pk}",
        inline=True,
    )


@role_required(Role.TRAINEE)
def training_certificate(request, pk):
    training = get_object_or_404(services.external_training_own(request.user), pk=pk)
    return _certificate_response(training)


@role_required(*STAFF_ROLES)
def staff_training_list(request):
    filter_form = ExternalTrainingFilterForm(request.GET or None)
    status = filter_form.cleaned_data["status"] if filter_form.is_valid() else ""
    queryset = services.external_training_review_queue(user=request.user, status=status)
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "certification/staff_training_list.html",
        {"filter_form": filter_form, "page_obj": page, "query": query.urlencode()},
    )


def _staff_training(request, pk) -> ExternalTraining:
    return get_object_or_404(services.external_training_review_queue(user=request.user), pk=pk)


def _render_staff_training(request, training, *, decline_form=None, status=200):
    return render(
        request,
        "certification/staff_training.html",
        {
            "training": training,
            "decline_form": decline_form or decline_reason_form(),
        },
        status=status,
    )


@role_required(*STAFF_ROLES)
def staff_training(request, pk):
    return _render_staff_training(request, _staff_training(request, pk))


@role_required(*STAFF_ROLES)
def staff_training_certificate(request, pk):
    return _certificate_response(_staff_training(request, pk))


@role_required(*STAFF_ROLES)
@require_POST
def staff_training_verify(request, pk):
    training = _staff_training(request, pk)
    try:
        services_services.external_training_verify(training=training, reviewer=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Verified: these hours now count."))
    return redirect("certification:staff_training_list")


@role_required(*STAFF_ROLES)
@require_POST
def staff_training_decline(request, pk):
    training = _staff_training(request, pk)
    form = decline_reason_form(request.POST)
    if form_service_call(
        request,
        form,
        lambda data: services_services.external_training_decline(
            training=training, reviewer=request.user, reason=data["reason"]
        ),
        success=_("Declined. The trainee sees your reason."),
    ):
        return redirect("certification:staff_training_list")
    return _render_staff_training(request, training, decline_form=form, status=400)
