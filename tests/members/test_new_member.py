"""Who is a new member (新注册用户, seed 002; decision 0015): a member who registered within the last
NEW_MEMBER_DAYS days, whatever they have bought since. One definition, members.selectors.is_new_member, which the
pricing of a cart asks, so a promotion for new members reaches exactly them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members.selectors import is_new_member
from orders.pricing import LineRequest, price_lines
from promotions import services as promotion_services
from promotions.pricing import GoodsScope, Source
from tests.catalog.factories import PhoneCatalog
from tests.factories import UserFactory
from tests.orders.helpers import sku_of

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def joined(days_ago: float):
    return UserFactory(date_joined=NOW - timedelta(days=days_ago))


@pytest.mark.parametrize(("days_ago", "new"), [(0, True), (29.9, True), (30, True), (30.01, False), (400, False)])
def test_a_member_is_new_for_the_days_after_registering(settings, days_ago, new):
    settings.NEW_MEMBER_DAYS = 30

    assert is_new_member(joined(days_ago), now=NOW) is new


def test_the_window_is_a_setting(settings):
    member = joined(10)

    settings.NEW_MEMBER_DAYS = 7
    assert not is_new_member(member, now=NOW)
    settings.NEW_MEMBER_DAYS = 14
    assert is_new_member(member, now=NOW)


def test_a_promotion_for_new_members_prices_only_their_carts(settings, store):
    settings.NEW_MEMBER_DAYS = 30
    phone = sku_of(PhoneCatalog().phone(store))
    promotion_services.promotion_create(
        store=store,
        by=UserFactory(),
        name="新人九折",
        kind="item_discount",
        rules={"percent": "90"},
        starts_at=NOW - timedelta(hours=1),
        ends_at=NOW + timedelta(days=7),
        scope=GoodsScope(all=True),
        member_scope="new_members",
    )

    def discount(member) -> str:
        breakdown = price_lines(user=member, lines=[LineRequest(phone.pk, 1)], now=NOW).breakdown
        return f"{breakdown.lines[0].discount_from(Source.PROMOTION):.2f}"

    assert discount(joined(3)) == "599.90"
    assert discount(joined(45)) == "0.00"
