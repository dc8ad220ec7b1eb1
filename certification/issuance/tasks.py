"""Background work the issuance services queue: the application packet.

The task keeps its name ``certification.tasks.build_application_packet`` (certification/tasks.py
imports this module for the worker), so packets already queued are still built.
"""

from celery import shared_task

from certification.issuance.packet import application_packet_build, application_packet_failed


@shared_task(
    name="certification.tasks.build_application_packet",
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
)
def build_application_packet(self, application_id: int) -> bool:
    """Build one application's packet PDF (idempotent; marked failed after the last retry)."""
    try:
        application = application_packet_build(application_id=application_id)
    except Exception as error:
        # Only OSError (storage, fonts) is retried; anything else, or the last try, is final.
        if not isinstance(error, OSError) or self.request.retries >= self.max_retries:
            application_packet_failed(application_id=application_id)
        raise
    return application is not None
