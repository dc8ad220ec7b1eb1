"""Private uploads: their own storage, unguessable names, and one way out (issue 22).

Application packets and trainees' certificates hold people's records. They never share a
folder, bucket prefix or address space with public media (curriculum images and documents):

- they go to ``STORAGES["private"]``: a local folder outside ``MEDIA_ROOT`` when no S3 bucket is
  configured (``make run``), otherwise S3 objects under their own prefix (or bucket) with a
  private ACL;
- their names are random (``UnguessableName``), so knowing one person's file says nothing about
  another's;
- the storages build no link (``url()`` raises): the only way to read a file is a view that found
  the record through the person's scope (lms/access.py, the app's selectors) and answers with
  ``private_file_response``. Someone else's record answers 404 there, as everywhere.

File fields name ``private_storage_select`` as their storage. Migrations record that function
rather than a storage object, and the object it returns follows ``STORAGES`` when the settings
change (tests switch between the local folder and the S3 server).
"""

import re
import uuid
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.db.models.fields.files import FieldFile
from django.dispatch import receiver
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty
from django.utils.module_loading import import_string

from storages.backends.s3 import S3Storage

PRIVATE_STORAGE_ALIAS = "private"

# Content types PeerPath stores privately, by extension (never guessed from the file's bytes).
# Only these may open in the browser; anything else downloads.
_INLINE_CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}
_OTHER_CONTENT_TYPES = {
    ".heic": "image/heic",
    ".csv": "text/csv; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class _NoPublicAddress:
    """A private file has no address of its own; a page of PeerPath serves it."""

    def url(self, name, *args, **kwargs):
        raise NotImplementedError(
            "Private files have no address: link to the view that checks who is asking, "
            "which answers with lms.private_files.private_file_response()."
        )


class PrivateFileSystemStorage(_NoPublicAddress, FileSystemStorage):
    """A local folder outside MEDIA_ROOT, readable by the application's own user only."""

    def __init__(self, **options):
        options.setdefault("file_permissions_mode", 0o600)
        options.setdefault("directory_permissions_mode", 0o700)
        super().__init__(**options)


class PrivateS3Storage(_NoPublicAddress, S3Storage):
    """S3 objects with a private ACL under their own prefix (settings: OPTIONS)."""


class _PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages[PRIVATE_STORAGE_ALIAS]


private_storage = _PrivateStorage()


def private_storage_select():
    """The storage of every private file field (a callable, so migrations name this path)."""
    return private_storage


@receiver(setting_changed)
def _follow_storage_settings(*, setting, **kwargs):
    if setting == "STORAGES":
        private_storage._wrapped = empty


@deconstructible
class UnguessableName:
    """``upload_to`` for private files: ``<folder>/<year>/<month>/<32 random hex>.<ext>``.

    The uploaded name is dropped (it can hold a person's name) except for a plain extension,
    which decides how the file is served.
    """

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        extension = PurePosixPath(filename or "").suffix.lower()
        if not re.fullmatch(r"\.[a-z0-9]{1,8}", extension):
            extension = ""
        return f"{self.folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other) -> bool:
        return isinstance(other, UnguessableName) and other.folder == self.folder

    def __hash__(self) -> int:
        return hash((UnguessableName, self.folder))


def private_file_response(
    stored: FieldFile, *, download_name: str, inline: bool = False
) -> FileResponse:
    """Stream one private file to a person a view has already checked.

    ``download_name`` is what the browser saves it as; its extension is taken from the stored
    file. A file missing from storage answers 404. The answer is never cached, and the browser
    is told not to guess its type.
    """
    if not stored or not stored.name:
        raise Http404
    extension = PurePosixPath(stored.name).suffix.lower()
    content_type = _INLINE_CONTENT_TYPES.get(extension) or _OTHER_CONTENT_TYPES.get(
        extension, "application/octet-stream"
    )
    try:
        handle = stored.storage.open(stored.name, "rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=not (inline and extension in _INLINE_CONTENT_TYPES),
        filename=f"{download_name}{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


# ------------------------------------------------------------------------------
# A system check: the local private folder must not be one Django or a web server serves.
# ------------------------------------------------------------------------------
@register(Tags.security)
def check_private_location(app_configs=None, **kwargs) -> list[Error]:
    backend = settings.STORAGES.get(PRIVATE_STORAGE_ALIAS)
    if backend is None:
        return [
            Error(
                'STORAGES has no "private" entry: private uploads would have nowhere to go.',
                id="cms.E101",
            )
        ]
    if not issubclass(import_string(backend["BACKEND"]), FileSystemStorage):
        return []
    private = Path(backend.get("OPTIONS", {}).get("location") or settings.MEDIA_ROOT).resolve()
    served = [settings.MEDIA_ROOT, settings.STATIC_ROOT]
    served += [
        folder[1] if isinstance(folder, list | tuple) else folder
        for folder in settings.STATICFILES_DIRS
    ]
    for folder in (Path(str(item)).resolve() for item in served if item):
        if private == folder or folder in private.parents:
            return [
                Error(
                    f"The private upload folder {private} is inside {folder}, which is served "
                    "to anyone.",
                    hint="Set DJANGO_PRIVATE_MEDIA_ROOT to a folder outside DJANGO_MEDIA_ROOT.",
                    id="cms.E102",
                )
            ]
    return []
