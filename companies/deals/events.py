"""The one module that records what happens to a deal (its DealEvent history): a type, who, why and what changed."""

from companies.models import Deal, DealEvent, DealEventType
from members.models import User


def deal_event(*, deal: Deal, type: DealEventType, by: User | None, reason: str = "", **data) -> DealEvent:
    return DealEvent.objects.create(deal=deal, type=DealEventType(type), by=by, reason=reason, data=data)
