from datetime import timedelta

import pytest
from django.utils import timezone

from coupons import services
from coupons.exceptions import CouponUnavailable
from coupons.models import CouponSource, CouponTemplate, RedeemCode
from marketplace.exceptions import InvalidInput
from tests.coupons.factories import coupon_template
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def make_batch(quantity=3, **terms):
    template = coupon_template(issue_mode="distribute", **terms)
    return services.redeem_batch_create(
        template=template,
        by=template.created_by,
        name="企业福利卡",
        quantity=quantity,
        redeemable_to=timezone.now() + timedelta(days=90),
    )


def test_a_batch_keeps_only_digests_of_distinct_codes():
    batch, codes = make_batch(quantity=50)

    digests = set(RedeemCode.objects.filter(batch=batch).values_list("digest", flat=True))
    assert len(set(codes)) == len(digests) == 50
    assert not digests & {code.replace("-", "") for code in codes}
    assert all(len(code) == 19 for code in codes)  # XXXX-XXXX-XXXX-XXXX


def test_a_code_typed_in_lower_case_without_dashes_issues_its_coupon_once():
    _batch, codes = make_batch()
    member = UserFactory()

    coupon = services.coupon_redeem_code(user=member, code=codes[0].replace("-", " ").lower()).coupon
    with pytest.raises(CouponUnavailable) as excinfo:
        services.coupon_redeem_code(user=UserFactory(), code=codes[0])

    assert (coupon.user, coupon.source) == (member, CouponSource.REDEEM)
    assert CouponTemplate.objects.get(pk=coupon.template_id).issued == 1
    assert excinfo.value.reason == "invalid_code"


def test_an_unknown_code_is_refused():
    make_batch()

    with pytest.raises(CouponUnavailable) as excinfo:
        services.coupon_redeem_code(user=UserFactory(), code="ABCD-EFGH-JKMN-PQRS")

    assert excinfo.value.reason == "invalid_code"


def test_a_code_past_its_date_is_refused():
    _batch, codes = make_batch()

    with pytest.raises(CouponUnavailable) as excinfo:
        services.coupon_redeem_code(user=UserFactory(), code=codes[0], now=timezone.now() + timedelta(days=91))

    assert excinfo.value.reason == "code_expired"
    assert not RedeemCode.objects.filter(redeemed_at__isnull=False).exists()


def test_a_batch_cannot_promise_more_coupons_than_are_left():
    with pytest.raises(InvalidInput) as excinfo:
        make_batch(quantity=11, total=10)

    assert "quantity" in excinfo.value.fields
