"""Form widgets shared across apps.

``FastSelect`` renders exactly the HTML of Django's ``Select`` (same markup, same attributes, same
escaping) but builds it in Python instead of running the widget templates once per option. A
select with a few hundred options (a supervisor's trainees, say) otherwise costs thousands of
template variable lookups and one ``{% include %}`` per option on every page view.
"""

from django import forms
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe


def _attribute_value(value) -> str:
    """As ``{{ value|stringformat:'s' }}`` renders in a template: text, escaped unless safe."""
    if isinstance(value, SafeData):
        return conditional_escape(value)
    return escape(str(value))


def _text(value) -> str:
    """As ``{{ value }}`` renders in a template: localised, then escaped unless safe."""
    value = localize(value)
    if not isinstance(value, str):
        value = str(value)
    return conditional_escape(value)


def _attributes(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html renders ``attrs``."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_text(name)}")
        else:
            parts.append(f' {_text(name)}="{_attribute_value(value)}"')
    return "".join(parts)


class FastSelect(forms.Select):
    """``forms.Select`` with its options built in Python; output identical to ``Select``."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        selected_values = self.format_value(value)
        parts = [f'<select name="{_text(name)}"{_attributes(attrs)}>']
        has_selected = False
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            if isinstance(option_label, (list, tuple)):
                group_name, options = option_value, option_label
                if group_name:
                    parts.append(f'\n  <optgroup label="{_text(group_name)}">')
            else:
                group_name, options = None, ((option_value, option_label),)
            for subvalue, sublabel in options:
                selected = (not has_selected or self.allow_multiple_selected) and (
                    str(subvalue) in selected_values
                )
                has_selected |= selected
                parts.append(
                    f'\n  <option value="{_attribute_value(subvalue)}"'
                    f"{' selected' if selected else ''}>{_text(sublabel)}</option>\n"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped
