"""The renderer of the busiest forms' widgets: Jinja2, with the widget templates Django ships
for it (django/forms/jinja2/), the same markup as Django's own templates.

A form's widgets are rendered one template each, a menu one template per choice: the practice
page's quick entry form (five menus, about thirty choices) took 2.4 ms through the Django
template engine and 1.4 ms through Jinja2. A menu here writes its choices in place
(lms/form_templates/, the same markup) rather than including a template for each. Forms whose
widgets have templates of their own (Wagtail's admin) keep the default renderer; set
``default_renderer`` on a form of ours whose widgets are all Django's.
"""

from pathlib import Path

import django.forms
from django.forms.renderers import Jinja2
from django.utils.functional import cached_property

OURS = Path(__file__).resolve().parent / "form_templates"
DJANGOS = Path(django.forms.__file__).resolve().parent / "jinja2"


class _Widgets(Jinja2):
    @cached_property
    def engine(self):
        return self.backend(
            {"APP_DIRS": False, "DIRS": [OURS, DJANGOS], "NAME": "peerpath-widgets", "OPTIONS": {}}
        )


WIDGETS = _Widgets()
