"""Template helpers of the seller backend's pages."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, or None: errors and values of a form's rows looked up by row."""
    try:
        return mapping.get(key) if hasattr(mapping, "get") else mapping[key]
    except (KeyError, IndexError, TypeError):
        return None
