from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

from allauth.mfa.models import Authenticator

from lms.access import act_as_trainee_only, roles_of
from lms.accounts.code_sessions import is_code_session
from lms.accounts.models import PRIVILEGED_ROLES


class PreferredLanguageMiddleware:
    """Speak the language a signed-in person chose on their account."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.preferred_language:
            return self.get_response(request)
        language = user.preferred_language
        request.LANGUAGE_CODE = language
        # For this request only: the thread goes back to its language afterwards, so nothing
        # that runs after the response (in a test, or a later request) speaks it by accident.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


# Paths where people act on others' records; account pages stay reachable to set up MFA.
GUARDED_PREFIXES = ("/supervise/", "/staff/", "/admin/", "/django-admin/", "/api/v1/")


class RequireMFAForPrivilegedRolesMiddleware:
    """Supervisors, staff and org admins must set up two-factor sign-in before acting.

    Controlled by PEERPATH_REQUIRE_MFA_FOR_PRIVILEGED_ROLES (on in production, off in the demo).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.PEERPATH_REQUIRE_MFA_FOR_PRIVILEGED_ROLES and self._must_enrol(request):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Set up two-factor sign-in on your account first.")}, status=403
                )
            messages.info(
                request,
                _(
                    "Your role lets you act on other people's records, so PeerPath asks you to "
                    "set up two-factor sign-in first. It takes about a minute."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _must_enrol(request) -> bool:
        if not request.path.startswith(GUARDED_PREFIXES):
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        if not (user.is_superuser or roles_of(user) & PRIVILEGED_ROLES):
            return False
        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


# What a session opened with a sign-in code never reaches, whatever roles the account holds.
CODE_SESSION_CLOSED_PREFIXES = (*GUARDED_PREFIXES, "/account/tokens/")


class CodeSessionLimitMiddleware:
    """A session opened with a staff-issued sign-in code acts as a trainee only.

    Until the person sets a password (lms/accounts/code_sessions.py), only the trainee role
    counts and the areas where people act on others' records, or create API tokens, are closed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_code_session(request):
            act_as_trainee_only(request.user)
            if request.path.startswith(CODE_SESSION_CLOSED_PREFIXES):
                message = _(
                    "You signed in with a one-time code, so PeerPath opens only your learning "
                    "pages for now. Set a password for your account to use the rest."
                )
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": message}, status=403)
                messages.info(request, message)
                return redirect("account_set_password")
        return self.get_response(request)
