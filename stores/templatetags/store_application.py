"""The account menu's store link: the seller backend for store staff, "open a store" for everyone else."""

from django import template

from stores.selectors import membership_of

register = template.Library()


@register.simple_tag(takes_context=True)
def seller_membership(context):
    """The logged-in user's store membership (one query a request, shared with the seller pages), or None."""
    request = context.get("request")
    return membership_of(request.user) if request is not None else None
