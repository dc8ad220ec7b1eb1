from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``{{ drafts|get_item:block.id }}``: a dictionary value by a variable key."""
    if not mapping:
        return None
    return mapping.get(key)
