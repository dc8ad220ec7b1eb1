"""Pages for supervised practice: the trainee's log, agreements and sessions. Thin:
scope from selectors, writes through services."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from certification import audit, notices
from certification.spreadsheets import csv_safe
from certification.supervision import selectors, services, sessions
from certification.supervision.documents import HOURS_LOG_PDF_TEMPLATE, hours_log_pdf_context
from certification.supervision.forms import (
    IDENTIFIERS_CONFIRMED,
    AgreementForm,
    AgreementSignatureForm,
    PracticeEntryForm,
    StaffAgreementForm,
    SupervisionSessionForm,
    apply_service_errors,
    error_text,
)
from certification.supervision.models import (
    ActivityType,
    EntryStatus,
    Modality,
    PracticeSetting,
    SessionAttendance,
)
from certification.templatetags.hours import day, hours
from curriculum.input_limits import ids_from
from curriculum.models import CompetencyDomain
from lms import access, personal_pages
from lms.accounts.models import STAFF_ROLES, Role
from lms.decorators import role_required
from lms.learning.cache import curriculum_snapshot
from lms.links import link_for_each
from lms.pdf import document_language, pdf_response

ENTRIES_PER_PAGE = selectors.PRACTICE_ENTRIES_PER_PAGE


# Choice labels for list rows: a dict lookup per row, not get_FOO_display(), which rebuilds and
# hashes every choice's lazy label on each call.
_SETTING_LABELS = dict(PracticeSetting.choices)


_ACTIVITY_LABELS = dict(ActivityType.choices)


_MODALITY_LABELS = dict(Modality.choices)


_STATUS_LABELS = dict(EntryStatus.choices)


# ------------------------------------------------------------------------------
# The trainee's practice log
# ------------------------------------------------------------------------------
class _FirstPage:
    """The first page of entries as read with the rest of the page, for the paginator: its
    number of entries is known, so it asks no count."""

    def __init__(self, entries: list, count: int):
        self.entries, self.total = entries, count

    def count(self) -> int:
        return self.total

    def __getitem__(self, window: slice) -> list:
        if window.start:  # only the first page is in hand
            raise IndexError(window)
        return self.entries[window]


def _entry_rows(entries, agreements) -> None:
    """What each row of the entries list shows, worked out once per page rather than by the
    template in each row: its status, day and hours as text, its domain's name (from the shared
    curriculum), its supervisor's (from the person's ``agreements``), the link to it."""
    link = link_for_each("certification:practice_entry_edit")
    domains = {domain.pk: domain for domain in curriculum_snapshot().domains}
    supervisors = {agreement.pk: agreement.supervisor for agreement in agreements}
    names: dict[int, str] = {}
    for entry in entries:
        entry.status_label = _STATUS_LABELS.get(entry.status, entry.status)
        entry.editable = entry.is_editable
        entry.day_text, entry.hours_text = day(entry.date), hours(entry.duration_hours)
        if entry.domain_id not in names:
            domain = domains.get(entry.domain_id) or entry.domain  # added a moment ago: read it
            names[entry.domain_id] = CompetencyDomain.label(
                name=domain.name, framework=domain.framework
            )
        entry.domain_name = names[entry.domain_id]
        if entry.review_comment:
            supervisor = supervisors.get(entry.agreement_id) or entry.agreement.supervisor
            entry.supervisor_name = str(supervisor)
        entry.link = link(entry.pk)


def _render_practice_home(request, *, entry_form=None, status=200):
    trainee = request.user
    home = selectors.practice_home(trainee=trainee)
    agreements = home.agreements
    signed = [agreement for agreement in agreements if agreement.is_fully_signed]
    if entry_form is None:
        entry_form = PracticeEntryForm(
            trainee=trainee,
            agreements=signed,
            initial={"date": timezone.localdate(), **home.last_entry},  # quick entry remembers
            targeted_codes=home.targeted_codes,
        )
    page_number = request.GET.get("page")
    if page_number in (None, "", "1"):
        entries = _FirstPage(home.entries, home.entry_count)
    else:
        entries = selectors.trainee_entries(trainee=trainee)
    entries_page = Paginator(entries, ENTRIES_PER_PAGE).get_page(page_number)
    _entry_rows(entries_page.object_list, agreements)
    context = {
        "summary": home.summary,
        "agreements": agreements,
        "signed_agreements": signed,
        "unsigned_agreements": [a for a in agreements if not a.trainee_signed_at],
        "sessions_to_confirm": home.sessions_to_confirm,
        "entry_form": entry_form,
        "entries_page": entries_page,
        "notices": home.notices,
    }
    return render(request, "certification/practice_home.html", context, status=status)


@personal_pages.kept_for_person()
@role_required(Role.TRAINEE)
def practice_home(request):
    return _render_practice_home(request)


@role_required(Role.TRAINEE)
@require_POST
def practice_entry_create(request):
    trainee = request.user
    signed = [
        agreement
        for agreement in selectors.trainee_agreements(trainee=trainee)
        if agreement.is_fully_signed
    ]
    form = PracticeEntryForm(request.POST, trainee=trainee, agreements=signed)
    if form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.practice_entry_create(
                trainee=trainee,
                date=data["date"],
                duration_hours=data["duration_hours"],
                domain=data["domain"],
                setting=data["setting"],
                activity_type=data["activity_type"],
                modality=data["modality"],
                description=data["description"],
                agreement=data.get("agreement"),
                submit=request.POST.get("action") == "submit",
                identifiers_confirmed=bool(data.get(IDENTIFIERS_CONFIRMED)),
                client_key=data.get("client_key"),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if _wants_json(request):
                return JsonResponse(
                    {"id": entry.pk, "status": entry.status, "date": entry.date.isoformat()},
                    status=201,
                )
            if entry.status == EntryStatus.SUBMITTED:
                message = _("Saved and sent to %(supervisor)s for sign-off.")
            else:
                message = _("Saved as a draft. Send it to %(supervisor)s when you are ready.")
            messages.success(request, message % {"supervisor": entry.agreement.supervisor})
            return redirect("certification:practice_home")
    if _wants_json(request):
        # An entry kept on the phone while offline, refused now: the reasons, by field, for
        # the phone to show beside what the person typed (static/js/hours-queue.js).
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    return _render_practice_home(request, entry_form=form, status=400)


def _wants_json(request) -> bool:
    """The offline queue sends entries with fetch and asks for JSON; a form post asks for HTML."""
    return "application/json" in request.headers.get("Accept", "")


@role_required(Role.TRAINEE)
@require_http_methods(["GET", "POST"])
def practice_entry_edit(request, pk):
    trainee = request.user
    entry = get_object_or_404(
        selectors.own_entries(trainee).select_related("agreement__supervisor", "domain"), pk=pk
    )
    signed = [
        agreement
        for agreement in selectors.trainee_agreements(trainee=trainee)
        if agreement.is_fully_signed
    ]
    form = PracticeEntryForm(
        request.POST if request.method == "POST" else None,
        instance=entry,
        trainee=trainee,
        agreements=signed,
    )
    if "agreement" in form.fields:
        del form.fields["agreement"]  # an entry stays with the agreement it was logged under
    if request.method == "POST" and entry.is_editable and form.is_valid():
        try:
            entry = services.practice_entry_update(
                entry=entry,
                trainee=trainee,
                submit=request.POST.get("action") == "submit",
                identifiers_confirmed=bool(form.cleaned_data.get(IDENTIFIERS_CONFIRMED)),
                **{name: form.cleaned_data[name] for name in services.ENTRY_FIELDS},
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if request.POST.get("action") == "submit":
                message = _("Sent to %(supervisor)s for sign-off.") % {
                    "supervisor": entry.agreement.supervisor
                }
            else:
                message = _("Your changes are saved.")
            messages.success(request, message)
            return redirect("certification:practice_home")
    status = 400 if form.is_bound and form.errors else 200
    history = selectors.audit_history(target=entry)
    return render(
        request,
        "certification/practice_entry_edit.html",
        {"entry": entry, "form": form, "history": history},
        status=status,
    )


@role_required(Role.TRAINEE)
@require_POST
def practice_entries_submit(request):
    ids = ids_from(request.POST.getlist("entries"))
    try:
        entries = services.practice_entries_submit(trainee=request.user, entry_ids=ids)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("%(count)d entries sent for sign-off.") % {"count": len(entries)}
            if len(entries) != 1
            else _("1 entry sent for sign-off."),
        )
    return redirect("certification:practice_home")


@role_required(Role.TRAINEE)
@require_POST
def practice_entry_correct(request, pk):
    entry = get_object_or_404(selectors.own_entries(request.user), pk=pk)
    try:
        correction = services.practice_entry_correct(entry=entry, trainee=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("certification:practice_home")
    messages.info(
        request,
        _(
            "This is a correction of your signed entry. The signed entry stays as it is; once "
            "your supervisor approves the correction, it counts instead."
        ),
    )
    return redirect("certification:practice_entry_edit", pk=correction.pk)


@role_required(Role.TRAINEE)
@require_POST
def session_confirm(request, pk):
    attendance = get_object_or_404(SessionAttendance.objects.filter(trainee=request.user), pk=pk)
    try:
        sessions.session_attendance_confirm(attendance=attendance, trainee=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Thank you. The supervision hours now count."))
    return redirect("certification:practice_home")


@role_required(Role.TRAINEE)
def hours_csv(request):
    """The trainee's entries as a spreadsheet (cells that look like formulas are defused)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="supervised-hours.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Date"),
            _("Hours"),
            _("Competency domain"),
            _("Setting"),
            _("Activity"),
            _("How"),
            _("Description"),
            _("Status"),
            _("Supervisor"),
            _("Signed by"),
            _("Credential"),
            _("Credential number"),
            _("Signed at"),
            _("Corrects entry"),
        ]
    )
    entries = (
        selectors.own_entries(request.user)
        .select_related("domain", "agreement__supervisor")
        .order_by("date", "pk")
    )
    for entry in entries.iterator(chunk_size=500):
        writer.writerow(
            [
                csv_safe(value)
                for value in (
                    entry.date.isoformat(),
                    str(entry.duration_hours),
                    str(entry.domain),
                    entry.get_setting_display(),
                    entry.get_activity_type_display(),
                    entry.get_modality_display(),
                    entry.description,
                    entry.get_status_display(),
                    str(entry.agreement.supervisor),
                    entry.signature,
                    entry.signed_credential_name,
                    entry.signed_credential_number,
                    timezone.localtime(entry.reviewed_at).isoformat()
                    if entry.status == EntryStatus.APPROVED
                    else "",
                    str(entry.corrects_id or ""),
                )
            ]
        )
    return response


@role_required(Role.TRAINEE)
def hours_pdf(request):
    """The printable supervised-hours log a credential board asks for."""

    trainee = request.user
    return pdf_response(
        request,
        template=HOURS_LOG_PDF_TEMPLATE,
        context=hours_log_pdf_context(trainee=trainee),
        filename=f"supervised-hours-{timezone.localdate().isoformat()}.pdf",
        language=document_language(request, holder=trainee),
        inline=True,
    )


@role_required(Role.TRAINEE, Role.SUPERVISOR)
@require_POST
def notices_read(request):
    notices.notices_mark_read(recipient=request.user)
    return _redirect_back(request, fallback=reverse("certification:practice_home"))


# ------------------------------------------------------------------------------
# Agreements (both sides)
# ------------------------------------------------------------------------------
@role_required(Role.TRAINEE, Role.SUPERVISOR)
@require_http_methods(["GET", "POST"])
def agreement_sign(request, pk):
    # Its two sides only (staff prepare agreements, they do not sign them), through the scope:
    # a supervisor no longer sees an agreement whose grace period is over.
    agreement = get_object_or_404(
        selectors.agreements_visible_to(request.user)
        .filter(Q(trainee=request.user) | Q(supervisor=request.user))
        .select_related("trainee", "supervisor", "organization"),
        pk=pk,
    )
    as_trainee = agreement.trainee_id == request.user.pk
    form = AgreementSignatureForm(
        request.POST if request.method == "POST" else None, as_trainee=as_trainee
    )
    already = agreement.trainee_signed_at if as_trainee else agreement.supervisor_signed_at
    if request.method == "POST" and not already and form.is_valid():
        try:
            services.agreement_sign(
                agreement=agreement,
                signer=request.user,
                signature=form.cleaned_data["signature"],
                attested=form.cleaned_data["attestation"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("You signed the supervision agreement."))
            home = "certification:practice_home" if as_trainee else "certification:supervise_home"
            return redirect(home)
    return render(
        request,
        "certification/agreement_sign.html",
        {"agreement": agreement, "form": form, "as_trainee": as_trainee, "already": already},
        status=400 if form.is_bound and form.errors else 200,
    )


def _redirect_back(request, *, fallback: str):
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


# ------------------------------------------------------------------------------
# The supervisor's agreements and sessions
# ------------------------------------------------------------------------------
@role_required(Role.SUPERVISOR)
@require_http_methods(["GET", "POST"])
def agreement_new(request):
    """A supervisor proposes an agreement to a trainee named by email address (and signs it)."""
    supervisor = request.user
    form = AgreementForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement = services.agreement_propose(
                supervisor=supervisor,
                trainee_email=data["trainee_email"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                credential_name=data["credential_name"],
                credential_number=data["credential_number"],
                credential_expires_on=data["credential_expires_on"],
                signature=data["signature"],
                attested=data["attestation"],
            )
        except ValidationError as error:
            apply_service_errors(
                form, error, field_names={**AGREEMENT_FIELD_NAMES, "trainee": "trainee_email"}
            )
        else:
            messages.success(
                request,
                _("Agreement signed. %(trainee)s will be asked to sign it too.")
                % {"trainee": agreement.trainee},
            )
            return redirect("certification:supervise_home")
    return render(
        request,
        "certification/agreement_form.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@role_required(Role.SUPERVISOR)
@require_http_methods(["GET", "POST"])
def session_new(request):
    supervisor = request.user
    form = SupervisionSessionForm(
        request.POST if request.method == "POST" else None,
        trainees=selectors.supervisable_trainees(supervisor).order_by("display_name", "pk"),
        initial={"date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sessions.supervision_session_record(
                supervisor=supervisor,
                date=data["date"],
                duration_hours=data["duration_hours"],
                format=data["format"],
                modality=data["modality"],
                domains=data["domains"],
                trainees=list(data["trainees"]),
                notes=data["notes"],
                identifiers_confirmed=bool(data.get(IDENTIFIERS_CONFIRMED)),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Session recorded. Each trainee present is asked to confirm it."),
            )
            return redirect("certification:supervise_home")
    return render(
        request,
        "certification/session_form.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


# ------------------------------------------------------------------------------
# Staff: agreements and the audit trail's health
# ------------------------------------------------------------------------------
AGREEMENT_FIELD_NAMES = {
    "supervisor_credential_name": "credential_name",
    "supervisor_credential_number": "credential_number",
    "supervisor_credential_expires_on": "credential_expires_on",
}


@role_required(*STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def staff_agreement_new(request):
    staff = request.user
    form = StaffAgreementForm(
        request.POST if request.method == "POST" else None,
        organizations=access.staffed_organizations(staff),
        trainees=selectors.organization_members_with_role(staff, Role.TRAINEE),
        supervisors=selectors.organization_members_with_role(staff, Role.SUPERVISOR),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement = services.agreement_create(
                created_by=staff,
                organization=data["organization"],
                trainee=data["trainee"],
                supervisor=data["supervisor"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                credential_name=data["credential_name"],
                credential_number=data["credential_number"],
                credential_expires_on=data["credential_expires_on"],
            )
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            apply_service_errors(form, error, field_names=AGREEMENT_FIELD_NAMES)
        else:
            messages.success(
                request,
                _("Agreement prepared. %(trainee)s and %(supervisor)s are asked to sign it.")
                % {"trainee": agreement.trainee, "supervisor": agreement.supervisor},
            )
            return redirect("lms:staff_home")
    return render(
        request,
        "certification/staff_agreement_form.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


# ------------------------------------------------------------------------------
# Staff: the audit trail's health
# ------------------------------------------------------------------------------
@role_required(*STAFF_ROLES)
def audit_verify(request):
    report = audit.verify_chain()
    broken = None
    if report.broken_event_id:
        from certification.models import AuditEvent

        broken = AuditEvent.objects.filter(pk=report.broken_event_id).first()
    return render(
        request,
        "certification/audit_verify.html",
        {
            "report": report,
            "broken": broken,
            # The chain spans every organisation, so only superusers see who did what.
            "recent": selectors.recent_audit_events() if request.user.is_superuser else [],
        },
    )
