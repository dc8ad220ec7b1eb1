"""Pages kept for visitors who are not signed in, without handing one visitor's CSRF token on.

Two kinds of page look the same to every visitor who is not signed in: the public curriculum
(kept by ``cms/page_cache.py``) and a document's verification page (kept here, by
``verified_page``). Both carry a form (the language switch), so both carry a CSRF token, which
must be each visitor's own. A page rendered to be kept therefore holds a placeholder where the
token goes (the ``csrf_placeholder`` context processor), and each response gets this visitor's
own token in its place (``with_visitor_token``, which also sets their cookie).

Who may get a kept page: a GET from a browser with no session and no pending message (no
``sessionid`` or ``messages`` cookie). Anyone signed in gets the page rendered for them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import patch_vary_headers

# Where the visitor's token goes in a page rendered to be kept: letters only, as long as a real
# token, so nothing escapes it or mistakes it for a token.
CSRF_PLACEHOLDER = "pagecachecsrftokenplaceholder" + "x" * 35
_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()
RENDERED_FOR_CACHE = "_peerpath_rendered_to_keep"
RENDERED_FOR_PERSON = "_peerpath_rendered_to_keep_for_one_person"
VERIFY_KEY_PREFIX = "peerpath:verify:v2"
# Replaced on any change of the curriculum or other reference data (lms/learning/cache.py).
REFERENCE_GENERATION_KEY = "peerpath:reference-data:generation"
VERIFY_TIMEOUT = 10 * 60  # short: the page names the holder


def is_candidate(request: HttpRequest, *, allow_query: bool = False) -> bool:
    """Whether this visitor may get (and leave behind) a kept page."""
    return (
        request.method == "GET"
        and (allow_query or not request.META.get("QUERY_STRING"))
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def language_of(request: HttpRequest) -> str:
    return getattr(request, "LANGUAGE_CODE", "") or settings.LANGUAGE_CODE


def with_visitor_token(request: HttpRequest, content: bytes) -> bytes:
    """The page with this visitor's own CSRF token where the placeholder is."""
    if _PLACEHOLDER_BYTES not in content:
        return content
    return content.replace(_PLACEHOLDER_BYTES, get_token(request).encode())


def kept_response(
    request: HttpRequest, content: bytes, content_type: str, *, visitor_token: bool = True
) -> HttpResponse:
    """A kept page for this visitor: with their own token, or (``visitor_token=False``, for a
    page a shared cache may keep) with the placeholder, which the page's script fills in."""
    if visitor_token:
        content = with_visitor_token(request, content)
    response = HttpResponse(content, content_type=content_type)
    patch_vary_headers(response, ("Cookie",))
    return response


def csrf_placeholder(request: HttpRequest) -> dict:
    """Context processor: the placeholder in place of the token in a page rendered to be kept
    (and ``kept_page``, so the page carries the script that fetches a token where a shared
    cache handed it on with the placeholder: static/js/kept-page-token.js)."""
    if getattr(request, RENDERED_FOR_CACHE, False):
        # A person's own kept page always gets their token from the server: no script.
        shared = not getattr(request, RENDERED_FOR_PERSON, False)
        return {"csrf_token": CSRF_PLACEHOLDER, "kept_page": shared}
    return {}


def verified_page(
    request: HttpRequest, *, code: str, resolve: Callable, render: Callable
) -> HttpResponse:
    """A verification page, kept per code and language for visitors who are not signed in,
    and served without a query while nothing it shows has changed: the entry records the
    generations of the holder's records and of the organisations it names
    (lms/personal_pages.py), which a revoke, renewal, correction or name change replaces, and
    the day (a credential expires by date). Only pages that found a document are kept.
    ``resolve()`` finds the document (or None), ``render(document)`` shows it."""
    from lms import personal_pages

    if not (is_candidate(request) and personal_pages.enabled()):
        return render(resolve())
    place = hashlib.sha256(f"{request.get_host()}/{code}".encode()).hexdigest()
    key = f"{VERIFY_KEY_PREFIX}:{language_of(request)}:{place}"
    today = timezone.localdate().isoformat()
    entry = cache.get(key)
    if (
        entry is not None
        and entry["day"] == today
        and personal_pages.still_current(entry["depends_on"])
    ):
        return kept_response(request, entry["content"], entry["content_type"])
    document = resolve()
    if document is None or document.holder_id is None:
        return render(document)
    # The generations first, then the records they cover (read again: a change committed
    # between the first reading and the generations would otherwise be kept as current).
    depends_on = personal_pages.generations(
        people=[document.holder_id], shared=document.organization_ids
    )
    document = resolve()
    setattr(request, RENDERED_FOR_CACHE, True)
    response = render(document)
    if hasattr(response, "render"):
        response.render()
    content = response.content
    if document is not None and response.status_code == 200 and not response.cookies:
        cache.set(
            key,
            {
                "depends_on": depends_on,
                "day": today,
                "content": content,
                "content_type": response["Content-Type"],
            },
            VERIFY_TIMEOUT,
        )
    response.content = with_visitor_token(request, content)
    return response
