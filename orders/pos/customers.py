"""Who buys at the counter: a member the clerk found (by phone or by the member's card code), or the store's
walk-in customer (散客). Every order names a user, so each store has one walk-in account of its own: inactive, no
password, no way to log in; it earns no points and holds no stored value."""

from django.db import IntegrityError, transaction

from members.cards import member_of_card
from members.models import User
from stores.models import Store

WALK_IN_USERNAME = "pos-walk-in-{store}"


def walk_in_customer(*, store: Store) -> User:
    username = WALK_IN_USERNAME.format(store=store.pk)
    found = User.objects.filter(username=username).first()
    if found is not None:
        return found
    user = User(username=username, first_name="散客", is_active=False)
    user.set_unusable_password()
    try:
        with transaction.atomic():  # two first sales at once: the second finds the first one's row
            user.save()
    except IntegrityError:
        return User.objects.get(username=username)
    return user


def is_walk_in(user: User) -> bool:
    return user.username.startswith("pos-walk-in-") and not user.is_active


def member_find(*, query: str) -> User | None:
    """The member a clerk typed or scanned: an 11-digit phone number or a member's card code. Only active members
    (a store's walk-in account is never found)."""
    query = query.strip()
    if query.isdigit() and len(query) == 11:
        return User.objects.filter(phone=query, is_active=True).select_related("level").first()
    return member_of_card(code=query)
