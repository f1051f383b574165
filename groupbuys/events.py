"""The one module that records the group buy's history (typed by EventType) and tells members what became of their
group: complete (their order ships) or failed (their order refunded in full)."""

from groupbuys.models import Campaign, Event, EventType, Group, Member
from marketplace.notifications.models import MessageKind
from marketplace.notifications.services import Notice, notify

TOLD = {
    EventType.SUCCEEDED: MessageKind.GROUP_BUY_SUCCEEDED,
    EventType.FAILED: MessageKind.GROUP_BUY_FAILED,
    EventType.LATE_PAYMENT_REFUNDED: MessageKind.GROUP_BUY_FAILED,
}


def record(
    *, campaign: Campaign, type: EventType, group: Group | None = None, by=None, tell: list[Member] = (), **data
) -> Event:
    """Record `type`; for a group's end, tell each member in `tell` (once per event and member)."""
    event = Event.objects.create(campaign=campaign, group=group, type=type, by=by, data=data)
    if tell:
        title = campaign.sku.spu.title
        notify(
            Notice(
                kind=TOLD[type],
                recipient_id=member.user_id,
                key=f"group_buy_event:{event.pk}:{member.pk}",
                params={"title": title, "order_no": member.order.order_no, "amount": f"{member.order.payable:.2f}"},
            )
            for member in tell
        )
    return event
