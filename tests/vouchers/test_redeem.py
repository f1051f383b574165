"""A clerk redeems a voucher in a store where it is valid: each refusal has its code; a multi-use voucher is used in
parts, each worth its share to the cent; every redemption is an event naming the store, the clerk and the uses."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from orders.models import OrderEvent, OrderStatus
from stores.models import StoreType
from tests.factories import StoreFactory, UserFactory
from tests.vouchers.helpers import buy, clerk_of, tea_tasting, vouchers_of
from vouchers.exceptions import VoucherNotFound, VoucherRefused
from vouchers.models import Redemption, Voucher, VoucherEvent, VoucherStatus
from vouchers.services import voucher_redeem, voucher_refund

pytestmark = pytest.mark.django_db


def refusal(**kwargs) -> str:
    with pytest.raises(VoucherRefused) as refused:
        voucher_redeem(**kwargs)
    return refused.value.code


def test_a_multi_use_voucher_is_used_in_parts_each_worth_its_share(store):
    [voucher] = vouchers_of(buy(UserFactory(), tea_tasting(store, uses=3)))  # 100.00: 33.33, 33.33, 33.34
    clerk = clerk_of(store)

    first = voucher_redeem(code=voucher.code, store=store, clerk=clerk, uses=2)
    last = voucher_redeem(code=f" {voucher.code} ", store=store, clerk=clerk)

    assert (first.amount, last.amount) == (Decimal("66.66"), Decimal("33.34"))
    voucher.refresh_from_db()
    assert (voucher.uses_left, voucher.status) == (0, VoucherStatus.USED)
    events = VoucherEvent.objects.filter(voucher=voucher, type="redeemed").order_by("pk")
    assert [(e.store_id, e.by_id, e.data["uses"]) for e in events] == [(store.pk, clerk.pk, 2), (store.pk, clerk.pk, 1)]
    order_events = OrderEvent.objects.filter(order=voucher.order, type="voucher_redeemed").order_by("pk")
    assert [(e.data["store"], e.data["amount"]) for e in order_events] == [(store.pk, "66.66"), (store.pk, "33.34")]
    voucher.order.refresh_from_db()
    assert voucher.order.status == OrderStatus.COMPLETED  # its only voucher is used up


def test_refusals_say_why(store):
    elsewhere = StoreFactory()
    member = UserFactory()
    used, expired, refunded, spare = vouchers_of(buy(member, tea_tasting(store, uses=2), quantity=4))
    clerk = clerk_of(store)
    voucher_redeem(code=used.code, store=store, clerk=clerk, uses=2)
    Voucher.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    voucher_refund(voucher_id=refunded.pk, user=member)

    assert refusal(code=spare.code, store=elsewhere, clerk=clerk_of(elsewhere)) == "voucher_wrong_store"
    assert refusal(code=used.code, store=store, clerk=clerk) == "voucher_used_up"
    assert refusal(code=expired.code, store=store, clerk=clerk) == "voucher_expired"
    assert refusal(code=refunded.code, store=store, clerk=clerk) == "voucher_refunded"
    assert refusal(code=spare.code, store=store, clerk=clerk, uses=3) == "voucher_too_many_uses"
    with pytest.raises(VoucherNotFound):
        voucher_redeem(code="000000000000", store=store, clerk=clerk)
    assert Redemption.objects.filter(voucher=spare).count() == 0


def test_a_voucher_with_fixed_dates_is_not_valid_before_its_first_day(store):
    today = timezone.localdate()
    sku = tea_tasting(store, valid_from=today + timedelta(days=2), valid_until=today + timedelta(days=9))
    [voucher] = vouchers_of(buy(UserFactory(), sku))
    assert refusal(code=voucher.code, store=store, clerk=clerk_of(store)) == "voucher_not_yet_valid"


def test_hq_goods_are_redeemed_in_the_chosen_franchise_store_only(db):
    hq = StoreFactory(type=StoreType.SELF_OPERATED)
    franchise, other = StoreFactory(type=StoreType.FRANCHISE), StoreFactory(type=StoreType.FRANCHISE)
    [voucher] = vouchers_of(buy(UserFactory(), tea_tasting(hq, stores=[franchise])))

    assert refusal(code=voucher.code, store=other, clerk=clerk_of(other)) == "voucher_wrong_store"
    assert refusal(code=voucher.code, store=hq, clerk=clerk_of(hq)) == "voucher_wrong_store"
    redemption = voucher_redeem(code=voucher.code, store=franchise, clerk=clerk_of(franchise))
    assert (redemption.store_id, redemption.amount) == (franchise.pk, Decimal("100.00"))
