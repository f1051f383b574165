from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from coupons import services
from coupons.models import CouponTemplateEvent, TemplateStatus
from marketplace.exceptions import InvalidInput, InvalidTransition
from promotions.pricing import GoodsScope
from tests.coupons.factories import coupon_template
from tests.factories import StoreFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_store_coupon_is_paid_by_the_store_and_a_platform_coupon_by_hq():
    store = StoreFactory()

    store_coupon = coupon_template(store=store)
    platform_coupon = coupon_template()

    assert (store_coupon.is_platform, platform_coupon.is_platform) == (False, True)
    assert CouponTemplateEvent.objects.filter(template=store_coupon, type="created").exists()


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        ({"kind": "threshold", "value": Decimal("120.00")}, "value"),  # more off than the threshold
        ({"kind": "threshold", "threshold": Decimal("0.00")}, "threshold"),
        ({"kind": "cash", "threshold": Decimal("50.00")}, "threshold"),
        ({"kind": "percent", "value": Decimal("100.00"), "threshold": Decimal("0.00")}, "value"),
        ({"kind": "cash", "threshold": Decimal("0.00"), "max_discount": Decimal("5.00")}, "max_discount"),
        ({"valid_days": 7}, "valid_days"),  # both a window and days
        ({"refund_policy": "proportional"}, "refund_policy"),  # only cash coupons
        ({"channels": ["app", "fax"]}, "channels"),
        ({"goods": GoodsScope(skus=frozenset({987654}))}, "goods"),
        ({"goods": GoodsScope()}, "goods"),
        ({"claim_from": timezone.now(), "claim_to": timezone.now() - timedelta(days=1)}, "claim_to"),
    ],
)
def test_a_template_that_breaks_a_rule_is_refused_naming_the_field(terms, field):
    now = timezone.now()
    window = {} if "valid_days" not in terms else {"valid_from": now, "valid_to": now + timedelta(days=3)}

    with pytest.raises(InvalidInput) as excinfo:
        coupon_template(**window, **terms)

    assert field in excinfo.value.fields


def test_only_platform_coupons_are_given_on_registration():
    with pytest.raises(InvalidInput) as excinfo:
        coupon_template(store=StoreFactory(), issue_on_register=True)

    assert "issue_on_register" in excinfo.value.fields


def test_how_coupons_are_given_out_may_change_after_issue_but_not_their_terms():
    template = coupon_template(total=10)
    services.coupon_claim(template=template, user=UserFactory())

    template = services.coupon_template_update(template=template, by=template.created_by, total=50, name="加量")
    with pytest.raises(InvalidInput) as excinfo:
        services.coupon_template_update(template=template, by=template.created_by, value=Decimal("20.00"))

    template.refresh_from_db()
    assert (template.total, template.name, template.value) == (50, "加量", Decimal("10.00"))
    assert "value" in excinfo.value.fields


def test_the_total_cannot_drop_below_what_was_issued():
    template = coupon_template(total=10)
    services.coupon_claim(template=template, user=UserFactory())
    services.coupon_claim(template=template, user=UserFactory())

    with pytest.raises(InvalidInput) as excinfo:
        services.coupon_template_update(template=template, by=template.created_by, total=1)

    assert "total" in excinfo.value.fields


def test_stopping_keeps_issued_coupons_and_a_second_stop_is_refused():
    template = coupon_template()
    coupon = services.coupon_claim(template=template, user=UserFactory())

    stopped = services.coupon_template_stop(template=template, by=template.created_by)
    with pytest.raises(InvalidTransition):
        services.coupon_template_stop(template=template, by=template.created_by)

    coupon.refresh_from_db()
    assert stopped.status == TemplateStatus.STOPPED
    assert coupon.status == "unused"
