from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail.users.apps import WagtailUsersAppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site")
    default = True
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registers the system check that keeps private uploads out of served folders.
        from lms import private_files  # noqa: F401


class PeopleUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user screens, with our user model's name fields (no first/last name)."""

    user_viewset = "cms.wagtail_users.PeopleUserViewSet"
