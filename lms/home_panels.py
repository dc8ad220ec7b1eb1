"""Panels that higher apps add to a person's home page, without lms importing them.

lms sits below certification (and other apps) in the dependency order, so /learn/ cannot
import their code. Instead an app registers a panel in its AppConfig.ready():

    from lms.home_panels import HomePanel, register

    register(HomePanel(
        name="certification.hours",
        template="certification/_learn_hours_panel.html",
        context=lambda request: {"summary": ...},
        order=20,
        home=LEARN,
    ))

Each home page (LEARN for /learn/, STAFF for /staff/) renders the panels registered for it, in
`order`, by including the panel's template with `panel` set to its context. A context function
returning None hides the panel for that request.

A panel that reads rows about the person may name them instead of reading them itself:
``reads(person_id)`` returns its querysets (a dict, by name) and ``context(request, rows)``
receives their rows. The home page then reads them with its own, in one statement
(lms.one_trip); elsewhere ``panels_for`` reads them one query each.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpRequest

LEARN = "learn"
STAFF = "staff"


@dataclass(frozen=True)
class HomePanel:
    name: str
    template: str
    context: Callable[..., dict | None]  # (request) or, with reads, (request, rows)
    order: int = 100
    home: str = LEARN
    reads: Callable[[int], dict[str, QuerySet]] | None = None


_registry: dict[str, HomePanel] = {}


def register(panel: HomePanel) -> None:
    """Add (or replace, by name) a panel; safe to call again when apps are reloaded."""
    _registry[panel.name] = panel


def unregister(name: str) -> None:
    _registry.pop(name, None)


@dataclass(frozen=True)
class RenderedPanel:
    template: str
    context: dict


def reading_panels(home: str) -> list[HomePanel]:
    """The panels of one home page that name the rows they read, by name."""
    return sorted(
        (panel for panel in _registry.values() if panel.home == home and panel.reads),
        key=lambda panel: panel.name,
    )


def panel_queries(panels: list[HomePanel], person_id: int) -> dict[str, QuerySet]:
    """Their querysets for one person, each named after its panel too (``panel:name``)."""
    return {
        f"{panel.name}:{name}": queryset
        for panel in panels
        for name, queryset in panel.reads(person_id).items()
    }


def panels_for(
    request: HttpRequest, *, home: str = LEARN, rows: dict | None = None
) -> list[RenderedPanel]:
    """The panels one home page shows this person, in order, each with its context. ``rows``:
    the panels' rows (``panel_queries``), when the page read them with its own."""
    rendered = []
    panels = [panel for panel in _registry.values() if panel.home == home]
    for panel in sorted(panels, key=lambda panel: (panel.order, panel.name)):
        if panel.reads is None:
            context = panel.context(request)
        else:
            prefix = f"{panel.name}:"
            if rows is None:
                own = {
                    name: list(queryset) for name, queryset in panel.reads(request.user.pk).items()
                }
            else:
                own = {
                    name[len(prefix) :]: value
                    for name, value in rows.items()
                    if name.startswith(prefix)
                }
            context = panel.context(request, own)
        if context is not None:
            rendered.append(RenderedPanel(template=panel.template, context=context))
    return rendered
