"""The curriculum in two languages: English pages are the source, Spanish pages translate them.

Built on wagtail-localize (docs/translating.md):

- every curriculum page exists first in English, the *source* language; enrolments, progress,
  attempts and completions always point to the English page, so one module has one record
  whatever language it was read in;
- Spanish pages live in their own tree with the same slugs, so a page keeps its URL in both
  languages. Pages nobody has translated yet are *aliases* of the English page (wagtail-localize
  keeps the Spanish tree in step), which serve the English text with a note;
- queries that mean "the curriculum" (catalogues, learning pages, caches, filters) read
  ``.originals()``: the source pages only, never a translation counted twice.

This module imports no curriculum model (the models import it for their queryset).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.http import Http404
from django.utils import translation
from django.utils.translation import get_supported_language_variant

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, PageManager
from wagtail.query import PageQuerySet

from wagtail_localize.fields import SynchronizedField


def source_language() -> str:
    """The language every learning record's page is written in (English)."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def reader_language() -> str:
    """The language of the current request's reader (the account's, cookie's or browser's)."""
    return get_supported_language_variant(translation.get_language() or settings.LANGUAGE_CODE)


class CurriculumPageQuerySet(PageQuerySet):
    def originals(self):
        """The source pages only: no translation or alias of them."""
        return self.filter(locale__language_code=source_language())

    def translations_of(self, pages, language: str):
        """The translations of ``pages`` into ``language`` (live, not aliases)."""
        return self.filter(
            translation_key__in=[page.translation_key for page in pages],
            locale__language_code=language,
            alias_of__isnull=True,
        ).live()


class CurriculumPageManager(PageManager.from_queryset(CurriculumPageQuerySet)):
    pass


# A page keeps its URL in every language: the slug is shared, never translated.
SHARED_URL_FIELDS = [SynchronizedField("slug")]


class FallbackRouteMixin:
    """Route a path through the reader's language and, where a page there is missing, through
    the English page it translates (for pages created outside the admin, which has no alias)."""

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            if not path_components or self.locale.language_code == source_language():
                raise
            source = self.get_translation_or_none(Locale.get_default())
            if source is None:
                raise
            return source.specific.route(request, path_components)


def is_untranslated_for_reader(page: Page) -> bool:
    """Shown to the reader in English although they read Spanish (an alias, or no translation)."""
    language = reader_language()
    if language == source_language():
        return False
    if page.alias_of_id is not None:
        return True
    return page.locale.language_code != language


# ------------------------------------------------------------------------------
# Out of date: the English page changed since its translation was last brought up to date
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class TranslationStatus:
    source: Page  # the English page
    source_changed_at: datetime | None  # when the English page was last published
    synced_at: datetime | None  # when its text was last sent to translation (wagtail-localize)
    translated_at: datetime | None  # when this translation was last published

    @property
    def is_out_of_date(self) -> bool:
        """The English text changed after it was last synced, or a sync brought new text that
        the translation has not published yet."""
        if self.synced_at is None:
            return True
        if self.source_changed_at and self.source_changed_at > self.synced_at:
            return True
        return self.translated_at is None or self.translated_at < self.synced_at


def translation_status(page: Page) -> TranslationStatus | None:
    """How a translated page stands against its English page; None for English pages and
    aliases (which always show the English text as it is)."""
    from wagtail_localize.models import TranslationSource

    if page.alias_of_id is not None or page.locale.language_code == source_language():
        return None
    source = page.get_translation_or_none(Locale.get_default())
    if source is None:
        return None
    synced = (
        TranslationSource.objects.filter(object_id=page.translation_key, locale=source.locale_id)
        .values_list("last_updated_at", flat=True)
        .first()
    )
    return TranslationStatus(
        source=source,
        source_changed_at=source.last_published_at,
        synced_at=synced,
        translated_at=page.last_published_at,
    )


def out_of_date_translations() -> list[tuple[Page, TranslationStatus]]:
    """Every live translated page whose English page changed since (the editors' report)."""
    from wagtail_localize.models import TranslationSource

    translated = list(
        Page.objects.live()
        .filter(alias_of__isnull=True)
        .exclude(locale__language_code=source_language())
        .exclude(depth=1)
        .select_related("locale")
        .order_by("path")
    )
    keys = [page.translation_key for page in translated]
    sources = {
        page.translation_key: page
        for page in Page.objects.filter(
            translation_key__in=keys, locale__language_code=source_language()
        )
    }
    synced = dict(
        TranslationSource.objects.filter(
            object_id__in=keys, locale__language_code=source_language()
        ).values_list("object_id", "last_updated_at")
    )
    rows = []
    for page in translated:
        source = sources.get(page.translation_key)
        if source is None:
            continue
        status = TranslationStatus(
            source=source,
            source_changed_at=source.last_published_at,
            synced_at=synced.get(page.translation_key),
            translated_at=page.last_published_at,
        )
        if status.is_out_of_date:
            rows.append((page, status))
    return rows
