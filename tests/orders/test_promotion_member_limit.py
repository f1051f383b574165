"""A promotion's per-member limit holds: each order that used it counts, two racing orders of one member on a
one-per-member promotion let one have it, and an order cancelled before payment gives its use back. Found by a
reading: nothing recorded the uses, so a promotion limited to one use per member discounted every order."""

from datetime import timedelta

import pytest
from django.utils import timezone

from orders.lifecycle.cancellation import order_cancel
from orders.models import StoreOrder
from promotions import services as promotion_services
from promotions.models import PromotionUse
from promotions.pricing import GoodsScope
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.orders.helpers import address_of, sku_of, submit
from tests.orders.test_concurrency import in_threads

pytestmark = pytest.mark.django_db

FULL, DISCOUNTED = "5999.00", "5399.10"  # 90 % of 5999.00


@pytest.fixture
def phone(store):
    return sku_of(PhoneCatalog().phone(store, stock=10))


@pytest.fixture
def once_each(store, phone):
    """90 % of the price on the phone, once per member."""
    now = timezone.now()
    return promotion_services.promotion_create(
        store=store,
        by=UserFactory(),
        name="新人九折",
        kind="item_discount",
        rules={"percent": "90"},
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=1),
        scope=GoodsScope(skus=[phone.pk]),
        per_member_limit=1,
    )


def test_the_second_order_of_a_member_pays_full_price_and_a_cancelled_one_gives_its_use_back(phone, once_each):
    member = UserFactory()
    api, home = client_for(member), address_of(member).pk

    first = submit(api, [(phone, 1)], address=home, expected=DISCOUNTED)
    again = submit(api, [(phone, 1)], address=home, expected=DISCOUNTED)
    full = submit(api, [(phone, 1)], address=home, expected=FULL)
    [used] = PromotionUse.objects.filter(promotion=once_each, user=member)
    order_cancel(order=StoreOrder.objects.get(order_no=used.order_no), by=member)
    after_cancel = submit(api, [(phone, 1)], address=home, expected=DISCOUNTED)

    assert first.status_code == 201
    assert (again.status_code, again.json()["code"]) == (409, "price_changed")
    assert again.json()["fields"]["payable"] == [FULL]
    assert full.status_code == 201
    assert after_cancel.status_code == 201, after_cancel.json()
    assert PromotionUse.objects.filter(promotion=once_each, user=member).count() == 1


def test_other_members_are_not_counted(phone, once_each):
    results = []
    for _ in range(3):
        member = UserFactory()
        results.append(submit(client_for(member), [(phone, 1)], address=address_of(member).pk, expected=DISCOUNTED))

    assert [response.status_code for response in results] == [201, 201, 201]
    assert PromotionUse.objects.filter(promotion=once_each).count() == 3


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_racing_orders_of_one_member_let_one_have_the_promotion(phone, once_each):
    member = UserFactory()
    api, home = client_for(member), address_of(member).pk

    responses = in_threads([lambda: submit(api, [(phone, 1)], address=home, expected=DISCOUNTED)] * 2, workers=2)

    assert sorted(response.status_code for response in responses) == [201, 409]
    assert PromotionUse.objects.filter(promotion=once_each, user=member).count() == 1
    assert StoreOrder.objects.filter(user=member).count() == 1
