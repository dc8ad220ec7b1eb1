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
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

LEARN = "learn"
STAFF = "staff"


@dataclass(frozen=True)
class HomePanel:
    name: str
    template: str
    context: Callable[[HttpRequest], dict | None]
    order: int = 100
    home: str = LEARN


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


def panels_for(request: HttpRequest, *, home: str = LEARN) -> list[RenderedPanel]:
    """The panels one home page shows this person, in order, each with its context."""
    rendered = []
    panels = [panel for panel in _registry.values() if panel.home == home]
    for panel in sorted(panels, key=lambda panel: (panel.order, panel.name)):
        context = panel.context(request)
        if context is not None:
            rendered.append(RenderedPanel(template=panel.template, context=context))
    return rendered
