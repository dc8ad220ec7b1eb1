from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def hours(value) -> str:
    """Hours as people say them: 1.5, 2, 0.75 (never 1.50 or 2.00), in the active locale."""
    if value in (None, ""):
        return "0"
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    places = max(0, -number.normalize().as_tuple().exponent)
    return number_format(number, decimal_pos=places)
