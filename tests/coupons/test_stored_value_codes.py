"""Gift-card redeem codes (礼品卡卡密): a batch of single-use codes that each load an amount of stored value."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from coupons import services
from coupons.exceptions import CouponUnavailable
from coupons.models import RedeemBatch, RedeemCode, RedeemKind, UserCoupon
from marketplace.exceptions import InvalidInput
from members.models import StoredValueEntry, StoredValueReason, User
from tests.conftest import client_for
from tests.factories import OperatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def gift_cards(quantity=3, amount="100.00", days=90):
    return services.stored_value_batch_create(
        by=OperatorFactory(),
        name="企业福利礼品卡",
        quantity=quantity,
        amount=Decimal(amount),
        redeemable_to=timezone.now() + timedelta(days=days),
    )


def balance_of(member) -> Decimal:
    return User.objects.values_list("stored_value_balance", flat=True).get(pk=member.pk)


def test_a_gift_card_code_loads_its_amount_once():
    batch, codes = gift_cards()
    member = UserFactory()

    redemption = services.coupon_redeem_code(user=member, code=codes[0].replace("-", "").lower())
    with pytest.raises(CouponUnavailable) as again:
        services.coupon_redeem_code(user=UserFactory(), code=codes[0])

    entry = redemption.stored_value
    assert (redemption.kind, redemption.coupon) == (RedeemKind.STORED_VALUE, None)
    assert (entry.user, entry.delta, entry.balance_after, entry.reason) == (
        member,
        Decimal("100.00"),
        Decimal("100.00"),
        StoredValueReason.LOAD,
    )
    assert entry.reference == f"redeem:{batch.pk}"
    assert balance_of(member) == Decimal("100.00")
    assert RedeemCode.objects.get(stored_value_entry=entry).redeemed_by == member
    assert again.value.reason == "invalid_code"
    assert not UserCoupon.objects.exists()


def test_a_gift_card_past_its_date_loads_nothing():
    _batch, codes = gift_cards()
    member = UserFactory()

    with pytest.raises(CouponUnavailable) as expired:
        services.coupon_redeem_code(user=member, code=codes[0], now=timezone.now() + timedelta(days=91))

    assert expired.value.reason == "code_expired"
    assert (balance_of(member), StoredValueEntry.objects.count()) == (Decimal("0.00"), 0)


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        ({"amount": "0.00"}, "amount"),
        ({"amount": "5000.01"}, "amount"),
        ({"amount": "10.001"}, "amount"),
        ({"quantity": 0}, "quantity"),
        ({"days": -1}, "redeemable_to"),
    ],
)
def test_a_bad_gift_card_batch_is_refused_and_makes_nothing(terms, field):
    with pytest.raises(InvalidInput) as refused:
        gift_cards(**terms)

    assert field in refused.value.fields
    assert not RedeemBatch.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_ten_members_racing_for_one_code_load_it_once():
    _batch, [code] = gift_cards(quantity=1, amount="88.00")
    members = [UserFactory() for _ in range(10)]
    outcomes: list[str] = []
    start = threading.Barrier(10)

    def redeem(member) -> None:
        try:
            start.wait()
            services.coupon_redeem_code(user=member, code=code)
            outcomes.append("ok")
        except CouponUnavailable:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=redeem, args=(member,)) for member in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert (outcomes.count("ok"), outcomes.count("refused")) == (1, 9)
    assert sum(balance_of(member) for member in members) == Decimal("88.00")
    assert StoredValueEntry.objects.count() == 1


def test_an_operator_makes_a_gift_card_batch_and_a_member_redeems_a_code(operator_api):
    response = operator_api.post(
        "/api/v1/platform/redeem-batches/",
        {
            "name": "春节礼品卡",
            "kind": "stored_value",
            "amount": "200.00",
            "quantity": 2,
            "redeemable_to": (timezone.now() + timedelta(days=30)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["kind"], body["amount"], body["template"], body["quantity"], len(body["codes"])) == (
        "stored_value",
        "200.00",
        None,
        2,
        2,
    )
    member = UserFactory()
    redeemed = client_for(member).post("/api/v1/me/coupons/redeem/", {"code": body["codes"][1]})

    assert redeemed.status_code == 201, redeemed.json()
    assert {key: redeemed.json()[key] for key in ("redeemed", "amount", "balance")} == {
        "redeemed": "stored_value",
        "amount": "200.00",
        "balance": "200.00",
    }
    assert client_for(member).get("/api/v1/me/stored-value/").json()["balance"] == "200.00"
    listed = operator_api.get("/api/v1/platform/redeem-batches/").json()["results"][0]
    assert (listed["kind"], listed["redeemed"]) == ("stored_value", 1)


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "stored_value"},  # no amount
        {"kind": "stored_value", "amount": "10.00", "template": 1},  # a coupon's template too
        {"kind": "coupon", "amount": "10.00"},  # no template
        {"kind": "stored_value", "amount": "-5.00"},
    ],
)
def test_a_batch_names_what_its_kind_needs_and_nothing_else(operator_api, body):
    response = operator_api.post(
        "/api/v1/platform/redeem-batches/",
        {"name": "卡", "quantity": 1, "redeemable_to": (timezone.now() + timedelta(days=1)).isoformat(), **body},
        format="json",
    )

    assert (response.status_code, response.json()["code"]) == (400, "validation_error")
    assert not RedeemBatch.objects.exists()


def test_guessing_gift_card_codes_is_throttled_like_coupon_codes(settings):
    gift_cards()
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "redeem": "2/min"}
    guesser = client_for(UserFactory())

    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}):
        statuses = [
            guesser.post("/api/v1/me/coupons/redeem/", {"code": f"AAAA-BBBB-CCCC-DDD{n}"}).status_code
            for n in range(2, 5)
        ]

    assert statuses == [409, 409, 429]
    assert balance_of(guesser.user) == Decimal("0.00")


def test_gift_card_batches_are_followed_in_the_admin(client):
    gift_cards(quantity=2, amount="50.00")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get("/admin/coupons/redeembatch/?kind=stored_value", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "企业福利礼品卡" in response.content.decode()
    assert "50.00" in response.content.decode()
