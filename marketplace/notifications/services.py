"""Telling people what happened (decision 0017): a message in the message centre, an e-mail, an SMS.

`notify` is called by the module that records an event (orders/events.py, catalog/events.py...), inside the
event's transaction, with who is to be told. Each reader gets what the channels they chose for the kind's group
allow, once per event (the notice's key): the message-centre row is written there and then (it is the database's
own), an e-mail and an SMS become outbox rows (marketplace.outbox), sent after commit by delivery.py under keys
made of the event, the channel and the reader, so a retry never sends a second one."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from marketplace.notifications.kinds import DEFAULT_CHANNELS, Channels, group_of
from marketplace.notifications.models import Message, NotificationGroup, NotificationPreference
from marketplace.outbox import Outgoing, outbox_put_many

# The outbox kinds of the channels that leave the database (their handlers are in delivery.py).
EMAIL = "notifications.email"
SMS = "notifications.sms"


@dataclass(frozen=True)
class Notice:
    """Tell `recipient_id` of one thing that happened, once per `key` ("order_event:42"). With `store_id` it is a
    store's message, read by that staff member in the seller backend."""

    kind: str
    recipient_id: int
    key: str
    params: dict = field(default_factory=dict)
    store_id: int | None = None


def notify(notices: Iterable[Notice]) -> None:
    """Tell each notice's reader by the channels they chose for its group. Call it in the transaction of the event
    it tells of: the messages and outbox rows commit, or roll back, with the event."""
    notices = list(notices)
    if not notices:
        return
    reader_ids = {notice.recipient_id for notice in notices}
    readers = {
        user.pk: user
        for user in get_user_model().objects.filter(pk__in=reader_ids, is_active=True).only("pk", "email", "phone")
    }
    chosen = channels_of(user_ids=reader_ids)
    messages, outgoing = [], []
    for notice in notices:
        reader = readers.get(notice.recipient_id)
        if reader is None:
            continue
        group = group_of(notice.kind)
        channels = chosen.get((reader.pk, group), DEFAULT_CHANNELS[group])
        if channels.site:
            messages.append(
                Message(
                    recipient_id=reader.pk,
                    store_id=notice.store_id,
                    kind=notice.kind,
                    params=notice.params,
                    key=notice.key,
                )
            )
        payload = {"recipient": reader.pk, "kind": notice.kind, "params": notice.params}
        if channels.email and reader.email:
            outgoing.append(Outgoing(EMAIL, f"{notice.key}:email:{reader.pk}", payload))
        if channels.sms and reader.phone:
            outgoing.append(Outgoing(SMS, f"{notice.key}:sms:{reader.pk}", payload))
    Message.objects.bulk_create(messages, ignore_conflicts=True)  # told before: the unique key keeps the first
    outbox_put_many(outgoing)


# --- Preferences


def channels_of(*, user_ids: Iterable[int]) -> dict[tuple[int, str], Channels]:
    """The channels each of these users chose, by (user id, group); a group nobody chose for is absent."""
    rows = NotificationPreference.objects.filter(user_id__in=list(user_ids))
    return {(row.user_id, row.group): Channels(site=row.site, email=row.email, sms=row.sms) for row in rows}


def preferences_of(*, user) -> dict[str, Channels]:
    """Every group's channels for `user`, the defaults where they chose nothing, in the groups' order."""
    chosen = channels_of(user_ids=[user.pk])
    return {group: chosen.get((user.pk, group), DEFAULT_CHANNELS[group]) for group in NotificationGroup.values}


@transaction.atomic
def preferences_update(*, user, groups: Mapping[str, Channels], language: str | None = None) -> dict[str, Channels]:
    """Set the channels of the groups named (the others stay as they are) and, if given, the language e-mail and
    SMS are written in. Returns every group's channels."""
    for group, channels in groups.items():
        NotificationPreference.objects.update_or_create(
            user=user, group=NotificationGroup(group), defaults=vars(channels)
        )
    if language is not None and language != user.language:
        user.language = language
        user.save(update_fields=["language"])
    return preferences_of(user=user)


# --- Reading


def message_read(*, message: Message, now: datetime | None = None) -> Message:
    """Mark one message read (again: nothing changes)."""
    if message.read_at is None:
        message.read_at = now or timezone.now()
        Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=message.read_at)
    return message


def messages_read_all(*, messages: QuerySet[Message], now: datetime | None = None) -> int:
    """Mark every unread message of `messages` (a reader's, already scoped) read. Returns how many."""
    return messages.filter(read_at__isnull=True).update(read_at=now or timezone.now())
