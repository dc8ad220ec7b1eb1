"""A CDN in front of the public pages (issue 20): what it may keep, and purging it.

Nothing here does anything until ``WAGTAILFRONTENDCACHE`` names a cache to purge (production
settings, from the environment: docs/operations.md, "A CDN in front"). Then:

- **What a CDN may keep**: only the public pages kept for visitors who are not signed in
  (``cms/page_cache.py``), sent with ``Cache-Control: public, max-age=0, s-maxage=N``
  (``PEERPATH_CDN_MAX_AGE``, 300 seconds): browsers ask again each time, the CDN answers for
  N seconds at most, or until it is purged. Every other answer that says nothing about caching
  is marked ``private``, so a CDN never keeps a page someone signed in was shown.
- **The CSRF token**: a page the CDN keeps goes to everyone, so it goes out with the
  placeholder where the token goes (``lms/kept_pages.py``), and sets no cookie. The page's
  script (static/js/kept-page-token.js) fetches the visitor's own token from ``/csrf-token/``
  (never kept: ``private, no-store``; it sets the CSRF cookie) and fills it in the forms and
  htmx's headers before they are used. Without the script, a form sent with the placeholder
  gets a kind answer from ``csrf_failure``: the language switch is offered again, one click,
  with a real token, so nothing is lost (docs/operations.md says why not more).
- **Purging**: Wagtail purges a page's address itself when it is published or unpublished.
  Ours is wider: any change that retires every kept page (a page, a domain, a topic, a
  credential definition, an image, a document, a packaged activity, a site, a locale:
  ``lms.learning.cache.reference_data_changed``, sent after the commit) purges every live
  page (and every page published once: unpublished or restricted since), in batches, from a
  Celery task queued through the outbox. Several changes before
  the task runs share one purge. Spanish pages keep the English addresses (one purge per
  address clears every language the CDN keeps for it). Each address is purged as Wagtail's Site
  record names it and at ``PEERPATH_BASE_URL`` (the same when the Site names the public host).
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

from celery import shared_task

logger = logging.getLogger(__name__)

# Set while a purge of every page is queued and has not started: later changes join it.
PENDING_KEY = "peerpath:cdn:purge-every-page"
# A safety net: should the queued task be lost, changes purge again after this long.
PENDING_TIMEOUT = 15 * 60
PURGE_BATCH = 100


def cdn_configured() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def shared(response: HttpResponse) -> HttpResponse:
    """Mark a kept public page as one a CDN may keep (see the module)."""
    patch_cache_control(response, public=True, max_age=0, s_maxage=settings.PEERPATH_CDN_MAX_AGE)
    patch_vary_headers(response, ("Cookie",))
    return response


def private_unless_said(response: HttpResponse) -> HttpResponse:
    """Any other answer that says nothing about caching is for this visitor only."""
    if cdn_configured() and not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True)
    return response


def request_purge_of_every_page(**_signal) -> None:
    """After a committed change that retired every kept page: queue one purge of them all."""
    if not cdn_configured():
        return
    if not cache.add(PENDING_KEY, 1, timeout=PENDING_TIMEOUT):
        return  # a purge is queued and has not started: it will read the pages as they are now
    from lms.outbox import enqueue

    try:
        enqueue(purge_every_public_page)
    except Exception:
        # The change has committed: the editor is not told of a failure that is not theirs.
        # The CDN's copies live at most PEERPATH_CDN_MAX_AGE.
        cache.delete(PENDING_KEY)
        logger.exception("cdn: could not queue the purge of every public page")


def _on_public_address(url: str) -> str:
    """The same page at PEERPATH_BASE_URL: Wagtail builds addresses from its Site record, whose
    host name may still be the installation's ``localhost``."""
    base = urlsplit(settings.PEERPATH_BASE_URL)
    parts = urlsplit(url)
    return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))


@shared_task(name="cms.tasks.purge_every_public_page", ignore_result=True)
def purge_every_public_page() -> int:
    """Purge the address of every page published at least once from the CDN; returns how many
    addresses.
    Idempotent (a purge twice is a purge)."""
    from django.db.models import Q

    from wagtail.contrib.frontend_cache.utils import PurgeBatch
    from wagtail.models import Page

    # First, so a change committed while this runs queues a purge of its own.
    cache.delete(PENDING_KEY)
    if not cdn_configured():
        return 0
    # Every page a CDN may have kept: live ones, and those published once (unpublished, or
    # restricted since: their public copy must go too).
    pks = list(
        Page.objects.filter(Q(live=True) | Q(first_published_at__isnull=False), depth__gt=1)
        .order_by("path")
        .values_list("pk", flat=True)
    )
    purged: set[str] = set()
    for start in range(0, len(pks), PURGE_BATCH):
        chunk = pks[start : start + PURGE_BATCH]
        batch = PurgeBatch()
        batch.add_pages(Page.objects.filter(pk__in=chunk).specific(defer=True))
        batch.add_urls([_on_public_address(url) for url in batch.urls])
        # Translations share their page's address: each address is purged once.
        batch.urls -= purged
        purged |= batch.urls
        batch.purge()
    logger.info("cdn: purged %s addresses of %s published pages", len(purged), len(pks))
    return len(purged)
