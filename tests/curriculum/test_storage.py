"""Images and documents editors upload go to the S3 server when it is configured."""

import io
import uuid

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from PIL import Image as PillowImage

from tests.conftest import require_stack

pytestmark = pytest.mark.stack


def _png() -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (40, 30), (31, 95, 139)).save(buffer, format="PNG")
    return buffer.getvalue()


def _keys(s3_bucket, prefix):
    listed = s3_bucket.list_objects_v2(Bucket=settings.AWS_STORAGE_BUCKET_NAME, Prefix=prefix)
    return [item["Key"] for item in listed.get("Contents", [])]


def test_uploaded_image_and_its_rendition_are_stored_on_the_s3_server(db, s3_bucket):
    require_stack("AWS_STORAGE_BUCKET_NAME")
    from wagtail.images import get_image_model

    name = f"circle-{uuid.uuid4().hex[:8]}.png"
    image = get_image_model().objects.create(
        title="Peer circle", file=SimpleUploadedFile(name, _png(), content_type="image/png")
    )
    try:
        assert _keys(s3_bucket, image.file.name) == [image.file.name]
        assert image.file.url.startswith(settings.AWS_S3_ENDPOINT_URL)
        rendition = image.get_rendition("width-20")
        assert _keys(s3_bucket, rendition.file.name) == [rendition.file.name]
    finally:
        image.delete()


def test_uploaded_document_is_stored_on_and_read_back_from_the_s3_server(db, s3_bucket):
    require_stack("AWS_STORAGE_BUCKET_NAME")
    from wagtail.documents import get_document_model

    content = b"Local resource list: food pantries, recovery meetings, 211."
    document = get_document_model().objects.create(
        title="Resource list",
        file=SimpleUploadedFile(f"resources-{uuid.uuid4().hex[:8]}.txt", content),
    )
    try:
        assert _keys(s3_bucket, document.file.name) == [document.file.name]
        with document.file.open("rb") as stored:
            assert stored.read() == content
    finally:
        document.file.delete(save=False)
        document.delete()
