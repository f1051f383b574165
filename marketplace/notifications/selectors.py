"""Reads of the message centre, each scoped to its reader: another reader's message is not found."""

from django.db.models import Count, OuterRef, QuerySet
from django.db.models.functions import Coalesce

from marketplace.exceptions import NotFound
from marketplace.notifications.models import Message
from members.backends import per_member


def messages_of(*, user) -> QuerySet[Message]:
    """Every message addressed to `user` (their own and their store's), newest first."""
    return Message.objects.filter(recipient=user).select_related("store").order_by("-created_at", "-id")


def personal_messages(*, user) -> QuerySet[Message]:
    """What the storefront's message centre (/me/messages/) lists: the member's own messages."""
    return messages_of(user=user).filter(store__isnull=True)


def store_messages(*, user, store) -> QuerySet[Message]:
    """What the seller backend's message centre lists: the staff member's messages about their store."""
    return messages_of(user=user).filter(store=store)


def message_of(*, messages: QuerySet[Message], message_id: int) -> Message:
    message = messages.filter(pk=message_id).first()
    if message is None:
        raise NotFound()
    return message


def unread(*, user, store=None) -> QuerySet[Message]:
    """The member's own unread messages, or with `store` that store's."""
    return Message.objects.filter(recipient=user, store=store, read_at__isnull=True)


def unread_of_member() -> Coalesce:
    """The member's own unread messages counted as a value of their row (OuterRef("pk")): read with the member on
    every request (members.backends.read_with_member, as "unread_count")."""
    return per_member(unread(user=OuterRef("pk")), "recipient", Count("pk"))


def unread_count(*, user, store=None) -> int:
    """Unread messages for the header. One index-only count."""
    return unread(user=user, store=store).count()
