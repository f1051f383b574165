"""Template helpers of the storefront pages: prices as shoppers read them, and the category navigation."""

from decimal import Decimal, InvalidOperation

from django import template

from catalog import holes, selectors
from marketplace.money import quantize

register = template.Library()


@register.filter
def yuan(amount) -> str:
    """¥ and two decimals (¥5999.00), the way Chinese shops print prices, the sign before the ¥ (−¥216.74);
    empty for no amount."""
    if amount is None or amount == "":
        return ""
    try:
        value = quantize(Decimal(amount))
    except (InvalidOperation, TypeError, ValueError):
        return ""
    return f"-¥{-value}" if value < 0 else f"¥{value}"


@register.inclusion_tag("catalog/partials/category_nav.html", takes_context=True)
def category_nav(context):
    """The header's storefront categories (top level, children on hover). A page that already read the tree
    passes it as `category_tree`, saving the query."""
    tree = context.get("category_tree")
    if tree is None:
        tree = selectors.storefront_category_tree()
    current = context.get("category")
    return {"tree": tree, "current_root": current.tree_id if current is not None else None}


@register.filter
def thumb(image, size) -> str:
    """The URL of a product picture's thumbnail of `size` pixels, or of the picture itself until the thumbnail
    task has made it."""
    if image is None or not image.image:
        return ""
    name = (image.thumbnails or {}).get(str(size))
    return image.image.storage.url(name) if name else image.image.url


@register.simple_tag(takes_context=True)
def personal(context, name: str, **args):
    """A part of a storefront page that is the shopper's own (catalog.holes): drawn in place, or, on the page every
    logged-in shopper shares from the cache, a marker that each answer fills with the asker's part."""
    request = context.get("request")
    return holes.marker(name, args) if holes.shared_render(request) else holes.render_in_place(context, name, args)
