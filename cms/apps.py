from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail.users.apps import WagtailUsersAppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site")
    default = True
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import Locale, Site

        from curriculum.models import LearningPackage

        # Registers the system check that keeps private uploads out of served folders.
        from lms import private_files  # noqa: F401
        from lms.learning.cache import connect_invalidation

        # Kept public pages (cms/page_cache.py) show these too: a change retires them.
        connect_invalidation(get_image_model(), get_document_model(), Site, Locale, LearningPackage)


class PeopleUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user screens, with our user model's name fields (no first/last name)."""

    user_viewset = "cms.wagtail_users.PeopleUserViewSet"
