"""Ralph, the open-source Learning Record Store, as the test stack runs it: the filesystem
backend, served by uvicorn (scripts/stack.sh starts it from .venv-ralph).

Ralph 5.1's filesystem backend opens its statements file in "create" mode, so every write after
the first fails once the file exists. The stack needs many writes: the backend's default is set
to "append" before the app is imported.
"""

from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

from ralph.api import app  # noqa: E402 - only once the backend appends

__all__ = ["app"]
