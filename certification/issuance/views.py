"""Credential pages: the trainee's progress and application, staff review, certificates,
Open Badges and the public key. Thin: scope from credential_selectors, writes through
issuance_services.

Someone else's application or credential answers 404 (the scoped queryset does not find it).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from certification.credentials import selectors as credential_selectors
from certification.credentials.forms import BoardDecisionForm, EndorseForm
from certification.credentials.models import CredentialDefinition
from certification.forms import ReasonForm
from certification.issuance import open_badges, renewal
from certification.issuance import services as issuance_services
from certification.issuance.documents import CERTIFICATE_PDF_TEMPLATE, certificate_pdf_context
from certification.issuance.filters import IssuedCredentialFilter
from certification.issuance.forms import ApplicationApproveForm
from certification.issuance.models import (
    CredentialApplication,
    IssuedCredential,
    PacketStatus,
)
from lms import personal_pages
from lms.accounts.models import STAFF_ROLES, Organization, Role
from lms.decorators import role_required
from lms.pdf import document_language, pdf_response
from lms.private_files import private_file_response
from lms.service_errors import error_text as _error_text
from lms.service_errors import form_service_call

APPLICATIONS_PER_PAGE = 25


# ------------------------------------------------------------------------------
# Trainee: progress and applying
# ------------------------------------------------------------------------------
@personal_pages.kept_for_person()
@role_required(Role.TRAINEE)
def credentials_home(request):
    home = credential_selectors.credentials_home(user=request.user)
    return render(
        request,
        "certification/credentials_home.html",
        {
            "targeted": [item for item in home.progress if item.targeted],
            "others": [item for item in home.progress if not item.targeted],
            "credentials": home.credentials,
            "waiting": home.waiting,
        },
    )


@role_required(Role.TRAINEE)
@require_POST
def credential_apply(request, pk):
    definition = get_object_or_404(CredentialDefinition.objects.exclude(status="draft"), pk=pk)
    try:
        issuance_services.credential_application_submit(
            applicant=request.user, definition=definition
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _(
                "You applied for %(credential)s. Staff of your organisation will review it; "
                "you will see their decision here."
            )
            % {"credential": definition.name},
        )
    return redirect("certification:credentials_home")


@login_required
def credential_certificate_pdf(request, pk):
    """The certificate, with a QR code to /verify/<code>/ (holder and their staff)."""

    credential = get_object_or_404(
        credential_selectors.credentials_held_or_staffed(request.user), pk=pk
    )
    if not issuance_services.may_download_certificate(user=request.user, credential=credential):
        # No fresh copies of a revoked credential; staff still see what was issued.
        messages.error(request, _("This credential was revoked, so no certificate is issued."))
        return redirect("certification:credentials_home")
    return pdf_response(
        request,
        template=CERTIFICATE_PDF_TEMPLATE,
        context=certificate_pdf_context(credential=credential),
        filename=f"{credential.number}.pdf",
        language=document_language(request, holder=credential.holder),
    )


@role_required(Role.TRAINEE)
def credential_open_badge(request, pk):
    """The Open Badges 3.0 credential, signed (VC-JWT), for the holder's wallet."""
    credential = get_object_or_404(credential_selectors.badge_credentials(request.user), pk=pk)
    return open_badges.download_response(credential=credential)


def _wants_json(request) -> bool:
    accept = request.headers.get("Accept", "")
    return "json" in accept or request.GET.get("format") == "json"


def _json_ld(document: dict) -> JsonResponse:
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/ld+json"
    response["Vary"] = "Accept"
    return response


@require_GET
@cache_control(public=True, max_age=300)
def status_list(request, number):
    """A signed Bitstring Status List credential: the revocation bits of Open Badges."""
    from certification.issuance.status_list import LIST_SIZE

    last = IssuedCredential.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    if number < 1 or number > last // LIST_SIZE + 1:
        raise Http404
    return HttpResponse(
        open_badges.status_list_credential(number), content_type=open_badges.MEDIA_TYPE
    )


@require_GET
def issuer_profile(request, slug):
    """An issuing organisation's Open Badges Profile: JSON-LD when asked for JSON."""
    organization = get_object_or_404(Organization, slug=slug)
    profile = open_badges.issuer_profile(organization, open_badges.site_base())
    if _wants_json(request):
        return _json_ld(profile)
    response = render(request, "certification/issuer_profile.html", {"organization": organization})
    response["Vary"] = "Accept"
    return response


@require_GET
def achievement(request, code, version):
    """A credential version as an Open Badges Achievement: JSON-LD when asked for JSON."""
    definition = get_object_or_404(
        CredentialDefinition.objects.exclude(status="draft"), code=code, version=version
    )
    document = open_badges.achievement(definition, open_badges.site_base())
    if _wants_json(request):
        return _json_ld({"@context": open_badges.OB_CONTEXT, **document})
    response = render(
        request,
        "certification/achievement.html",
        {
            "definition": definition,
            "achievement": document,
            "alignments": [(a["targetUrl"].rsplit("#", 1)[1], a) for a in document["alignment"]],
        },
    )
    response["Vary"] = "Accept"
    return response


@require_GET
@cache_control(public=True, max_age=3600)
def jwks(request):
    """The platform's public signing key (documented in docs/credentials.md)."""
    return JsonResponse(open_badges.jwks())


# ------------------------------------------------------------------------------
# Staff: the review queue
# ------------------------------------------------------------------------------
@role_required(*STAFF_ROLES)
def staff_applications(request):
    filterset = credential_selectors.application_queue(user=request.user, data=request.GET)
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(queryset, APPLICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "certification/staff_applications.html",
        {"filter": filterset, "page_obj": page, "query": query.urlencode()},
    )


@role_required(*STAFF_ROLES)
def staff_issued_credentials(request):
    """Every credential the organisation issued, newest first: find one to revoke or check."""
    filterset = IssuedCredentialFilter(
        request.GET,
        queryset=credential_selectors.credentials_visible_to_staff(request.user).order_by(
            "-issued_on", "-pk"
        ),
    )
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(queryset, APPLICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "certification/staff_issued_credentials.html",
        {"filter": filterset, "page_obj": page, "query": query.urlencode()},
    )


def _staff_application(request, pk):
    return get_object_or_404(
        credential_selectors.applications_visible_to_staff(request.user), pk=pk
    )


def _render_application(request, application, *, status=200, **forms):
    issued = IssuedCredential.objects.filter(application=application).first()
    revoked = issuance_services.latest_revocation(
        person=application.applicant, code=application.definition.code
    )
    deciding = issuance_services.deciding_organization_id(application)
    context = {
        "application": application,
        "route": application.definition.route,
        "decides_here": issuance_services.may_review_applications_of(request.user, deciding),
        "may_revoke": issued is not None
        and issuance_services.may_review_applications_of(
            request.user, issuance_services.revoking_organization_id(issued)
        ),
        "endorse_form": forms.get("endorse_form") or EndorseForm(prefix="endorse"),
        "decision_form": forms.get("decision_form") or BoardDecisionForm(prefix="decision"),
        "earlier_revocation": revoked if revoked and revoked != issued else None,
        "results": application.results(),
        "issued": issued,
        "approve_form": forms.get("approve_form") or ApplicationApproveForm(prefix="approve"),
        "deny_form": forms.get("deny_form")
        or ReasonForm(
            prefix="deny",
            label=_("Why it is not approved"),
            help_text=_("The applicant reads this. Say what they can do next."),
        ),
        "revoke_form": forms.get("revoke_form")
        or ReasonForm(
            prefix="revoke",
            label=_("Why the credential is revoked"),
            help_text=_("Kept in the audit trail; the public verification page shows only "
                        "that it was revoked and when."),
        ),
    }  # fmt: skip
    return render(request, "certification/staff_application.html", context, status=status)


@role_required(*STAFF_ROLES)
def staff_application(request, pk):
    return _render_application(request, _staff_application(request, pk))


@role_required(*STAFF_ROLES)
@require_POST
def staff_application_approve(request, pk):
    application = _staff_application(request, pk)
    form = ApplicationApproveForm(request.POST, prefix="approve")
    if form.is_valid():
        try:
            credential = issuance_services.credential_application_approve(
                application=application, reviewer=request.user, note=form.cleaned_data["note"]
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(
                request,
                _("Approved. Credential %(number)s is issued to %(name)s.")
                % {"number": credential.number, "name": credential.holder_name},
            )
            return redirect("certification:staff_application", pk=application.pk)
    return _render_application(request, application, status=400, approve_form=form)


@role_required(*STAFF_ROLES)
@require_POST
def staff_application_endorse(request, pk):
    application = _staff_application(request, pk)
    form = EndorseForm(request.POST, prefix="endorse")
    if form_service_call(
        request,
        form,
        lambda data: issuance_services.credential_application_endorse(
            application=application,
            staff=request.user,
            signature=data["signature"],
            attested=data["attestation"],
        ),
        success=_("Endorsed. The application and its packet go to %(board)s.")
        % {"board": application.definition.issuing_body},
    ):
        return redirect("certification:staff_application", pk=application.pk)
    return _render_application(request, application, status=400, endorse_form=form)


@role_required(*STAFF_ROLES)
@require_POST
def staff_board_decision(request, pk):
    application = _staff_application(request, pk)
    form = BoardDecisionForm(request.POST, request.FILES, prefix="decision")
    if form_service_call(
        request,
        form,
        lambda data: issuance_services.credential_board_decision_record(
            application=application,
            staff=request.user,
            number=data["number"],
            issued_on=data["issued_on"],
            expires_on=data["expires_on"],
            letter=data["letter"],
        ),
        success=_("Recorded: the credential is held, issued by %(board)s.")
        % {"board": application.definition.issuing_body},
    ):
        return redirect("certification:staff_application", pk=application.pk)
    return _render_application(request, application, status=400, decision_form=form)


@role_required(Role.TRAINEE)
def decision_letter(request, pk):
    """The board's decision letter, for the holder of the credential it recorded."""
    credential = get_object_or_404(
        credential_selectors.own_credentials(request.user).exclude(decision_letter=""), pk=pk
    )
    return private_file_response(
        credential.decision_letter, download_name=f"decision-{credential.number}", inline=True
    )


@role_required(*STAFF_ROLES)
def staff_decision_letter(request, pk):
    credential = get_object_or_404(
        credential_selectors.credentials_visible_to_staff(request.user).exclude(decision_letter=""),
        pk=pk,
    )
    return private_file_response(
        credential.decision_letter, download_name=f"decision-{credential.number}", inline=True
    )


@role_required(*STAFF_ROLES)
@require_POST
def staff_application_deny(request, pk):
    application = _staff_application(request, pk)
    form = ReasonForm(request.POST, prefix="deny", label=_("Why it is not approved"))
    if form_service_call(
        request,
        form,
        lambda data: issuance_services.credential_application_deny(
            application=application, reviewer=request.user, reason=data["reason"]
        ),
        success=_("The application is marked as not approved."),
    ):
        return redirect("certification:staff_application", pk=application.pk)
    return _render_application(request, application, status=400, deny_form=form)


@role_required(*STAFF_ROLES)
@require_POST
def staff_credential_revoke(request, pk):
    credential = get_object_or_404(
        credential_selectors.credentials_visible_to_staff(request.user), pk=pk
    )
    form = ReasonForm(request.POST, prefix="revoke", label=_("Why the credential is revoked"))
    if form_service_call(
        request,
        form,
        lambda data: issuance_services.issued_credential_revoke(
            credential=credential, actor=request.user, reason=data["reason"]
        ),
        success=_("Credential %(number)s is revoked. The verification page shows it now.")
        % {"number": credential.number},
    ):
        return redirect("certification:staff_application", pk=credential.application_id)
    return _render_application(
        request,
        _staff_application(request, credential.application_id),
        status=400,
        revoke_form=form,
    )


# ------------------------------------------------------------------------------
# The application packet (built by a Celery task)
# ------------------------------------------------------------------------------
def _packet_application(request, pk):
    """The applicant themself, or staff of the application's organisation."""
    return get_object_or_404(
        credential_selectors.applications_visible_to_staff(request.user)
        | CredentialApplication.objects.filter(applicant=request.user),
        pk=pk,
    )


@login_required
def application_packet_status(request, pk):
    """The packet's state, polled by htmx while it is being prepared."""
    application = _packet_application(request, pk)
    return render(request, "certification/_packet_status.html", {"application": application})


@login_required
def application_packet(request, pk):
    application = _packet_application(request, pk)
    if application.packet_status != PacketStatus.READY or not application.packet:
        raise Http404
    return private_file_response(
        application.packet, download_name=f"application-packet-{application.pk}"
    )


# ------------------------------------------------------------------------------
# Holder: renewing
# ------------------------------------------------------------------------------
@login_required
def credential_renew(request, pk):
    """This cycle's continuing education against the renewal rules, and applying to renew."""
    credential = get_object_or_404(
        credential_selectors.own_credentials(request.user).select_related(
            "application__organization"
        ),
        pk=pk,
    )
    if request.method == "POST":
        try:
            renewal.credential_renewal_submit(holder=request.user, credential=credential)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request,
                _("You applied to renew. Staff of your organisation will review it."),
            )
        return redirect("certification:credential_renew", pk=credential.pk)
    state = renewal.renewal_state(credential=credential)
    return render(
        request,
        "certification/credential_renew.html",
        {"credential": credential, "state": state},
    )
