from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Supervision and credentials")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lms.home_panels import LEARN, STAFF, HomePanel, register

        from .panels import learn_hours_panel_context, staff_supervision_panel_context

        register(
            HomePanel(
                name="certification.hours",
                template="certification/_learn_hours_panel.html",
                context=learn_hours_panel_context,
                order=20,
                home=LEARN,
            )
        )
        register(
            HomePanel(
                name="certification.staff_supervision",
                template="certification/_staff_supervision_panel.html",
                context=staff_supervision_panel_context,
                order=20,
                home=STAFF,
            )
        )
