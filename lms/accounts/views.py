"""Staff home, invitations, sign-in codes, the person's account and access tokens. Thin:
rules live in lms/accounts/services.py (writes) and lms/accounts/selectors.py (reads)."""

import datetime
import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import i18n
from django.views.decorators.http import require_http_methods, require_POST

from lms import access, home_panels, personal_pages
from lms.accounts import selectors, services, throttles
from lms.accounts.adapters import home_url_for
from lms.accounts.code_sessions import code_session_start
from lms.accounts.forms import (
    AccessTokenForm,
    BadgeIdentityForm,
    InvitationAcceptForm,
    InvitationForm,
    JoinRequestForm,
    OrganizationCertificateForm,
    SelfDescriptionForm,
    SignInCodeForm,
    TraineeWithoutEmailForm,
)
from lms.accounts.models import (
    STAFF_ROLES,
    JoinRequest,
    PersonalAccessToken,
    Role,
    SelfDescription,
    User,
)
from lms.decorators import role_required
from lms.service_errors import apply_service_errors, form_service_call


def _staff_forms(request, *, invite_data=None, trainee_data=None):
    organizations = access.staffed_organizations(request.user)
    return {
        "invite_form": InvitationForm(invite_data, organizations=organizations),
        "trainee_form": TraineeWithoutEmailForm(trainee_data, organizations=organizations),
    }


def _render_staff_home(request, *, status=200, **bound_forms):
    """The staff home; a form that failed is passed in bound, so its errors and input show."""
    people = Paginator(selectors.organization_people(viewer=request.user), 50)
    context = {
        "people_page": people.get_page(request.GET.get("page")),
        "invitations": access.invitations_visible_to(request.user)
        .filter(accepted_at__isnull=True)
        .select_related("organization")[:20],
        "join_requests": selectors.join_requests_waiting(viewer=request.user),
        **_staff_forms(request),
        **bound_forms,
        "panels": home_panels.panels_for(request, home=home_panels.STAFF),
        "is_org_admin": access.has_role(request.user, Role.ORG_ADMIN),
    }
    return render(request, "lms/staff_home.html", context, status=status)


@personal_pages.kept_for_person(organization_wide=True)
@role_required(*STAFF_ROLES)
def staff_home(request):
    return _render_staff_home(request)


@role_required(*STAFF_ROLES)
@require_POST
def staff_invite(request):
    form = _staff_forms(request, invite_data=request.POST)["invite_form"]
    if form.is_valid():
        try:
            invitation, _token = services.invitation_create(
                organization=form.cleaned_data["organization"],
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("lms:staff_home")
    return _render_staff_home(request, status=400, invite_form=form)


@role_required(*STAFF_ROLES)
@require_POST
def staff_add_trainee(request):
    form = _staff_forms(request, trainee_data=request.POST)["trainee_form"]
    if form.is_valid():
        trainee = services.trainee_create_without_email(
            organization=form.cleaned_data["organization"],
            display_name=form.cleaned_data["display_name"],
            created_by=request.user,
        )
        messages.success(
            request,
            _("%(name)s was added. Issue them a sign-in code from their page.")
            % {"name": trainee.display_name},
        )
        return redirect("lms:staff_person", pk=trainee.pk)
    return _render_staff_home(request, status=400, trainee_form=form)


def _visible_person(request, pk):
    return get_object_or_404(
        access.people_visible_to(request.user).prefetch_related("memberships__organization"),
        pk=pk,
    )


def _staff_person_context(request, person, **extra):
    return {
        "person": person,
        "may_issue_sign_in_code": services.sign_in_code_obstacle(
            person=person, issuer_organizations=access.staffed_organizations(request.user)
        )
        is None,
        **extra,
    }


@role_required(*STAFF_ROLES)
def staff_person(request, pk):
    person = _visible_person(request, pk)
    return render(request, "lms/staff_person.html", _staff_person_context(request, person))


@role_required(*STAFF_ROLES)
@require_POST
def staff_issue_sign_in_code(request, pk):
    person = _visible_person(request, pk)
    membership = (
        person.memberships.filter(
            role=Role.TRAINEE, organization__in=access.staffed_organizations(request.user)
        )
        .select_related("organization")
        .first()
    )
    if membership is None:
        messages.error(request, _("Sign-in codes are for trainees of your organisation."))
        return redirect("lms:staff_person", pk=person.pk)
    try:
        code = services.sign_in_code_issue(
            trainee=person, organization=membership.organization, issued_by=request.user
        )
    except PermissionDenied as refused:
        messages.error(request, str(refused))
        return redirect("lms:staff_person", pk=person.pk)
    return render(
        request, "lms/staff_person.html", _staff_person_context(request, person, sign_in_code=code)
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "lms/invitation_unusable.html", status=410)
    user = request.user if request.user.is_authenticated else None
    if user is not None:
        if request.method == "POST":
            try:
                services.invitation_accept(token=token, user=user)
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
                return redirect("lms:invitation_accept", token=token)
            access.forget_roles(user)
            messages.success(
                request,
                _("You joined %(organization)s.") % {"organization": invitation.organization},
            )
            return redirect(home_url_for(user))
        return render(request, "lms/invitation_accept.html", {"invitation": invitation})

    account_exists = User.objects.filter(email__iexact=invitation.email).exists()
    form = InvitationAcceptForm(
        request.POST if request.method == "POST" else None, email=invitation.email
    )
    if request.method == "POST" and not account_exists and form.is_valid():
        try:
            new_user = services.invitation_accept(
                token=token,
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to PeerPath."))
            return redirect(home_url_for(new_user))
    return render(
        request,
        "lms/invitation_accept.html",
        {"invitation": invitation, "form": form, "account_exists": account_exists},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def sign_in_with_code(request):
    form = SignInCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        guesses = {
            "kind": throttles.SIGN_IN_CODE,
            "request": request,
            "target": throttles.EVERY_SIGN_IN_CODE,
        }
        wait = throttles.wait_seconds(**guesses)
        if wait:
            minutes = math.ceil(wait / 60)
            form.add_error(
                None,
                ngettext(
                    "Too many sign-in codes that did not work were tried recently. To keep "
                    "accounts safe, please wait %(minutes)d minute and try again, or ask your "
                    "organisation's staff for help.",
                    "Too many sign-in codes that did not work were tried recently. To keep "
                    "accounts safe, please wait %(minutes)d minutes and try again, or ask your "
                    "organisation's staff for help.",
                    minutes,
                )
                % {"minutes": minutes},
            )
            response = render(request, "lms/sign_in_with_code.html", {"form": form}, status=429)
            response["Retry-After"] = str(wait)
            return response
        try:
            user = services.sign_in_code_redeem(code=form.cleaned_data["code"])
        except ValidationError as error:
            if error.code == "invalid":
                throttles.wrong_guess_record(**guesses)
            form.add_error("code", error)
        else:
            code_session_start(request=request, user=user)
            return redirect(home_url_for(user))
    if form.is_bound and form.errors:
        status = 400
    return render(request, "lms/sign_in_with_code.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def account_home(request):
    form = BadgeIdentityForm(initial={"badge_did": request.user.badge_did})
    status = 200
    if request.method == "POST":
        form = BadgeIdentityForm(request.POST)
        if form_service_call(
            request,
            form,
            lambda data: services.badge_identity_set(user=request.user, did=data["badge_did"]),
            success=_("Saved. Badges you download from now on identify you this way."),
        ):
            return redirect("lms:account_home")
        status = 400
    return render(request, "lms/account_home.html", {"badge_form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def self_description(request):
    """How the person describes themselves, for the equity view of reports: optional, plain
    about who sees what, changeable and deletable at any time."""
    current = SelfDescription.objects.filter(user=request.user).first()
    form = SelfDescriptionForm(instance=current)
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            services.self_description_delete(user=request.user)
            messages.success(request, _("Your answers are deleted."))
            return redirect("lms:self_description")
        form = SelfDescriptionForm(request.POST, instance=current)
        if form_service_call(
            request,
            form,
            lambda data: services.self_description_save(user=request.user, answers=data),
            success=_("Saved. You can change or delete your answers at any time."),
        ):
            return redirect("lms:self_description")
        status = 400
    return render(
        request,
        "lms/self_description.html",
        {"form": form, "has_answers": current is not None},
        status=status,
    )


@require_POST
def language_set(request):
    """The language switcher: Django's set_language (the cookie remembers the choice for a
    visitor), and for someone signed in the account's preferred language, which wins later."""
    response = i18n.set_language(request)
    language = request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER, "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.preferred_language_set(user=request.user, language=language)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def access_tokens(request):
    """The person's API tokens: create one (its secret is shown once) or revoke one."""
    form = AccessTokenForm(request.POST or None)
    new_secret = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            expires_on = form.cleaned_data["expires_on"]
            expires_at = None
            if expires_on:
                expires_at = timezone.make_aware(
                    datetime.datetime.combine(expires_on, datetime.time.max)
                )
            _token, new_secret = services.access_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                expires_at=expires_at,
            )
            form = AccessTokenForm()
        else:
            status = 400
    tokens = request.user.access_tokens.all()
    return render(
        request,
        "lms/access_tokens.html",
        {"form": form, "tokens": tokens, "new_secret": new_secret},
        status=status,
    )


@login_required
@require_POST
def access_token_revoke(request, pk):
    try:
        token = services.access_token_revoke(user=request.user, token_id=pk)
    except PersonalAccessToken.DoesNotExist as missing:
        raise Http404 from missing
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("lms:access_tokens")


# ------------------------------------------------------------------------------
# Getting started: a person who signed up on their own chooses how to begin
# ------------------------------------------------------------------------------
def _render_get_started(request, *, form=None, status=200):
    context = {
        "form": form or JoinRequestForm(organizations=selectors.organizations_to_join()),
        "waiting": access.join_requests_visible_to(request.user)
        .filter(user=request.user, status=JoinRequest.Status.PENDING)
        .select_related("organization"),
    }
    return render(request, "lms/get_started.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def get_started(request):
    if access.roles_of(request.user) and request.method == "GET":
        return redirect(home_url_for(request.user))
    if request.method == "GET":
        return _render_get_started(request)
    if request.POST.get("choice") == "alone":
        services.independent_learning_start(user=request.user)
        messages.success(
            request,
            _(
                "Welcome. You are learning on your own: choose an open program below to enrol. "
                "You can still join an organisation later."
            ),
        )
        return redirect("lms:learn_home")
    form = JoinRequestForm(request.POST, organizations=selectors.organizations_to_join())
    if form.is_valid():
        try:
            join_request = services.join_request_create(
                user=request.user, organization=form.cleaned_data["organization"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your request went to the staff of %(name)s. We will email you as soon as "
                    "they accept it, usually within a few working days."
                )
                % {"name": join_request.organization.name},
            )
            return redirect("lms:get_started")
    return _render_get_started(request, form=form, status=400)


@role_required(*STAFF_ROLES)
@require_POST
def staff_join_request_accept(request, pk):
    try:
        join_request = services.join_request_accept(join_request_id=pk, accepted_by=request.user)
    except JoinRequest.DoesNotExist as error:
        raise Http404 from error
    messages.success(
        request,
        _("%(name)s is now a trainee of %(organization)s. We let them know by email.")
        % {"name": join_request.user.display_name, "organization": join_request.organization.name},
    )
    return redirect("lms:staff_home")


@role_required(Role.ORG_ADMIN)
@require_http_methods(["GET", "POST"])
def organization_certificate(request):
    """Organisation administrators: the logo, signatory and provider number on certificates."""
    organizations = list(access.organizations_where(request.user, Role.ORG_ADMIN).order_by("name"))
    if not organizations:
        raise Http404
    chosen = request.GET.get("organization") or request.POST.get("organization")
    organization = next((o for o in organizations if str(o.pk) == str(chosen)), organizations[0])
    initial = {
        "signatory_name": organization.signatory_name,
        "signatory_title": organization.signatory_title,
        "ce_provider_number": organization.ce_provider_number,
    }
    form = OrganizationCertificateForm(initial=initial)
    status = 200
    if request.method == "POST":
        form = OrganizationCertificateForm(request.POST, request.FILES)
        if form_service_call(
            request,
            form,
            lambda data: services.organization_certificate_update(
                organization=organization,
                actor=request.user,
                ce_provider_number=data["ce_provider_number"],
                signatory_name=data["signatory_name"],
                signatory_title=data["signatory_title"],
                logo=data.get("logo"),
                remove_logo=data["remove_logo"],
            ),
            success=_("Saved. Certificates issued from now on print these."),
        ):
            return redirect(f"{request.path}?organization={organization.pk}")
        status = 400
    return render(
        request,
        "lms/organization_certificate.html",
        {"form": form, "organization": organization, "organizations": organizations},
        status=status,
    )
