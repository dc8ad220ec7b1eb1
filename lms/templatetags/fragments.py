"""``{% fragment "name" key=value … %}``: a part of the page rendered by Jinja2
(lms/fragments.py)."""

from django import template

from lms import fragments

register = template.Library()


@register.simple_tag
def fragment(name: str, **context):
    return fragments.render(name, **context)
