import pytest

from coupons import demo
from coupons.models import CouponKind, CouponTemplate, UserCoupon
from marketplace.management.commands.seed_demo import DEMO_PARTS
from members import demo as members_demo
from stores import demo as stores_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_platform_and_store_coupons_of_every_kind_and_seeding_twice_adds_nothing():
    parts: dict = {"accounts": []}
    members_demo.seed(parts)
    stores_demo.seed(parts)
    demo.seed(parts)

    counts = (CouponTemplate.objects.count(), UserCoupon.objects.count())
    platform = CouponTemplate.objects.filter(store__isnull=True)
    in_stores = CouponTemplate.objects.filter(store__isnull=False)
    assert set(platform.values_list("kind", flat=True)) == set(CouponKind.values)
    assert set(in_stores.values_list("kind", flat=True)) == set(CouponKind.values)
    assert platform.filter(issue_on_register=True).exists()
    assert UserCoupon.objects.filter(user__username="alice").count() == 3

    demo.seed(parts)

    assert (CouponTemplate.objects.count(), UserCoupon.objects.count()) == counts


def test_seed_demo_seeds_coupons_after_the_catalogue_they_name():
    assert DEMO_PARTS.index("coupons.demo") > DEMO_PARTS.index("catalog.demo")
