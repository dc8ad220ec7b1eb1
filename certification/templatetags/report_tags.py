"""How a report's figure reads on the page: a number, or why it is hidden."""

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def report_cell(cell, unit=""):
    if cell.hidden:
        if cell.complementary:
            return format_html(
                '<span class="suppressed">{}</span>',
                _("hidden, so that a small number cannot be worked out"),
            )
        return format_html('<span class="suppressed">{}</span>', _("fewer than 11"))
    if cell.value is None:
        return format_html('<span class="muted">{}</span>', _("not enough data"))
    return formats.number_format(cell.value, force_grouping=True)


@register.simple_tag
def cycle_label(columns, index):
    """The header of a cell's column (the label a stacked table shows before it on a phone)."""
    return columns[index] if index < len(columns) else ""
