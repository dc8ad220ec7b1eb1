"""What a curriculum page adds to its template context, registered by the module that reads it.

The page models sit at the bottom of this app: ``curriculum/selectors.py`` reads them to build
the listings, totals and search a page shows. A page therefore does not import its reader (that
would be an import cycle, models -> selectors -> models). Instead the reader registers itself
for its page type, and the page's ``get_context`` asks this registry:

    @page_context.register(ProgramPage)
    def program_page_context(*, page, request) -> dict:
        return {"hours_by_domain": program_hours_by_domain(program=page)}

``CurriculumConfig.ready()`` imports the selectors, so every reader is registered before the
first page is served.
"""

from collections.abc import Callable

from django.http import HttpRequest

from wagtail.models import Page

PageContextReader = Callable[..., dict]

_readers: dict[type[Page], PageContextReader] = {}


def register(page_type: type[Page]) -> Callable[[PageContextReader], PageContextReader]:
    """Decorator: the reader of ``page_type``'s extra context (one per page type)."""

    def decorator(reader: PageContextReader) -> PageContextReader:
        _readers[page_type] = reader
        return reader

    return decorator


def context_for(page: Page, request: HttpRequest) -> dict:
    """The extra context registered for this page's type; empty when none is."""
    reader = _readers.get(type(page))
    if reader is None:
        return {}
    return reader(page=page, request=request)
