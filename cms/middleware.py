"""Guards in front of views the project does not own (Wagtail's admin)."""

import re

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404

from wagtail.admin.views.generic.chooser import ChosenMultipleViewMixin, ChosenViewMixin
from wagtail.coreutils import resolve_model_string

from csp.constants import SELF, UNSAFE_INLINE

from curriculum.input_limits import id_fits


def _is_possible_id(model, value: str) -> bool:
    """Whether `value` could be the primary key of one of `model`'s rows."""
    if "\x00" in value:
        return False
    try:
        model._meta.pk.to_python(value)
    except ValidationError:
        return False
    return id_fits(value)


class ChooserIdGuardMiddleware:
    """An id that cannot be a record's id answers 404 on Wagtail's chooser views.

    Wagtail's "chosen" views (snippets, documents, images: ``…/chosen/<str:pk>/`` and
    ``…/chosen-multiple/?id=…``) hand the id from the address straight to the database and
    turn only "no such record" into 404; an id such as a NUL byte or letters for a numeric key
    raises ValueError there, a 500. Until Wagtail checks the id itself, it is checked here,
    before the view runs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_class = getattr(view_func, "view_class", None)
        if view_class is None:
            return None
        if issubclass(view_class, ChosenViewMixin) and "pk" in view_kwargs:
            values = [unquote(str(view_kwargs["pk"]))]
        elif issubclass(view_class, ChosenMultipleViewMixin):
            values = request.GET.getlist("id")
        else:
            return None
        model = view_func.view_initkwargs.get("model") or view_class.model
        if model is None:
            return None
        model = resolve_model_string(model)
        if not all(_is_possible_id(model, value) for value in values):
            raise Http404
        return None


# An inline <script> element (not a JSON data block) that carries no nonce yet.
_INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\b(?:src|nonce)=)(?![^>]*\btype=\"application/(?:ld\+)?json\")"
)


class AdminCSPMiddleware:
    """The Content-Security-Policy allows no inline script or style on the site's pages. Wagtail's
    admin needs two allowances, under its own address only:

    - it writes a few inline scripts (an inline panel's set-up, the date pickers): each one
      Wagtail rendered into the admin's HTML gets this response's nonce;
    - Draftail, its rich-text editor, adds style elements at run time (list numbering), so the
      admin's style-src allows inline styles. Scripts stay nonce-only.

    tests/e2e/test_browser_surface.py loads each kind of page and sees no violation.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/admin/"

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(self.prefix):
            return response
        response._csp_replace = {"style-src": [SELF, UNSAFE_INLINE]}
        if (
            response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or not hasattr(request, "csp_nonce")
        ):
            return response
        content = response.content.decode(response.charset or "utf-8")
        if _INLINE_SCRIPT.search(content):
            nonce = str(request.csp_nonce)
            content = _INLINE_SCRIPT.sub(lambda found: f'{found.group(0)} nonce="{nonce}"', content)
            response.content = content.encode(response.charset or "utf-8")
        return response
