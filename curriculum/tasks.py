"""Periodic work for the curriculum (run by Celery beat; see CELERY_BEAT_SCHEDULE)."""

from django.core.management import call_command

from celery import shared_task


@shared_task(ignore_result=True)
def publish_scheduled_pages() -> None:
    """Publish approved revisions whose go-live time has come, and unpublish expired pages.

    Wagtail's own ``publish_scheduled`` command does the work; it is idempotent, so a late or
    repeated run is harmless.
    """
    call_command("publish_scheduled", verbosity=0)
