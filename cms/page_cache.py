"""Public Wagtail pages for people who are not signed in, served from the cache.

A curriculum page looks the same to every visitor who is not signed in and reads it in the same
language on the same day. Rendering it walks Wagtail's page tree (one query per level) and loads
the rows its template shows, for an answer that changes only when an editor publishes. So the
first visitor's page is kept, and the next visitors get it without routing, queries or templates:

- **Who**: a GET without a query string from a browser that has no session and no pending
  message (no ``sessionid`` or ``messages`` cookie). Anyone signed in, or with something in
  their session, gets the page rendered for them, as before.
- **Key**: host, path and language (``request.LANGUAGE_CODE``, from the language cookie or the
  browser's Accept-Language). The entry carries the reference-data generation
  (``lms.learning.cache``) it was rendered under and the day: a save or delete of any page, view
  restriction, domain, topic, credential definition, image, document, packaged activity, site
  or locale replaces the generation, so an edit shows on the next request; a new day renders
  the home page's "credentials in effect today" afresh.
- **The CSRF token**: each page carries a form (the language switch). A kept copy must not hand
  one visitor's token to the next: see ``lms/kept_pages.py``, shared with /verify/.
- Only answers that came from Wagtail's page view, with status 200 and an HTML body, are kept.
- With a CDN in front (``WAGTAILFRONTENDCACHE`` set), these kept pages, and only they, say a
  shared cache may keep them, and go out with the placeholder: ``cms/frontend_cache.py``.

The lookup is one round trip to the cache (the generation and the entry, together). Entries
expire after an hour as a safety net for changes that send no signal (a bulk ``update()``; a
release with new templates: ``manage.py clear_page_cache``).
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from cms.frontend_cache import cdn_configured, private_unless_said, shared
from lms.kept_pages import (
    RENDERED_FOR_CACHE,
    is_candidate,
    kept_response,
    language_of,
    reference_generation_seen,
    with_visitor_token,
)
from lms.learning.cache import GENERATION_KEY, reference_generation

KEY_PREFIX = "peerpath:page:v2"
ENTRY_TIMEOUT = 60 * 60
CANDIDATE = "_peerpath_page_cache_candidate"
WAGTAIL_PAGE = "_peerpath_page_cache_wagtail_page"


def _entry_key(request: HttpRequest) -> str:
    """Bounded whatever the address (a path may be long or hold any character)."""
    place = hashlib.sha256(f"{request.get_host()}{request.path}".encode()).hexdigest()
    return f"{KEY_PREFIX}:{language_of(request)}:{place}"


class AnonymousPageCacheMiddleware:
    """Serve and keep public pages for visitors who are not signed in (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if not is_candidate(request):
            return private_unless_said(self.get_response(request))
        key = _entry_key(request)
        found = cache.get_many([GENERATION_KEY, key])
        today = timezone.localdate().isoformat()
        entry = found.get(key)
        generation = found.get(GENERATION_KEY)
        cdn = cdn_configured()
        if entry is not None and generation is not None and entry[:2] == (generation, today):
            if cdn:
                return shared(kept_response(request, entry[2], entry[3], visitor_token=False))
            return kept_response(request, entry[2], entry[3])

        setattr(request, CANDIDATE, True)
        reference_generation_seen(generation)  # the page's parts need not read it again
        generation = generation or reference_generation()
        response = self.get_response(request)
        if not getattr(request, WAGTAIL_PAGE, False) or response.streaming:
            return private_unless_said(response)
        content = response.content
        if (
            response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
            and not response.cookies
        ):
            cache.set(key, (generation, today, content, response["Content-Type"]), ENTRY_TIMEOUT)
            if cdn:
                # The placeholder stays: the page's script fetches each visitor's own token.
                return shared(response)
        response.content = with_visitor_token(request, content)
        return private_unless_said(response)


def mark_page_rendered_for_cache(page, request, serve_args, serve_kwargs) -> None:
    """Wagtail's before_serve_page hook: this page view may be kept (see the module)."""
    if getattr(request, CANDIDATE, False):
        setattr(request, WAGTAIL_PAGE, True)
        setattr(request, RENDERED_FOR_CACHE, True)


def clear_page_cache() -> None:
    """Retire every kept page (and the shared reference data with them)."""
    from lms.learning.cache import invalidate_reference_data

    invalidate_reference_data()
