"""Reads of the cart, always the member's own."""

from django.db.models import OuterRef, QuerySet, Sum
from django.db.models.functions import Coalesce

from marketplace.exceptions import NotFound
from members.backends import per_member
from members.models import User
from orders.models import CartItem


def cart_items(*, user: User) -> QuerySet[CartItem]:
    return CartItem.objects.filter(user=user).order_by("-added_at", "-id")


def cart_item_of(*, user: User, item_id: int) -> CartItem:
    """The member's own line; anyone else's is not found."""
    item = cart_items(user=user).filter(pk=item_id).first()
    if item is None:
        raise NotFound()
    return item


def cart_units(*, user: User) -> int:
    """How many units the member's cart holds (the header's count)."""
    return CartItem.objects.filter(user=user).aggregate(units=UNITS)["units"] or 0


UNITS = Sum("quantity")  # a cart's units, over its lines


def units_of_member() -> Coalesce:
    """The cart's units as a value of the member's row (OuterRef("pk")): read with the member on every request
    (members.backends.read_with_member, as "cart_units")."""
    return per_member(cart_items(user=OuterRef("pk")), "user", UNITS)
