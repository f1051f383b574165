"""Redeem codes (兑换码 / 卡密): batches of unguessable single-use codes that each issue one coupon, or, for gift
cards (礼品卡), load an amount of stored value onto the member's balance.

A code is 16 characters from a 31-letter alphabet without look-alikes (0/O, 1/I/L): 79 random bits from
`secrets`, so guessing one is hopeless even without the API's rate limit. Only the SHA-256 of the normalised
code is stored, and the plain codes exist only in the response that made the batch."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coupons.exceptions import CouponUnavailable
from coupons.models import (
    CouponSource,
    CouponTemplate,
    RedeemBatch,
    RedeemCode,
    RedeemKind,
    TemplateStatus,
    UserCoupon,
)
from coupons.services.issuing import build_coupon, take_one
from coupons.services.templates import coupon_template_event_record
from marketplace.exceptions import InvalidInput
from members.models import StoredValueEntry, User
from members.services import stored_value_load

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0, 1, I, L, O: read aloud and typed from a card
CODE_LENGTH = 16
MAX_BATCH = 10_000
# The most one gift card may hold: the cap of a registered single-purpose prepaid card (单用途商业预付卡管理办法,
# 记名卡 5,000 yuan); a code is redeemed into a member's registered account.
MAX_CARD_AMOUNT = Decimal("5000.00")


def normalise(code: str) -> str:
    """What the member typed, as it was generated: upper case, without the dashes and spaces of the card."""
    return "".join(char for char in code.upper() if char.isalnum())


def digest_of(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def _check_batch(*, quantity: int, redeemable_to: datetime) -> None:
    if not 1 <= quantity <= MAX_BATCH:
        message = _("A batch holds 1 to %(n)s codes.") % {"n": MAX_BATCH}
        raise InvalidInput(message, fields={"quantity": [message]})
    if redeemable_to <= timezone.now():
        message = _("The codes must stay redeemable for a while.")
        raise InvalidInput(message, fields={"redeemable_to": [message]})


def _make_codes(batch: RedeemBatch) -> list[str]:
    codes = [new_code() for _ in range(batch.quantity)]
    RedeemCode.objects.bulk_create(RedeemCode(batch=batch, digest=digest_of(code)) for code in codes)
    return codes


@transaction.atomic
def redeem_batch_create(
    *, template: CouponTemplate, by: User, name: str, quantity: int, redeemable_to: datetime
) -> tuple[RedeemBatch, list[str]]:
    """Make `quantity` codes for `template`. Returns the batch and the plain codes, which are not kept: hand
    them to the printer now. The template must have that many coupons left to give."""
    template = CouponTemplate.objects.select_for_update().get(pk=template.pk)
    if template.status == TemplateStatus.STOPPED:
        raise CouponUnavailable("stopped")
    _check_batch(quantity=quantity, redeemable_to=redeemable_to)
    if quantity > template.remaining:
        message = _("Only %(n)s coupons of this template are left.") % {"n": template.remaining}
        raise InvalidInput(message, fields={"quantity": [message]})
    batch = RedeemBatch.objects.create(
        kind=RedeemKind.COUPON,
        template=template,
        name=name,
        quantity=quantity,
        redeemable_to=redeemable_to,
        created_by=by,
    )
    codes = _make_codes(batch)
    coupon_template_event_record(template=template, type="redeem_batch_created", by=by, batch=batch.pk)
    return batch, codes


@transaction.atomic
def stored_value_batch_create(
    *, by: User, name: str, quantity: int, amount: Decimal, redeemable_to: datetime
) -> tuple[RedeemBatch, list[str]]:
    """Make `quantity` gift-card codes that each load `amount` of stored value. Returns the batch and the plain
    codes, which are not kept: hand them to the printer now."""
    _check_batch(quantity=quantity, redeemable_to=redeemable_to)
    if not (Decimal("0.01") <= amount <= MAX_CARD_AMOUNT) or amount != amount.quantize(Decimal("0.01")):
        message = _("A gift card holds 0.01 to %(most)s yuan, to the cent.") % {"most": MAX_CARD_AMOUNT}
        raise InvalidInput(message, fields={"amount": [message]})
    batch = RedeemBatch.objects.create(
        kind=RedeemKind.STORED_VALUE,
        amount=amount,
        name=name,
        quantity=quantity,
        redeemable_to=redeemable_to,
        created_by=by,
    )
    return batch, _make_codes(batch)


@dataclass(frozen=True)
class Redemption:
    """What a code gave: a coupon, or an entry of the member's stored-value ledger (the amount loaded)."""

    kind: str
    coupon: UserCoupon | None = None
    stored_value: StoredValueEntry | None = None


@transaction.atomic
def coupon_redeem_code(*, user: User, code: str, now: datetime | None = None) -> Redemption:
    """A member types a code and gets what its batch gives: a coupon, or stored value on their balance. A code
    works once: the first member to redeem it wins, and an unknown, used or expired code is refused alike as
    `invalid_code` (or `code_expired`)."""
    now = now or timezone.now()
    found = RedeemCode.objects.select_related("batch__template").filter(digest=digest_of(code)).first()
    if found is None or found.redeemed_at is not None:
        raise CouponUnavailable("invalid_code")
    if now >= found.batch.redeemable_to:
        raise CouponUnavailable("code_expired")
    # The conditional update settles two members racing with the same code: only one row matches.
    if not RedeemCode.objects.filter(pk=found.pk, redeemed_at__isnull=True).update(redeemed_by=user, redeemed_at=now):
        raise CouponUnavailable("invalid_code")
    batch = found.batch
    if batch.kind == RedeemKind.STORED_VALUE:
        entry = stored_value_load(user=user, amount=batch.amount, reference=f"redeem:{batch.pk}")
        RedeemCode.objects.filter(pk=found.pk).update(stored_value_entry=entry)
        return Redemption(kind=RedeemKind.STORED_VALUE, stored_value=entry)
    take_one(batch.template)
    coupon = build_coupon(template=batch.template, user=user, source=CouponSource.REDEEM, now=now)
    coupon.save()
    RedeemCode.objects.filter(pk=found.pk).update(coupon=coupon)
    return Redemption(kind=RedeemKind.COUPON, coupon=coupon)
