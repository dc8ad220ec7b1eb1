from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurriculumConfig(AppConfig):
    name = "curriculum"
    verbose_name = _("Curriculum")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The readers behind the pages register themselves in curriculum.page_context.
        from curriculum import selectors  # noqa: F401
        from curriculum.editorial import connect_section_mirroring

        # A section's Spanish pages get the same editors and review (curriculum/editorial.py).
        connect_section_mirroring()
