"""API authentication: the browser session, or a personal access token as a Bearer token."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allauth.mfa.models import Authenticator
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling

from lms import personal_pages
from lms.access import roles_of
from lms.accounts import throttles
from lms.accounts.models import PRIVILEGED_ROLES, PersonalAccessToken, hash_secret

# Recording every use would make each API call a write; a minute's precision is plenty.
LAST_USED_PRECISION = timedelta(minutes=1)


class PersonalAccessTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] != self.keyword:
            return None
        if len(header) != 2 or not header[1].startswith(PersonalAccessToken.PREFIX):
            raise exceptions.AuthenticationFailed(_("The access token is malformed."))
        guesses = {
            "kind": throttles.ACCESS_TOKEN,
            "request": request._request,
            "target": throttles.access_token_target(header[1]),
        }
        wait = throttles.wait_seconds(**guesses)
        if wait:
            raise exceptions.Throttled(
                wait=wait,
                detail=str(
                    _(
                        "Too many access tokens that did not work were tried recently. "
                        "Check the token your integration sends, then try again later."
                    )
                ),
            )
        token = (
            PersonalAccessToken.objects.active()
            .select_related("user")
            .filter(digest=hash_secret(header[1]))
            .first()
        )
        if token is None:
            throttles.wrong_guess_record(**guesses)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(
                _("This access token is not valid: it may have been revoked or have expired.")
            )
        if settings.PEERPATH_REQUIRE_MFA_FOR_PRIVILEGED_ROLES and _needs_mfa(token.user):
            raise exceptions.AuthenticationFailed(
                _("Set up two-factor sign-in on your account before using access tokens.")
            )
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            with personal_pages.announce():  # no kept page shows a token's last use
                PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


def _needs_mfa(user) -> bool:
    if not (user.is_superuser or roles_of(user) & PRIVILEGED_ROLES):
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class TokenScopePermission(permissions.BasePermission):
    """A read-scoped token may only read."""

    message = _("This access token can only read. Create a token with write access to change data.")

    def has_permission(self, request, view):
        token = request.auth
        if isinstance(token, PersonalAccessToken) and not token.can_write:
            return request.method in permissions.SAFE_METHODS
        return True


class AccessTokenRateThrottle(throttling.SimpleRateThrottle):
    """Integrations get their own budget, per token."""

    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, PersonalAccessToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class PersonalAccessTokenScheme(OpenApiAuthenticationExtension):
    """Describes token authentication in the OpenAPI schema."""

    target_class = "lms.accounts.api_auth.PersonalAccessTokenAuthentication"
    name = "accessToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                _("A personal access token from your account page, sent as “Bearer pp_…”.")
            ),
        }
