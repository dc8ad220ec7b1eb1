"""The project package's tasks the Celery worker registers (it discovers ``cms.tasks``).

Each lives in the module that queues it; their names stay ``cms.tasks.<function>``.
"""

from cms.frontend_cache import purge_every_public_page

__all__ = ["purge_every_public_page"]
