"""Paying a confirmed bill (seed 002 支付中心: 结算付款): by hand, with the bank's reference, or through the payout
provider. Paying is a permission of its own (`settlement.pay_bill`). A provider payout is an outbox row written
with the bill's move to `paying` (decision 0016): the provider is asked after commit, outside any transaction, once
per payout number, retried with backoff; its signed callback settles the payout once, whatever the repeats, and a
failure leaves the bill payable again."""

import json

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from marketplace.exceptions import InvalidInput, InvalidTransition, PermissionDenied
from marketplace.models import OutboxMessage
from marketplace.outbox import outbox_handler, outbox_put
from members.models import User
from settlement.models import Bill, BillEventType, BillStatus, Payout, PayoutMethod, PayoutStatus
from settlement.payouts import payout_provider
from settlement.selectors import terms_in_force
from settlement.services.confirmation import bill_transition, locked

PAYOUT = "settlement.payout"  # the outbox kind


@transaction.atomic
def payout_manual(*, bill: Bill, by: User, reference: str) -> Payout:
    """Finance paid the bill by bank transfer itself: the bank's reference closes it."""
    _may_pay(by)
    if not reference.strip():
        message = _("Enter the bank's reference of the transfer.")
        raise InvalidInput(message, fields={"reference": [message]})
    bill = locked(bill)
    payout = _payout(bill, by, PayoutMethod.MANUAL, PayoutStatus.SUCCEEDED, reference=reference.strip())
    bill_transition(bill=bill, to=BillStatus.PAID, by=by, data={"payout_no": payout.payout_no})
    return payout


@transaction.atomic
def payout_start(*, bill: Bill, by: User) -> Payout:
    """Send the bill's due to the store's payout account through the provider, after commit."""
    _may_pay(by)
    bill = locked(bill)
    account = terms_in_force(store=bill.store, on=timezone.localdate())
    if not account.account_number:
        message = _("The store has no payout account in its settlement terms.")
        raise InvalidInput(message, fields={"account_number": [message]})
    payout = _payout(bill, by, PayoutMethod.PROVIDER, PayoutStatus.SENT)
    bill_transition(bill=bill, to=BillStatus.PAYING, by=by, data={"payout_no": payout.payout_no})
    outbox_put(
        kind=PAYOUT,
        key=payout.payout_no,
        payload={
            "amount": f"{payout.amount:.2f}",
            "account_number": account.account_number,
            "account_name": account.account_name,
            "bank": account.bank_name,
        },
    )
    return payout


@outbox_handler(PAYOUT)
def payout_send(message: OutboxMessage) -> dict:
    """Ask the provider (outside any transaction, once per payout number), and keep its id of the transfer."""
    payload = message.payload
    provider_payout_id = payout_provider().pay(
        payout_no=message.key,
        amount=payload["amount"],
        account_number=payload["account_number"],
        account_name=payload["account_name"],
        bank=payload["bank"],
    )
    Payout.objects.filter(payout_no=message.key, provider_payout_id="").update(provider_payout_id=provider_payout_id)
    return {"provider_payout_id": provider_payout_id}


@transaction.atomic
def payout_settle(*, payout_no: str, succeeded: bool, provider_payout_id: str = "", failure: str = "") -> Payout:
    """The provider's word on a payout, from its signed callback. Said again, it changes nothing: only a payout
    still `sent` is settled. A failure makes the bill payable again (a new payout may be started)."""
    payout = Payout.objects.select_for_update().filter(payout_no=payout_no).first()
    if payout is None:
        message = _("No such payout.")
        raise InvalidInput(message, fields={"payout_no": [message]})
    if payout.status != PayoutStatus.SENT:
        return payout
    bill = locked(payout.bill)
    payout.status = PayoutStatus.SUCCEEDED if succeeded else PayoutStatus.FAILED
    payout.provider_payout_id = payout.provider_payout_id or provider_payout_id
    payout.failure, payout.settled_at = failure[:200], timezone.now()
    payout.save(update_fields=["status", "provider_payout_id", "failure", "settled_at"])
    data = {"payout_no": payout_no}
    if succeeded:
        bill_transition(bill=bill, to=BillStatus.PAID, by=None, data=data)
    else:
        type = BillEventType.PAYOUT_FAILED
        bill_transition(bill=bill, to=BillStatus.CONFIRMED, by=None, type=type, reason=payout.failure, data=data)
    return payout


def payout_callback_take(*, body: bytes, signature: str) -> Payout:
    """The provider's signed callback `{"payout_no","status":"succeeded|failed","provider_payout_id","failure"}`."""
    if not payout_provider().verify(body=body, signature=signature):
        raise InvalidInput(_("Bad signature."), fields={"signature": [_("Does not match the body.")]})
    try:
        report = json.loads(body)
        payout_no, status = str(report["payout_no"]), report["status"]
    except (ValueError, KeyError, TypeError) as error:
        raise InvalidInput(_("The callback's body is not a payout report.")) from error
    if status not in (PayoutStatus.SUCCEEDED, PayoutStatus.FAILED):
        raise InvalidInput(_("The callback's body is not a payout report."), fields={"status": [str(status)]})
    return payout_settle(
        payout_no=payout_no,
        succeeded=status == PayoutStatus.SUCCEEDED,
        provider_payout_id=str(report.get("provider_payout_id") or ""),
        failure=str(report.get("failure") or ""),
    )


def _may_pay(user: User) -> None:
    if not user.has_perm("settlement.pay_bill"):
        raise PermissionDenied(_("Paying out bills needs the payout permission."))


def _payout(bill: Bill, by: User, method: str, status: str, reference: str = "") -> Payout:
    if bill.status != BillStatus.CONFIRMED:
        raise InvalidTransition(_("Only a bill confirmed by finance is paid."), fields={"status": [bill.status]})
    return Payout.objects.create(
        payout_no=f"P{timezone.localdate():%Y%m%d}{get_random_string(10, '0123456789')}",
        bill=bill,
        method=method,
        amount=bill.store_due,
        status=status,
        reference=reference,
        by=by,
        settled_at=timezone.now() if status == PayoutStatus.SUCCEEDED else None,
    )
