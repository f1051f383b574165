from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from coupons import services
from coupons.models import UserCoupon
from tests.conftest import client_for
from tests.coupons.factories import coupon_template
from tests.factories import StoreFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_anyone_sees_the_coupon_center_with_what_is_left(api):
    template = coupon_template(total=5)
    services.coupon_claim(template=template, user=UserFactory())

    response = api.get("/api/v1/coupons/center/")

    assert response.status_code == 200
    [item] = response.json()["results"]
    assert (item["id"], item["value"], item["threshold"], item["remaining"], item["store"]) == (
        template.pk,
        "10.00",
        "100.00",
        4,
        None,
    )
    assert item["goods"]["all"] is True


def test_the_coupon_center_narrows_to_one_store(api):
    store = StoreFactory()
    mine = coupon_template(store=store)
    coupon_template()

    response = api.get(f"/api/v1/coupons/center/?store={store.pk}")

    assert [item["id"] for item in response.json()["results"]] == [mine.pk]
    assert response.json()["results"][0]["store"] == {"id": store.pk, "name": store.name}


def test_a_member_claims_a_coupon_and_a_second_claim_says_the_limit_is_reached(shopper_api):
    template = coupon_template(per_user=1)

    first = shopper_api.post(f"/api/v1/coupons/{template.pk}/claim/")
    second = shopper_api.post(f"/api/v1/coupons/{template.pk}/claim/")

    assert first.status_code == 201
    assert (first.json()["status"], first.json()["template"], first.json()["value"]) == ("unused", template.pk, "10.00")
    assert second.status_code == 409
    assert (second.json()["code"], second.json()["fields"]["reason"]) == ("coupon_unavailable", ["limit_reached"])


def test_claiming_needs_a_login_and_an_unknown_coupon_is_not_found(api, shopper_api):
    template = coupon_template()

    assert api.post(f"/api/v1/coupons/{template.pk}/claim/").json()["code"] == "not_authenticated"
    assert shopper_api.post("/api/v1/coupons/99999999/claim/").status_code == 404


def test_a_coupon_not_yet_claimable_says_so(shopper_api):
    template = coupon_template(claim_from=timezone.now() + timedelta(hours=2))

    response = shopper_api.post(f"/api/v1/coupons/{template.pk}/claim/")

    assert (response.status_code, response.json()["fields"]["reason"]) == (409, ["not_started"])


def test_my_coupons_by_status_lists_only_mine(shopper, shopper_api):
    unused = services.coupon_claim(template=coupon_template(), user=shopper)
    locked = services.coupon_claim(template=coupon_template(), user=shopper)
    services.coupon_lock(user=shopper, user_coupon_ids=[locked.pk], order_no="SO1")
    past = services.coupon_claim(
        template=coupon_template(valid_days=1), user=shopper, now=timezone.now() - timedelta(days=2)
    )
    services.coupon_claim(template=coupon_template(), user=UserFactory())

    def ids(query=""):
        return [item["id"] for item in shopper_api.get(f"/api/v1/me/coupons/{query}").json()["results"]]

    assert sorted(ids()) == sorted([unused.pk, locked.pk, past.pk])
    assert ids("?status=unused") == [unused.pk]
    assert ids("?status=locked") == [locked.pk]
    assert ids("?status=expired") == [past.pk]  # before the expiry job has run
    assert shopper_api.get("/api/v1/me/coupons/?status=lost").json()["code"] == "validation_error"


def test_a_member_redeems_a_code_once(shopper, shopper_api):
    template = coupon_template(issue_mode="distribute")
    _batch, [code] = services.redeem_batch_create(
        template=template, by=template.created_by, name="卡", quantity=1, redeemable_to=timezone.now() + timedelta(1)
    )

    first = shopper_api.post("/api/v1/me/coupons/redeem/", {"code": code})
    second = shopper_api.post("/api/v1/me/coupons/redeem/", {"code": code})

    assert first.status_code == 201
    assert UserCoupon.objects.get(pk=first.json()["id"]).user == shopper
    assert first.json()["redeemed"] == "coupon"
    assert (second.status_code, second.json()["fields"]["reason"]) == (409, ["invalid_code"])


def test_guessing_codes_is_throttled(settings):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "redeem": "3/min"}
    guesser = client_for(UserFactory())

    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}):
        codes = [
            guesser.post("/api/v1/me/coupons/redeem/", {"code": f"AAAA-BBBB-CCCC-DDD{n}"}).status_code
            for n in range(2, 6)
        ]

    assert codes == [409, 409, 409, 429]
