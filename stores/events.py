"""The one module that records what happens to a store (its StoreEvent history): a type of StoreEventType, who,
and why in the operator's own words where they gave any. Services of stores and the apps above it (logistics'
freight templates) call it; nothing else creates a StoreEvent. The decision on an application is told to its
applicant (marketplace.notifications) in the same transaction."""

from marketplace.notifications.models import MessageKind
from marketplace.notifications.services import Notice, notify
from members.models import User
from stores.models import Store, StoreEvent, StoreEventType

DECISIONS = {
    StoreEventType.APPROVED: MessageKind.STORE_APPROVED,
    StoreEventType.REJECTED: MessageKind.STORE_REJECTED,
}


def store_event(*, store: Store, type: StoreEventType, by: User, reason: str = "", **data) -> StoreEvent:
    """The event row every change of a store, its staff or its settings leaves (who, what, when, why); a decision
    on an application also tells the applicant, with the operator's reason when they gave one."""
    event = StoreEvent.objects.create(store=store, type=StoreEventType(type), by=by, reason=reason, data=data)
    if type in DECISIONS:
        # The applicant's own message, not the store's: a rejected applicant is no staff, and an approved one reads
        # it in "my messages" as the news of their application.
        notify(
            [
                Notice(
                    kind=DECISIONS[type],
                    recipient_id=store.applicant_id,
                    key=f"store_event:{event.pk}",
                    params={"name": store.name, "store_id": store.pk, **({"reason": reason} if reason else {})},
                )
            ]
        )
    return event
