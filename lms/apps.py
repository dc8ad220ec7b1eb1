from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("People and learning")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lms.accounts import devices
        from lms.accounts.code_sessions import connect_receivers
        from lms.learning.cache import connect_curriculum_invalidation
        from lms.learning.cohorts import cohort_invitation_accepted
        from lms.learning.models import TranscriptIssue
        from lms.learning.transcript import transcript_verification
        from lms.signals import invitation_accepted
        from lms.verification import register_resolver

        register_resolver(TranscriptIssue.CODE_PREFIX, transcript_verification)
        # The curriculum tree the learning pages share is cached; an editor's save retires it.
        connect_curriculum_invalidation()
        # Setting a password (or signing in another way) lifts a sign-in code's trainee limit.
        connect_receivers()
        # A request reads the reference data's generation once (lms/kept_pages.py).
        from django.core import signals

        from lms import kept_pages

        signals.request_started.connect(
            kept_pages.request_started, dispatch_uid="lms.kept_pages.request_started"
        )
        signals.request_finished.connect(
            kept_pages.request_finished, dispatch_uid="lms.kept_pages.request_finished"
        )
        # Pages kept per person are retired by every write to people's records.
        from lms import personal_pages

        personal_pages.connect()
        # Every sign-in is listed on the person's "where you are signed in" page.
        devices.connect_receivers()
        # Accepting an invitation sent from a cohort enrols the person (accounts sends it).
        invitation_accepted.connect(
            cohort_invitation_accepted, dispatch_uid="lms.learning.cohort_invitation_accepted"
        )
