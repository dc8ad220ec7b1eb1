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

        from cms.frontend_cache import request_purge_of_every_page
        from curriculum.models import LearningPackage

        # Registers the system check that keeps private uploads out of served folders.
        from lms import private_files  # noqa: F401
        from lms.learning.cache import connect_invalidation, reference_data_changed

        # Kept public pages (cms/page_cache.py) show these too: a change retires them.
        connect_invalidation(get_image_model(), get_document_model(), Site, Locale, LearningPackage)
        # ... and purges them from a CDN in front, when one is configured (cms/frontend_cache.py).
        reference_data_changed.connect(request_purge_of_every_page, weak=False)


class PeopleUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user screens, with our user model's name fields (no first/last name)."""

    user_viewset = "cms.wagtail_users.PeopleUserViewSet"
