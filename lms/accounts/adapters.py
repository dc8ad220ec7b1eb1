from types import SimpleNamespace
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from allauth.account.adapter import DefaultAccountAdapter

from lms.access import TRAINEE_ONLY_FLAG, has_network_access, roles_of
from lms.accounts.models import STAFF_ROLES, Role, User
from lms.emails import absolute_url


def home_url_for(user) -> str:
    """Each role has its own home; a person with several roles lands on the busiest one.

    A superuser with no role in any organisation runs the platform: Django's admin.
    """
    roles = roles_of(user)
    if user.is_superuser and not roles and not getattr(user, TRAINEE_ONLY_FLAG, False):
        return reverse("admin:index")
    if roles & STAFF_ROLES:
        return reverse("lms:staff_home")
    if Role.SUPERVISOR in roles:
        return reverse("certification:supervise_home")
    if not roles and has_network_access(user):
        return reverse("certification:network_reports")
    if not roles:
        return reverse("lms:get_started")
    if Role.FACILITATOR in roles and Role.TRAINEE not in roles:
        return reverse("lms:facilitate_home")
    return reverse("lms:learn_home")


def rebase_url(url: str) -> str:
    """The same path on the configured public address (PEERPATH_BASE_URL)."""
    bits = urlsplit(url)
    path = bits.path + (f"?{bits.query}" if bits.query else "")
    return absolute_url(path or "/")


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        return home_url_for(request.user)

    def get_signup_redirect_url(self, request):
        return reverse("lms:get_started")

    def format_email_subject(self, subject: str) -> str:
        # Our subjects name the product themselves; no "[site name]" prefix from the Sites table.
        return subject

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Every account email names the product and links to its configured address."""
        context = dict(context)
        for key, value in list(context.items()):
            if key.endswith("_url") and isinstance(value, str) and "://" in value:
                context[key] = rebase_url(value)
        base_url = settings.PEERPATH_BASE_URL.rstrip("/")
        context.setdefault("site_name", settings.PEERPATH_SITE_NAME)
        context.setdefault("base_url", base_url)
        context["current_site"] = SimpleNamespace(
            name=settings.PEERPATH_SITE_NAME, domain=urlsplit(base_url).netloc
        )
        # In the language of the account the address belongs to; for an address with no
        # account (sign-up elsewhere, an unknown address), the language of the page asking.
        recipient = context.get("user")
        if not isinstance(recipient, User):
            recipient = User.objects.filter(email__iexact=email).only("preferred_language").first()
        language = getattr(recipient, "preferred_language", "") or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)
