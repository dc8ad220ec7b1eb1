from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lms.access import has_network_access, roles_of
from lms.accounts.models import STAFF_ROLES, Role


def role_navigation(request):
    """Header links to the home of every role the signed-in person holds."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"role_links": [], "may_edit_curriculum": False}
    roles = roles_of(user)
    links = []
    if Role.TRAINEE in roles:
        links.append((reverse("lms:learn_home"), _("My learning")))
    if Role.SUPERVISOR in roles:
        links.append((reverse("certification:supervise_home"), _("Supervision")))
    if Role.FACILITATOR in roles:
        links.append((reverse("lms:facilitate_home"), _("Sessions I facilitate")))
    if roles & STAFF_ROLES:
        links.append((reverse("lms:staff_home"), _("Organisation")))
        links.append((reverse("wagtailadmin_home"), _("Curriculum editor")))
    elif user.is_superuser:
        links.append((reverse("wagtailadmin_home"), _("Curriculum editor")))
    if not roles and has_network_access(user):
        links.append((reverse("certification:network_reports"), _("Network reports")))
    # Only people who may open the editor get Wagtail's user bar (and its permission lookups).
    return {
        "role_links": links,
        "may_edit_curriculum": bool(roles & STAFF_ROLES) or user.is_superuser,
    }
