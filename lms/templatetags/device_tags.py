from django import template
from django.utils.translation import gettext as _

from lms.accounts.devices import device_summary

register = template.Library()


@register.filter
def device(user_agent: str) -> str:
    """ "Chrome on Android", or what can be told of it."""
    browser, system = device_summary(user_agent)
    if browser and system:
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    return browser or system or _("An unknown browser")
