from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

from allauth.mfa.models import Authenticator

from .access import roles_of
from .models import PRIVILEGED_ROLES


class PreferredLanguageMiddleware:
    """Speak the language a signed-in person chose on their account."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.preferred_language:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        return self.get_response(request)


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
