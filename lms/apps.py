from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("People and learning")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .code_sessions import connect_receivers
        from .learning_cache import connect_curriculum_invalidation
        from .learning_selectors import transcript_verification
        from .models import TranscriptIssue
        from .verification import register_resolver

        register_resolver(TranscriptIssue.CODE_PREFIX, transcript_verification)
        # The curriculum tree the learning pages share is cached; an editor's save retires it.
        connect_curriculum_invalidation()
        # Setting a password (or signing in another way) lifts a sign-in code's trainee limit.
        connect_receivers()
