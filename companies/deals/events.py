"""The one module that records what happens to a deal (its DealEvent history): a type, who, why and what changed;
and who on the other side is told of it (marketplace.notifications, decision 0017), in the event's transaction, once
per event and reader (the message's key is the event's)."""

from companies.deals.selectors import deal_totals
from companies.models import CompanyMember, CompanyRole, Deal, DealEvent, DealEventType
from marketplace.amounts import money_text
from marketplace.notifications.models import MessageKind
from marketplace.notifications.services import Notice, notify
from members.models import User
from stores.models import StaffRole, StoreMembership

STORE, COMPANY = "store", "company"
# Who hears of each step: the store's staff, its managers (and owner), the one who sent the offer, the company's
# buyer who asked, the company's approvers; (kind, readers).
TOLD = {
    DealEventType.REQUESTED: ((MessageKind.DEAL_REQUESTED, "staff"),),
    DealEventType.OFFERED: ((MessageKind.DEAL_OFFERED, "buyer"),),
    DealEventType.APPROVAL_REQUESTED: ((MessageKind.DEAL_APPROVAL_NEEDED, "managers"),),
    DealEventType.APPROVED: ((MessageKind.DEAL_APPROVED, "sender"), (MessageKind.DEAL_OFFERED, "buyer")),
    DealEventType.APPROVAL_REFUSED: ((MessageKind.DEAL_APPROVAL_REFUSED, "sender"),),
    DealEventType.ACCEPTED: ((MessageKind.DEAL_ACCEPTED, "staff"),),
    DealEventType.COMPANY_APPROVAL_REQUESTED: ((MessageKind.DEAL_COMPANY_APPROVAL_NEEDED, "approvers"),),
    DealEventType.COMPANY_APPROVED: ((MessageKind.DEAL_COMPANY_APPROVED, "buyer"),),
}


def deal_event(*, deal: Deal, type: DealEventType, by: User | None, reason: str = "", **data) -> DealEvent:
    event = DealEvent.objects.create(deal=deal, type=DealEventType(type), by=by, reason=reason, data=data)
    _tell(event)
    return event


def _readers(deal: Deal, who: str) -> tuple[str, list[int]]:
    """The side (store or company) and the users of it to tell."""
    staff = StoreMembership.objects.filter(store_id=deal.store_id)
    if who == "staff":
        return STORE, list(staff.values_list("user_id", flat=True))
    if who == "managers":
        managers = staff.filter(role__in=[StaffRole.OWNER, StaffRole.MANAGER]).exclude(user_id=deal.offered_by_id)
        return STORE, list(managers.values_list("user_id", flat=True))
    if who == "sender":
        return STORE, [deal.offered_by_id] if deal.offered_by_id else []
    if who == "approvers":
        approvers = CompanyMember.objects.filter(company_id=deal.company_id, role=CompanyRole.APPROVER)
        return COMPANY, list(approvers.values_list("user_id", flat=True))
    return COMPANY, [deal.buyer_id]


def _tell(event: DealEvent) -> None:
    deal = event.deal
    told = TOLD.get(event.type, ())
    if event.type == DealEventType.CONTRACT_CONFIRMED:  # the other side of the one who confirmed
        told = ((MessageKind.DEAL_CONTRACT_CONFIRMED, "buyer" if event.data.get("side") == STORE else "staff"),)
    if not told:
        return
    totals = deal_totals(deal)
    params = {
        "deal_id": deal.pk,
        "number": deal.number,
        "company": deal.company.name,
        "store": deal.store.name,
        "total": money_text(totals.total),
        "percent_off": str(totals.percent_off),
        "valid_until": deal.valid_until.isoformat() if deal.valid_until else "",
        **({"reason": event.reason} if event.reason else {}),
    }
    notices = []
    for kind, who in told:
        side, user_ids = _readers(deal, who)
        store_id = deal.store_id if side == STORE else None
        notices += [
            Notice(
                kind=kind,
                recipient_id=user_id,
                key=f"deal_event:{event.pk}:{kind}",
                params={**params, "side": side},
                store_id=store_id,
            )
            for user_id in user_ids
            if user_id is not None and user_id != event.by_id  # no one is told of their own step
        ]
    notify(notices)
