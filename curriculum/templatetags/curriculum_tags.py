from decimal import Decimal

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from curriculum.hours import format_hours
from curriculum.translation import is_untranslated_for_reader

register = template.Library()


@register.filter
def duration(minutes) -> str:
    """45 -> 'about 45 minutes'; 420 -> 'about 7 hours'; 90 -> 'about 1 hour 30 minutes'."""
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return ngettext("about %(m)d minute", "about %(m)d minutes", rest) % {"m": rest}
    hours_text = ngettext("%(h)d hour", "%(h)d hours", hours) % {"h": hours}
    if not rest:
        return _("about %(hours)s") % {"hours": hours_text}
    minutes_text = ngettext("%(m)d minute", "%(m)d minutes", rest) % {"m": rest}
    return _("about %(hours)s %(minutes)s") % {"hours": hours_text, "minutes": minutes_text}


@register.filter
def hours(value) -> str:
    """Decimal hours as people write them: 16.00 -> '16', 2.50 -> '2.5', 0.25 -> '0.25'."""
    if value in (None, ""):
        return ""
    return format_hours(Decimal(value))


@register.simple_tag(takes_context=True)
def shown_in_english(context, page) -> bool:
    """Whether this public page reaches the reader in English although they read another
    language (an alias of the English page, or the English page itself)."""
    return is_untranslated_for_reader(page)
