"""Pages kept for visitors who are not signed in, without handing one visitor's CSRF token on.

Two kinds of page look the same to every visitor who is not signed in: the public curriculum
(kept by ``cms/page_cache.py``) and a document's verification page (kept by
``lms.personal_pages.verified_page``, under the holder's generations). Both carry a form (the
language switch), so both carry a CSRF token, which must be each visitor's own. Pages kept for
one person (``lms/personal_pages.py``) use the same placeholder. A page rendered to be kept
therefore holds a placeholder where the token goes (the ``csrf_placeholder`` context
processor), and each response gets this visitor's own token in its place
(``with_visitor_token``, which also sets their cookie).

Who may get a kept page: a GET from a browser with no session and no pending message (no
``sessionid`` or ``messages`` cookie). Anyone signed in gets the page rendered for them.
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
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


class _ThisRequest(threading.local):
    serving = False
    reference_generation: str | None = None


_this_request = _ThisRequest()


def request_started(**_signal_kwargs) -> None:
    """Receiver of Django's ``request_started``: a request reads the reference data's generation
    once (``reference_generation_read``), not once for each part of the page that asks."""
    _this_request.serving, _this_request.reference_generation = True, None


def request_finished(**_signal_kwargs) -> None:
    _this_request.serving, _this_request.reference_generation = False, None


def reference_generation_read() -> str | None:
    """The generation this request has read already (None outside a request: tasks and
    commands read it each time)."""
    return _this_request.reference_generation


def reference_generation_seen(value: str | None) -> None:
    """Remember the generation read for the rest of this request; ``None`` forgets it (this
    request replaced it)."""
    if _this_request.serving:
        _this_request.reference_generation = value


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
