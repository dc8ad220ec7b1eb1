"""``{% remembered key … %}…{% endremembered %}``: a part of the page that reads the same for
everyone with the same keys (and language), rendered once per process and remembered.

The header and the links in the head of every page (base.html) cost most of a millisecond to
render and change only with the person's roles, the address and the language: remembered, they
cost a dictionary lookup. The part may hold a CSRF token: it is rendered with a placeholder in
its place and each response gets its own (as kept pages do, lms/kept_pages.py). Only what the
keys name (and the language) may change the part; anything else it shows must be fixed for the
life of the process (URLs, static files, settings: a changed setting forgets every part, for
tests).
"""

import threading
from collections import OrderedDict

from django import template
from django.core.signals import setting_changed
from django.utils.translation import get_language

from lms.kept_pages import CSRF_PLACEHOLDER

register = template.Library()

_PARTS: OrderedDict = OrderedDict()
_LOCK = threading.Lock()
MAX_PARTS = 2048  # a few per address and set of roles; the least recently used go first


def forget_all(**_signal_kwargs) -> None:
    with _LOCK:
        _PARTS.clear()


setting_changed.connect(forget_all, dispatch_uid="lms.templatetags.remembered")


def _key_part(value):
    if isinstance(value, (list, tuple)):
        return tuple(_key_part(item) for item in value)
    return str(value)


class RememberedNode(template.Node):
    def __init__(self, name: str, keys, nodelist):
        self.name, self.keys, self.nodelist = name, keys, nodelist

    def render(self, context) -> str:
        key = (self.name, get_language(), *(_key_part(k.resolve(context)) for k in self.keys))
        with _LOCK:
            html = _PARTS.get(key)
            if html is not None:
                _PARTS.move_to_end(key)
        if html is None:
            with context.push(csrf_token=CSRF_PLACEHOLDER):
                html = self.nodelist.render(context)
            with _LOCK:
                _PARTS[key] = html
                while len(_PARTS) > MAX_PARTS:
                    _PARTS.popitem(last=False)
        token = context.get("csrf_token")
        return html.replace(CSRF_PLACEHOLDER, str(token)) if token else html


@register.tag
def remembered(parser, token):
    """``{% remembered "name" key1 key2 %}``: the name tells parts apart, the keys are the
    variables the part depends on."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% remembered %} needs a name and its keys.")
    nodelist = parser.parse(("endremembered",))
    parser.delete_first_token()
    return RememberedNode(bits[1], [parser.compile_filter(bit) for bit in bits[2:]], nodelist)
