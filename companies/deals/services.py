"""Writes of deals: a quote asked for or a deal opened by the store, the store's prices and special discount, the
store's and the company's approvals, the buyer's acceptance, the order it became, the expiry sweep and the
contract's confirmations. Each is one transaction that locks the deal's row, checks the transition table
(companies.models.DEAL_TRANSITIONS) and leaves a DealEvent for every step and change, with who and why."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Sku
from companies.deals.events import deal_event
from companies.deals.exceptions import ApprovalNotAllowed, DealExpired, DealNotReady
from companies.deals.selectors import approval_percent, deal_totals
from companies.models import (
    Company,
    CompanyMember,
    CompanyRole,
    CompanyStatus,
    Deal,
    DealEventType,
    DealLine,
    DealOrigin,
    DealStatus,
    StoreDealSettings,
)
from marketplace.amounts import money_text
from marketplace.exceptions import InvalidInput, InvalidTransition, NotFound
from members.models import User
from stores.models import StaffRole, Store
from stores.selectors import membership_of

MAX_LINES = 50
MAX_QUANTITY = 9999
REASON_MAX = 200
STORE_APPROVERS = frozenset({StaffRole.OWNER, StaffRole.MANAGER})


def _refuse(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, fields={field: [message]})


def _locked(deal: Deal) -> Deal:
    """The deal re-read under its row lock: two people acting on it act one after the other."""
    return Deal.objects.select_for_update().select_related("company", "store").get(pk=deal.pk)


def _move(deal: Deal, to: DealStatus, *fields: str) -> None:
    if not deal.can_become(to):
        raise InvalidTransition(
            _("This deal cannot do that now (it is %(status)s).") % {"status": deal.get_status_display()}
        )
    deal.status = to
    deal.save(update_fields=["status", "updated_at", *fields])


@dataclass(frozen=True)
class WantedLine:
    sku_id: int
    quantity: int


def _lines(wanted: list[WantedLine]) -> tuple[Store, list[tuple[Sku, int]]]:
    """The SKUs asked for, merged per SKU, all on sale and of one store (a deal is between one store and one
    company); that store."""
    quantities: dict[int, int] = {}
    for line in wanted:
        quantities[line.sku_id] = quantities.get(line.sku_id, 0) + line.quantity
    if not quantities or len(quantities) > MAX_LINES:
        raise _refuse("lines", _("Name between 1 and %(n)d SKUs.") % {"n": MAX_LINES})
    if any(not 1 <= quantity <= MAX_QUANTITY for quantity in quantities.values()):
        raise _refuse("lines", _("Each quantity is from 1 to %(n)d.") % {"n": MAX_QUANTITY})
    skus = Sku.objects.filter(pk__in=quantities, is_active=True).select_related("spu", "store").in_bulk()
    if len(skus) != len(quantities):
        raise _refuse("lines", _("Some of these SKUs are not for sale."))
    stores = {sku.store_id for sku in skus.values()}
    if len(stores) != 1:
        raise _refuse("lines", _("Ask one store at a time: these SKUs are sold by several stores."))
    store = next(iter(skus.values())).store
    return store, [(skus[sku_id], quantity) for sku_id, quantity in quantities.items()]


def _create(*, company: Company, store: Store, buyer: User, lines, origin: str, note: str) -> Deal:
    deal = Deal.objects.create(company=company, store=store, buyer=buyer, origin=origin, note=note.strip()[:200])
    DealLine.objects.bulk_create(
        DealLine(
            deal=deal,
            sku=sku,
            title=f"{sku.spu.title} {' '.join(sku.specs.values())}".strip()[:200],
            quantity=quantity,
            list_price=sku.price,
        )
        for sku, quantity in lines
    )
    return deal


def _buying_member(user: User) -> CompanyMember:
    """The user's place in an approved company as one who orders for it (a buyer); else not allowed."""
    member = CompanyMember.objects.select_related("company").filter(user=user).first()
    if member is None or member.company.status != CompanyStatus.APPROVED:
        raise NotFound()
    if member.role != CompanyRole.BUYER:
        raise ApprovalNotAllowed(_("Only a buyer of the company asks for quotes and accepts them."))
    return member


@transaction.atomic
def deal_request(*, user: User, lines: list[WantedLine], note: str = "", source: str = "") -> Deal:
    """A buyer of an approved company asks the store that sells these SKUs for a quote (询价); `source` says where
    they asked from (their cart, a product page), kept on the event for the store's staff to read."""
    member = _buying_member(user)
    store, skus = _lines(lines)
    deal = _create(company=member.company, store=store, buyer=user, lines=skus, origin=DealOrigin.QUOTE, note=note)
    deal_event(
        deal=deal,
        type=DealEventType.REQUESTED,
        by=user,
        reason=deal.note,
        lines=[{"sku": sku.pk, "quantity": quantity} for sku, quantity in skus],
        **({"source": source} if source else {}),
    )
    return deal


@transaction.atomic
def deal_open(*, store: Store, by: User, company_id: int, buyer_login: str, lines: list[WantedLine]) -> Deal:
    """Store staff open a deal for a buyer of an approved company (an assisted order, 代客下单), with the lines the
    buyer wants (read from their cart, or told on the phone); the store then prices it like a quote."""
    company = Company.objects.approved().filter(pk=company_id).first()
    if company is None:
        raise _refuse("company", _("Choose an approved company."))
    member = (
        CompanyMember.objects.select_related("user")
        .filter(company=company, role=CompanyRole.BUYER, user__username=buyer_login)
        .first()
    )
    if member is None:
        raise _refuse("buyer", _("Name a buyer of this company by their user name."))
    sold_by, skus = _lines(lines)
    if sold_by.pk != store.pk:
        raise _refuse("lines", _("Choose one of your store's SKUs."))
    deal = _create(company=company, store=store, buyer=member.user, lines=skus, origin=DealOrigin.STORE, note="")
    deal_event(
        deal=deal,
        type=DealEventType.OPENED,
        by=by,
        lines=[{"sku": sku.pk, "quantity": quantity} for sku, quantity in skus],
    )
    return deal


@dataclass(frozen=True)
class LineChange:
    line_id: int
    unit_price: Decimal | None = None  # None: unchanged
    quantity: int | None = None  # None: unchanged


@transaction.atomic
def deal_propose(
    *,
    deal: Deal,
    by: User,
    changes: list[LineChange],
    valid_until: date,
    special_discount: Decimal | None = None,
    reason: str = "",
    terms: str | None = None,
    today: date | None = None,
) -> Deal:
    """The store answers a quote or changes its offer (改价): unit prices, quantities, the special discount, the
    validity date and the contract's terms. Changing what the buyer was already offered (a price set before, a
    quantity, the discount) needs a reason, which the buyer reads. Every line must be priced. The offer then goes
    to the buyer, or first to a manager when it is more than the store's threshold off the list total (the store's
    setting, 5 by default: exactly at it needs none). Any earlier approval no longer counts."""
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    deal = _locked(deal)
    if not deal.can_change():
        raise InvalidTransition(_("This deal can no longer be changed."))
    if len(reason) > REASON_MAX:
        raise _refuse("reason", _("Say why in at most %(n)d characters.") % {"n": REASON_MAX})
    if valid_until < today:
        raise _refuse("valid_until", _("The offer must be valid until today or later."))
    lines = {line.pk: line for line in deal.lines.select_for_update().order_by("pk")}
    recorded = []  # (event type, data): written once every check has passed
    for change in changes:
        line = lines.get(change.line_id)
        if line is None:
            raise _refuse("lines", _("Name the lines of this deal."))
        if change.unit_price is not None and change.unit_price != line.unit_price:
            if change.unit_price < 0:
                raise _refuse("lines", _("A price is not negative."))
            recorded.append((DealEventType.PRICE_CHANGED, line, "unit_price", line.unit_price, change.unit_price))
            line.unit_price = change.unit_price
        if change.quantity is not None and change.quantity != line.quantity:
            if not 1 <= change.quantity <= MAX_QUANTITY:
                raise _refuse("lines", _("Each quantity is from 1 to %(n)d.") % {"n": MAX_QUANTITY})
            recorded.append((DealEventType.QUANTITY_CHANGED, line, "quantity", line.quantity, change.quantity))
            line.quantity = change.quantity
    if any(line.unit_price is None for line in lines.values()):
        raise _refuse("lines", _("Give every line a unit price."))
    discount_changed = special_discount is not None and special_discount != deal.special_discount
    was_offered = deal.offered_by_id is not None
    needs_reason = discount_changed or any(
        kind is DealEventType.QUANTITY_CHANGED or old is not None for kind, _line, _field, old, _new in recorded
    )
    if (needs_reason or (was_offered and recorded)) and not reason:
        raise _refuse("reason", _("Say why: the buyer reads it."))
    goods = sum((line.unit_price * line.quantity for line in lines.values()), Decimal("0.00"))
    discount = special_discount if special_discount is not None else deal.special_discount
    if discount < 0 or discount > goods:
        raise _refuse("special_discount", _("The special discount is at most the goods' total."))
    for kind, line, field, old, new in recorded:
        line.save(update_fields=[field])
        deal_event(
            deal=deal,
            type=kind,
            by=by,
            reason=reason,
            line=line.pk,
            sku=line.sku_id,
            old=None if old is None else str(old),
            new=str(new),
        )
    if discount_changed:
        deal_event(
            deal=deal,
            type=DealEventType.DISCOUNT_CHANGED,
            by=by,
            reason=reason,
            old=money_text(deal.special_discount),
            new=money_text(discount),
        )
    deal.special_discount, deal.valid_until, deal.offered_by, deal.approved_by = discount, valid_until, by, None
    if terms is not None:
        deal.terms = terms.strip()
    totals = deal_totals(deal, lines=list(lines.values()))
    percent = approval_percent(deal.store_id)
    details = {
        "list_total": money_text(totals.list_total),
        "total": money_text(totals.total),
        "percent_off": str(totals.percent_off),
        "valid_until": valid_until.isoformat(),
    }
    fields = ("special_discount", "valid_until", "offered_by", "approved_by", "terms")
    if totals.beyond(percent):
        _move(deal, DealStatus.AWAITING_APPROVAL, *fields)
        deal_event(deal=deal, type=DealEventType.APPROVAL_REQUESTED, by=by, threshold=str(percent), **details)
    else:
        _move(deal, DealStatus.OFFERED, *fields)
        deal_event(deal=deal, type=DealEventType.OFFERED, by=by, **details)
    return deal


def may_approve_for_platform(user: User) -> bool:
    """An operator holding the platform's approval permission (companies.approve_deal)."""
    return user.is_operator and user.has_perm("companies.approve_deal")


def _store_approver(deal: Deal, by: User) -> None:
    """An owner or manager of the deal's store, or an operator with the platform's approval permission; never the
    one who sent the offer (four eyes)."""
    membership = membership_of(by)
    store_approver = membership is not None and membership.store_id == deal.store_id
    if not (store_approver and membership.role in STORE_APPROVERS) and not may_approve_for_platform(by):
        raise ApprovalNotAllowed(_("Only the store's owner or a manager approves an offer beyond the threshold."))
    if deal.offered_by_id == by.pk:
        raise ApprovalNotAllowed(_("Someone else approves the offer you sent."))


@transaction.atomic
def deal_approve(*, deal: Deal, by: User, today: date | None = None) -> Deal:
    """A store manager (or the owner) approves an offer beyond the store's threshold: it goes to the buyer."""
    today = today or timezone.localdate()
    deal = _locked(deal)
    if deal.status != DealStatus.AWAITING_APPROVAL:
        raise InvalidTransition(_("This offer is not waiting for approval."))
    _store_approver(deal, by)
    deal.approved_by = by
    _move(deal, DealStatus.OFFERED, "approved_by")
    deal_event(deal=deal, type=DealEventType.APPROVED, by=by)
    return deal


@transaction.atomic
def deal_approval_refuse(*, deal: Deal, by: User, reason: str) -> Deal:
    """The manager says no, with a reason for whoever sent it: the deal goes back to be priced again."""
    reason = (reason or "").strip()
    if not reason or len(reason) > REASON_MAX:
        raise _refuse("reason", _("Say why, in at most %(n)d characters.") % {"n": REASON_MAX})
    deal = _locked(deal)
    if deal.status != DealStatus.AWAITING_APPROVAL:
        raise InvalidTransition(_("This offer is not waiting for approval."))
    _store_approver(deal, by)
    _move(deal, DealStatus.DRAFT)
    deal_event(deal=deal, type=DealEventType.APPROVAL_REFUSED, by=by, reason=reason)
    return deal


def _still_valid(deal: Deal, today: date) -> None:
    if deal.valid_until is None or deal.valid_until < today:
        raise DealExpired()


@transaction.atomic
def deal_accept(*, deal: Deal, by: User, today: date | None = None) -> Deal:
    """A buyer of the company accepts the offer before it expires. Over the company's approval threshold it waits
    for the company's approver; otherwise it is ready to be ordered at checkout."""
    today = today or timezone.localdate()
    member = _buying_member(by)
    deal = _locked(deal)
    if member.company_id != deal.company_id:
        raise NotFound()
    if deal.status != DealStatus.OFFERED:
        raise InvalidTransition(_("Only an offer can be accepted."))
    _still_valid(deal, today)
    total = deal_totals(deal).total
    threshold = deal.company.approval_threshold
    deal_event(deal=deal, type=DealEventType.ACCEPTED, by=by, total=money_text(total))
    if threshold is not None and total > threshold:
        _move(deal, DealStatus.AWAITING_COMPANY_APPROVAL)
        deal_event(deal=deal, type=DealEventType.COMPANY_APPROVAL_REQUESTED, by=by, threshold=money_text(threshold))
    else:
        _move(deal, DealStatus.ACCEPTED)
    return deal


@transaction.atomic
def deal_company_approve(*, deal: Deal, by: User, today: date | None = None) -> Deal:
    """The company's approver approves an order over the company's threshold (审批): it may be ordered."""
    today = today or timezone.localdate()
    deal = _locked(deal)
    member = CompanyMember.objects.filter(user=by, company_id=deal.company_id).first()
    if member is None:
        raise NotFound()
    if member.role != CompanyRole.APPROVER:
        raise ApprovalNotAllowed(_("Only the company's approver approves its orders."))
    if deal.status != DealStatus.AWAITING_COMPANY_APPROVAL:
        raise InvalidTransition(_("This deal is not waiting for the company's approval."))
    _still_valid(deal, today)
    _move(deal, DealStatus.ACCEPTED)
    deal_event(deal=deal, type=DealEventType.COMPANY_APPROVED, by=by)
    return deal


@transaction.atomic
def deal_cancel(*, deal: Deal, by: User, reason: str = "") -> Deal:
    """The buyer or the store withdraws a deal before it is accepted."""
    deal = _locked(deal)
    _move(deal, DealStatus.CANCELLED)
    deal_event(deal=deal, type=DealEventType.CANCELLED, by=by, reason=(reason or "").strip()[:REASON_MAX])
    return deal


def deal_ordered(*, deal_id: int, trade_no: str, order_no: str, by: User, today: date) -> Deal:
    """In checkout's submission transaction: the accepted deal became trade `trade_no` and its store order
    `order_no` (one store: one order). Called by orders' checkout once the order is written; refuses (and so rolls
    the order back) a deal no longer ready."""
    deal = Deal.objects.select_for_update().get(pk=deal_id)
    if deal.status != DealStatus.ACCEPTED:
        raise DealNotReady()
    _still_valid(deal, today)
    deal.trade_no, deal.order_no = trade_no, order_no
    _move(deal, DealStatus.ORDERED, "trade_no", "order_no")
    deal_event(deal=deal, type=DealEventType.ORDERED, by=by, trade_no=trade_no, order_no=order_no)
    return deal


def deals_expire(*, today: date | None = None) -> int:
    """The sweep: every deal not ordered by its validity date expires (its offer can no longer be accepted). Each
    in its own transaction, re-checked under its lock (a buyer ordering at that moment wins or is refused)."""
    today = today or timezone.localdate()
    expired = 0
    for deal_id in Deal.objects.open_past(today).values_list("pk", flat=True):
        with transaction.atomic():
            deal = Deal.objects.select_for_update().get(pk=deal_id)
            if deal.can_become(DealStatus.EXPIRED) and deal.valid_until and deal.valid_until < today:
                _move(deal, DealStatus.EXPIRED)
                deal_event(deal=deal, type=DealEventType.EXPIRED, by=None)
                expired += 1
    return expired


@transaction.atomic
def deal_contract_confirm(*, deal: Deal, by: User, side: str) -> Deal:
    """The buyer's side or the store's confirms the contract of an ordered deal (each once; the caller's side was
    checked by the selector that found the deal)."""
    deal = _locked(deal)
    if deal.status != DealStatus.ORDERED:
        raise InvalidTransition(_("A contract is drawn once the deal is ordered."))
    field = "buyer_confirmed_by" if side == "buyer" else "store_confirmed_by"
    if getattr(deal, f"{field}_id") is not None:
        raise InvalidTransition(_("Your side has confirmed this contract already."))
    setattr(deal, field, by)
    deal.save(update_fields=[field, "updated_at"])
    deal_event(deal=deal, type=DealEventType.CONTRACT_CONFIRMED, by=by, side=side)
    return deal


@transaction.atomic
def deal_settings_set(*, store: Store, approval_percent: Decimal) -> StoreDealSettings:
    """The store's approval threshold for its offers, a percent off the list total from 0 to 100."""
    if not Decimal(0) <= approval_percent <= Decimal(100):
        raise _refuse("approval_percent", _("A percent from 0 to 100."))
    settings, _created = StoreDealSettings.objects.update_or_create(
        store=store, defaults={"approval_percent": approval_percent}
    )
    return settings
