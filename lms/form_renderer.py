"""The renderer of the busiest forms' widgets: Jinja2, with the widget templates Django ships
for it (django/forms/jinja2/), the same markup as Django's own templates.

A form's widgets are rendered one template each, a menu one template per choice: the practice
page's quick entry form (five menus, about thirty choices) took 2.4 ms through the Django
template engine and 1.4 ms through Jinja2. Forms whose widgets have templates of their own
(Wagtail's admin) keep the default renderer; set ``default_renderer`` on a form of ours whose
widgets are all Django's.
"""

from django.forms.renderers import Jinja2

WIDGETS = Jinja2()
