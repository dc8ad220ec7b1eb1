"""Panels that higher apps add to a person's home page, without lms importing them.

lms sits below certification (and other apps) in the dependency order, so /learn/ cannot
import their code. Instead an app registers a panel in its AppConfig.ready():

    from lms.home_panels import HomePanel, register

    register(HomePanel(
        name="certification.hours",
        template="certification/_learn_hours_panel.html",
        context=lambda request: {"summary": ...},
        order=20,
    ))

learn_home renders every registered panel, in `order`, by including its template with the
panel's context. A context function returning None hides the panel for that request.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class HomePanel:
    name: str
    template: str
    context: Callable[[HttpRequest], dict | None]
    order: int = 100


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


def panels_for(request: HttpRequest) -> list[RenderedPanel]:
    """The panels to show this person, in order, each with its context."""
    rendered = []
    for panel in sorted(_registry.values(), key=lambda panel: (panel.order, panel.name)):
        context = panel.context(request)
        if context is not None:
            rendered.append(RenderedPanel(template=panel.template, context=context))
    return rendered
