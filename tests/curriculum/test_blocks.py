"""Lesson blocks: what editors must fill in, and how the blocks render for trainees."""

import datetime
import io
import json

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from PIL import Image as PillowImage

from curriculum.blocks import (
    ImageBlock,
    LivedExperienceStoryBlock,
    ReflectionPromptBlock,
    VideoBlock,
)
from tests.curriculum.builders import build_lesson


def _clean(block, **value):
    return block.clean(block.to_python(value))


def test_image_needs_alternative_text():
    with pytest.raises(ValidationError) as error:
        _clean(ImageBlock(), image=None, alt_text="", caption="")
    assert "alt_text" in error.value.block_errors


def test_video_needs_a_transcript(db, settings):
    settings.WAGTAILEMBEDS_FINDERS = []  # no network in tests
    with pytest.raises(ValidationError) as error:
        _clean(VideoBlock(), video="https://example.org/v", title="Intro", transcript="")
    assert "transcript" in error.value.block_errors


def test_lived_experience_story_needs_recorded_consent():
    with pytest.raises(ValidationError) as error:
        _clean(
            LivedExperienceStoryBlock(),
            quote="It got better.",
            attribution="Sam",
            consent_recorded=False,
            consent_date="2026-01-01",
        )
    assert "consent_recorded" in error.value.block_errors


def test_reflection_prompt_tells_the_trainee_their_answer_is_private():
    html = ReflectionPromptBlock().render({"prompt": "What helps you on hard days?"})
    assert "What helps you on hard days?" in html
    assert "only you can see what you write" in html


@pytest.mark.stack
def test_lesson_renders_image_video_transcript_resource_and_story(
    client, own_module, settings, s3_bucket
):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    settings.WAGTAILEMBEDS_FINDERS = []  # no network: the video falls back to its link
    buffer = io.BytesIO()
    PillowImage.new("RGB", (40, 30), (46, 125, 50)).save(buffer, format="PNG")
    image = get_image_model().objects.create(
        title="Circle", file=SimpleUploadedFile("circle.png", buffer.getvalue())
    )
    document = get_document_model().objects.create(
        title="Resources", file=SimpleUploadedFile("resources.txt", b"211, food, meetings")
    )
    lesson = build_lesson(own_module, title="Media lesson")
    lesson.body = json.dumps(
        [
            {
                "type": "image",
                "value": {
                    "image": image.pk,
                    "alt_text": "Six people sitting in a circle of chairs",
                    "caption": "",
                },
            },
            {
                "type": "video",
                "value": {
                    "video": "https://video.example.org/watch/1",
                    "title": "A peer's welcome",
                    "transcript": "<p>Welcome, I am glad you are here.</p>",
                },
            },
            {
                "type": "resource",
                "value": {
                    "document": document.pk,
                    "title": "Local resource list",
                    "description": "",
                },
            },
            {
                "type": "story",
                "value": {
                    "quote": "Someone believed me.",
                    "attribution": "Jo",
                    "consent_recorded": True,
                    "consent_date": str(datetime.date(2026, 1, 2)),
                },
            },
        ]
    )
    lesson.save_revision().publish()
    try:
        html = client.get(lesson.url).content.decode()
        assert 'alt="Six people sitting in a circle of chairs"' in html
        assert "Welcome, I am glad you are here." in html
        assert 'href="https://video.example.org/watch/1"' in html
        assert "Local resource list" in html
        assert "Someone believed me." in html
    finally:
        image.delete()
        document.file.delete(save=False)
        document.delete()
