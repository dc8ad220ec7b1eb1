from django.urls import reverse

from allauth.account.adapter import DefaultAccountAdapter

from lms.access import TRAINEE_ONLY_FLAG, roles_of
from lms.accounts.models import STAFF_ROLES, Role


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
    return reverse("lms:learn_home")


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        return home_url_for(request.user)
