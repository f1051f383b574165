"""The one module that records what happens to a store (its StoreEvent history): a type of StoreEventType, who,
and why in the operator's own words where they gave any. Services of stores and the apps above it (logistics'
freight templates) call it; nothing else creates a StoreEvent."""

from members.models import User
from stores.models import Store, StoreEvent, StoreEventType


def store_event(*, store: Store, type: StoreEventType, by: User, reason: str = "", **data) -> StoreEvent:
    """The event row every change of a store, its staff or its settings leaves (who, what, when, why)."""
    return StoreEvent.objects.create(store=store, type=StoreEventType(type), by=by, reason=reason, data=data)
