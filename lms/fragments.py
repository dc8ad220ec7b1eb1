"""The busiest repeated parts of personal pages, rendered by Jinja2 (templates in ``fragments/``).

The Django template engine costs about 100 µs for each row of a list such as a credential's
requirements or a trainee's practice entries (a lookup and a node call for every variable, tag
and filter); Jinja2 compiles a template to Python and renders the same row in a fraction of it.
The page around stays a Django template and places a part with ``{% fragment "name" key=value %}``
(``lms/templatetags/fragments.py``), or a view renders one with :func:`render`.

What a fragment may use is fixed here, so a part reads the same wherever it is placed:
- ``_("…")`` for the product's words: the active language's catalogue, as ``{% translate %}``.
  Only a literal string right after ``{{`` is picked up by ``make messages`` (it reads these files
  as it reads Django templates), so interpolate with ``_("%(n)s hours") % {"n": …}``, which has the
  same message id as ``{% blocktranslate %}``; plurals are worked out in Python.
- the filters and functions the apps provide (:func:`provide`, from their ``AppConfig.ready``:
  certification gives ``hours``, ``figure``, ``day`` and ``requirement_action``);
- whatever the caller passes. A name the caller did not pass is an error, never an empty string.

Every value is escaped unless it is already safe HTML (Django's ``mark_safe``, a bound field, an
error list), as in Django templates; a lazy translation is turned into its text first, as Django
does, so a lazily built safe text (a password's help) stays safe. Numbers and dates are not
localised: pass text (the filters above) where the locale matters.
"""

from pathlib import Path

from django.conf import settings
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext

import jinja2

ROOT = Path(__file__).resolve().parent.parent / "fragments"


_ENVIRONMENT: jinja2.Environment | None = None
_FILTERS: dict = {}
_FUNCTIONS: dict = {}


def provide(*, filters: dict | None = None, functions: dict | None = None) -> None:
    """Make filters and functions available to every fragment (before the first is rendered)."""
    if _ENVIRONMENT is not None:
        raise RuntimeError("Provide fragments' filters and functions from AppConfig.ready.")
    _FILTERS.update(filters or {})
    _FUNCTIONS.update(functions or {})


def _text_of_lazy(value):
    return str(value) if isinstance(value, Promise) else value


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(  # noqa: S701 - autoescape is on
        loader=jinja2.FileSystemLoader(ROOT),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=settings.DEBUG,
        keep_trailing_newline=False,
        finalize=_text_of_lazy,
    )
    environment.globals.update(_FUNCTIONS, _=gettext, pgettext=pgettext)
    environment.filters.update(_FILTERS)
    return environment


def environment() -> jinja2.Environment:
    global _ENVIRONMENT  # noqa: PLW0603 - one environment per process, built on first use
    if _ENVIRONMENT is None:
        _ENVIRONMENT = _environment()
    return _ENVIRONMENT


def render(name: str, **context) -> SafeString:
    """The fragment ``fragments/<name>`` rendered with ``context``, as safe HTML."""
    return mark_safe(environment().get_template(name).render(context))  # noqa: S308 - escaped by Jinja2
