"""E-vouchers under real concurrency: two clerks redeem the last use at once, the expiry job runs twice at once."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from orders.models import Refund
from stores.models import StoreType
from tests.factories import StoreFactory, UserFactory
from tests.orders.test_concurrency import in_threads
from tests.vouchers.helpers import buy, clerk_of, tea_tasting, vouchers_of
from vouchers.exceptions import VoucherRefused
from vouchers.models import Redemption, Voucher, VoucherStatus
from vouchers.services import voucher_expire, voucher_redeem, vouchers_expire_due

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


def test_two_clerks_redeeming_the_last_use_at_once_one_wins(db):
    hq = StoreFactory(type=StoreType.SELF_OPERATED)
    first, second = StoreFactory(type=StoreType.FRANCHISE), StoreFactory(type=StoreType.FRANCHISE)
    [voucher] = vouchers_of(buy(UserFactory(), tea_tasting(hq, uses=2, stores=[first, second])))
    voucher_redeem(code=voucher.code, store=first, clerk=clerk_of(first))
    clerks = [(first, clerk_of(first)), (second, clerk_of(second))]

    results = in_threads(
        [lambda s=store, c=clerk: voucher_redeem(code=voucher.code, store=s, clerk=c) for store, clerk in clerks * 4]
    )

    won = [r for r in results if isinstance(r, Redemption)]
    assert len(won) == 1
    assert {r.code for r in results if isinstance(r, VoucherRefused)} == {"voucher_used_up"}
    assert Redemption.objects.filter(voucher=voucher).count() == 2
    voucher.refresh_from_db()
    assert (voucher.uses_left, voucher.status) == (0, VoucherStatus.USED)


def test_expiry_run_twice_at_once_refunds_the_unused_uses_once(store):
    [voucher] = vouchers_of(buy(UserFactory(), tea_tasting(store, uses=3)))
    voucher_redeem(code=voucher.code, store=store, clerk=clerk_of(store))  # 33.33 used
    Voucher.objects.filter(pk=voucher.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    in_threads([lambda: voucher_expire(voucher_id=voucher.pk), vouchers_expire_due] * 3)
    vouchers_expire_due()

    [refund] = Refund.objects.filter(order=voucher.order)
    assert (refund.amount, refund.status, refund.reason_code) == (Decimal("66.67"), "refunded", "voucher_unused")
    voucher.refresh_from_db()
    assert (voucher.status, voucher.refunded_amount, voucher.refund_no) == (
        "refunded",
        Decimal("66.67"),
        refund.refund_no,
    )
