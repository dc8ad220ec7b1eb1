"""Pages for exams and attestations: the trainee signs and sends, staff record and verify.

Thin: scope from ``evidence_selectors`` (someone else's record answers 404), writes through
``credentials.services``, errors back on the form with every value kept.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from certification.credentials import evidence_selectors as selectors
from certification.credentials import services
from certification.credentials.evidence import Attestation
from certification.credentials.forms import (
    CodeOfEthicsPublishForm,
    CodeOfEthicsSignForm,
    DiplomaForm,
    ExamFilterForm,
    ExamResultForm,
    JobRoleForm,
    LivedExperienceForm,
)
from certification.forms import decline_reason_form
from certification.rules.kinds import AttestationKind
from lms import access
from lms.accounts.models import STAFF_ROLES, Role
from lms.decorators import role_required
from lms.private_files import private_file_response
from lms.service_errors import error_text, service_attempt

PER_PAGE = 25


# ------------------------------------------------------------------------------
# The trainee
# ------------------------------------------------------------------------------
@role_required(Role.TRAINEE)
def code_of_ethics_sign(request):
    organization = selectors.trainee_organization(request.user)
    if organization is None:
        raise Http404
    code = services.code_of_ethics_current(organization=organization)
    signed = (
        selectors.attestations_own(request.user)
        .filter(code_of_ethics=code)
        .order_by("-attested_on", "-pk")
        .first()
    )
    form = CodeOfEthicsSignForm()
    status = 200
    if request.method == "POST":
        form = CodeOfEthicsSignForm(request.POST)
        if form.is_valid() and service_attempt(
            form,
            lambda data: services.code_of_ethics_sign(
                person=request.user,
                code=code,
                signature=data["signature"],
                attested=data["attestation"],
            ),
        ):
            messages.success(request, _("You signed the code of ethics. It now counts."))
            return redirect("certification:credentials_home")
        status = 400
    return render(
        request,
        "certification/evidence/code_of_ethics_sign.html",
        {"code": code, "signed": signed, "form": form, "organization": organization},
        status=status,
    )


@role_required(Role.TRAINEE)
def diploma_attest(request):
    form = DiplomaForm()
    status = 200
    if request.method == "POST":
        form = DiplomaForm(request.POST, request.FILES)
        if form.is_valid() and service_attempt(
            form,
            lambda data: services.diploma_attest(
                person=request.user,
                detail=data["detail"],
                document=data.get("document"),
                signature=data["signature"],
                attested=data["attestation"],
            ),
        ):
            messages.success(request, _("Your diploma is recorded. It now counts."))
            return redirect("certification:credentials_home")
        status = 400
    attestations = selectors.attestations_own(request.user).filter(kind=AttestationKind.DIPLOMA)
    return render(
        request,
        "certification/evidence/diploma.html",
        {"form": form, "attestations": attestations},
        status=status,
    )


@role_required(Role.TRAINEE)
def lived_experience_attest(request):
    form = LivedExperienceForm()
    status = 200
    if request.method == "POST":
        form = LivedExperienceForm(request.POST)
        if form.is_valid() and service_attempt(
            form,
            lambda data: services.lived_experience_attest(person=request.user, affirmed=True),
        ):
            messages.success(request, _("Recorded. Only you and the staff reviewing see it."))
            return redirect("certification:credentials_home")
        status = 400
    return render(
        request, "certification/evidence/lived_experience.html", {"form": form}, status=status
    )


@role_required(Role.TRAINEE)
def attestation_copy(request, pk):
    attestation = get_object_or_404(
        selectors.attestations_own(request.user).exclude(document=""), pk=pk
    )
    return _copy_response(attestation)


@role_required(*STAFF_ROLES)
def staff_attestation_copy(request, pk):
    """The copy of a diploma, for staff of the person's organisation (their packet lists it)."""
    attestation = get_object_or_404(
        Attestation.objects.filter(person__in=selectors.trainees_for_staff(request.user)).exclude(
            document=""
        ),
        pk=pk,
    )
    return _copy_response(attestation)


def _copy_response(attestation: Attestation):
    return private_file_response(
        attestation.document, download_name=f"diploma-{attestation.pk}", inline=True
    )


@role_required(Role.TRAINEE)
def exam_results(request):
    """The person's exam results, and the form to send a score report."""
    exams = services.known_exam_choices()
    form = ExamResultForm(exams=exams, initial={"exam_code": request.GET.get("exam", "")})
    status = 200
    if request.method == "POST":
        form = ExamResultForm(request.POST, request.FILES, exams=exams)
        if form.is_valid() and service_attempt(
            form,
            lambda data: services.exam_result_submit(
                person=request.user,
                exam_code=data["exam_code"],
                taken_on=data["taken_on"],
                score=data["score"],
                score_report=data["score_report"],
            ),
        ):
            messages.success(
                request,
                _("Score report sent. Staff of your organisation will check it; then it counts."),
            )
            return redirect("certification:exam_results")
        status = 400
    names = dict(exams)
    results = [
        (result, names.get(result.exam_code, result.exam_code))
        for result in selectors.exam_results_own(request.user).select_related("reviewed_by")
    ]
    return render(
        request,
        "certification/evidence/exam_results.html",
        {"form": form, "results": results},
        status=status,
    )


@role_required(Role.TRAINEE)
def exam_report(request, pk):
    result = get_object_or_404(
        selectors.exam_results_own(request.user).exclude(score_report=""), pk=pk
    )
    return private_file_response(
        result.score_report, download_name=f"score-report-{result.pk}", inline=True
    )


# ------------------------------------------------------------------------------
# Staff: exam results, job descriptions, the code of ethics
# ------------------------------------------------------------------------------
@role_required(*STAFF_ROLES)
def staff_exams(request):
    filter_form = ExamFilterForm(request.GET or None)
    status = filter_form.cleaned_data["status"] if filter_form.is_valid() else ""
    queryset = selectors.exam_review_queue(user=request.user, status=status)
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "certification/evidence/staff_exams.html",
        {
            "filter_form": filter_form,
            "page_obj": page,
            "query": query.urlencode(),
            "exam_names": dict(services.known_exam_choices()),
        },
    )


@role_required(*STAFF_ROLES)
def staff_exam_new(request):
    exams = services.known_exam_choices()
    people = selectors.trainees_for_staff(request.user)
    form = ExamResultForm(exams=exams, people=people, report_required=False)
    status = 200
    if request.method == "POST":
        form = ExamResultForm(
            request.POST, request.FILES, exams=exams, people=people, report_required=False
        )
        if form.is_valid() and service_attempt(
            form,
            lambda data: services.exam_result_record(
                person=data["person"],
                exam_code=data["exam_code"],
                taken_on=data["taken_on"],
                score=data["score"],
                score_report=data.get("score_report"),
                recorded_by=request.user,
            ),
        ):
            messages.success(request, _("Exam result recorded. It counts from now on."))
            return redirect("certification:staff_exams")
        status = 400
    return render(
        request, "certification/evidence/staff_exam_new.html", {"form": form}, status=status
    )


def _staff_exam(request, pk):
    return get_object_or_404(
        selectors.exam_review_queue(user=request.user).select_related("person"), pk=pk
    )


def _render_staff_exam(request, result, *, decline_form=None, status=200):
    return render(
        request,
        "certification/evidence/staff_exam.html",
        {
            "result": result,
            "exam_name": dict(services.known_exam_choices()).get(result.exam_code),
            "pass_score": services.exam_pass_score(result.exam_code),
            "decline_form": decline_form or decline_reason_form(),
        },
        status=status,
    )


@role_required(*STAFF_ROLES)
def staff_exam(request, pk):
    return _render_staff_exam(request, _staff_exam(request, pk))


@role_required(*STAFF_ROLES)
def staff_exam_report(request, pk):
    result = _staff_exam(request, pk)
    if not result.score_report:
        raise Http404
    return private_file_response(
        result.score_report, download_name=f"score-report-{result.pk}", inline=True
    )


@role_required(*STAFF_ROLES)
@require_POST
def staff_exam_verify(request, pk):
    result = _staff_exam(request, pk)
    try:
        services.exam_result_verify(result=result, reviewer=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Verified: this exam result now counts."))
    return redirect("certification:staff_exams")


@role_required(*STAFF_ROLES)
@require_POST
def staff_exam_decline(request, pk):
    result = _staff_exam(request, pk)
    form = decline_reason_form(request.POST)
    if form.is_valid() and service_attempt(
        form,
        lambda data: services.exam_result_decline(
            result=result, reviewer=request.user, reason=data["reason"]
        ),
    ):
        messages.success(request, _("Declined. The trainee sees your reason."))
        return redirect("certification:staff_exams")
    return _render_staff_exam(request, result, decline_form=form, status=400)


@role_required(*STAFF_ROLES, Role.SUPERVISOR)
def job_role_attest(request):
    people = selectors.people_for_job_attestation(request.user)
    form = JobRoleForm(people=people)
    status = 200
    if request.method == "POST":
        form = JobRoleForm(request.POST, people=people)
        if form.is_valid() and service_attempt(
            form,
            lambda data: services.job_role_attest(
                person=data["person"],
                actor=request.user,
                employer=data["employer"],
                job_title=data["job_title"],
                share_percent=data["share_percent"],
                signer_role=data["signer_role"],
                signature=data["signature"],
                attested=data["attestation"],
            ),
        ):
            messages.success(request, _("Job description attested. It counts from now on."))
            return redirect(request.path)
        status = 400
    return render(request, "certification/evidence/job_role.html", {"form": form}, status=status)


@role_required(*STAFF_ROLES)
def staff_code_of_ethics(request):
    organizations = list(access.staffed_organizations(request.user).order_by("name"))
    if not organizations:
        raise Http404
    chosen = request.GET.get("organization") or request.POST.get("organization")
    organization = next(
        (org for org in organizations if str(org.pk) == str(chosen)), organizations[0]
    )
    current = services.code_of_ethics_current(organization=organization)
    form = CodeOfEthicsPublishForm(initial={"text": current.text})
    status = 200
    if request.method == "POST":
        form = CodeOfEthicsPublishForm(request.POST)
        if form.is_valid() and service_attempt(
            form,
            lambda data: services.code_of_ethics_publish(
                organization=organization, text=data["text"], actor=request.user
            ),
        ):
            messages.success(request, _("Published. From today, trainees sign this new version."))
            return redirect(f"{request.path}?organization={organization.pk}")
        status = 400
    versions = organization.codes_of_ethics.select_related("published_by").order_by("-version")
    return render(
        request,
        "certification/evidence/staff_code_of_ethics.html",
        {
            "organization": organization,
            "organizations": organizations,
            "current": current,
            "versions": versions,
            "form": form,
            "signed_count": current.signatures.count(),
        },
        status=status,
    )
