from datetime import timedelta

import pytest
from django.utils import timezone

from coupons.models import CouponTemplate, RedeemCode
from tests.coupons.factories import coupon_template
from tests.factories import StoreFactory, UserFactory

pytestmark = pytest.mark.django_db


def body(**changes) -> dict:
    now = timezone.now()
    return {
        "name": "满200减30",
        "kind": "threshold",
        "value": "30.00",
        "threshold": "200.00",
        "goods": {"all": True},
        "valid_from": now.isoformat(),
        "valid_to": (now + timedelta(days=30)).isoformat(),
        "total": 500,
        "per_user": 1,
        "per_user_per_day": 1,
        "issue_mode": "both",
        "public": True,
        "refund_policy": "full_only",
    } | changes


def test_a_store_manager_creates_a_store_coupon_that_the_store_pays_for(owner_api, store):
    response = owner_api.post("/api/v1/seller/coupon-templates/", body())

    assert response.status_code == 201, response.json()
    template = CouponTemplate.objects.get(pk=response.json()["id"])
    assert (template.store, template.is_platform, template.created_by) == (store, False, owner_api.user)
    assert (response.json()["total"], response.json()["issued"], response.json()["status"]) == (500, 0, "active")


def test_a_percent_coupon_with_a_cap_and_days_of_validity(owner_api):
    response = owner_api.post(
        "/api/v1/seller/coupon-templates/",
        body(kind="percent", value="85", threshold="0", max_discount="50.00", valid_from=None, valid_to=None)
        | {"valid_days": 7},
    )

    assert response.status_code == 201, response.json()
    assert (response.json()["value"], response.json()["max_discount"], response.json()["valid_days"]) == (
        "85.00",
        "50.00",
        7,
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"value": "300.00"}, "value"),
        ({"goods": {}}, "goods"),
        ({"kind": "coupon"}, "kind"),
        ({"colour": "red"}, "colour"),
        # Beyond what the columns hold: a 400, not an overflow.
        ({"per_user": 10**21}, "per_user"),
        ({"per_user_per_day": 10**21}, "per_user_per_day"),
        ({"points_cost": 10**21}, "points_cost"),
        ({"goods": {"skus": [10**21]}}, "goods"),
    ],
)
def test_a_bad_template_is_a_validation_error_naming_the_field(owner_api, changes, field):
    response = owner_api.post("/api/v1/seller/coupon-templates/", body(**changes))

    assert response.status_code == 400
    assert (response.json()["code"], field in response.json()["fields"]) == ("validation_error", True)
    assert not CouponTemplate.objects.exists()


def test_a_clerk_neither_reads_the_stores_coupons_and_their_gmv_nor_creates_one_as_on_the_pages(clerk_api, store):
    template = coupon_template(store=store)
    base = "/api/v1/seller/coupon-templates/"

    for path in (base, f"{base}{template.pk}/", f"{base}{template.pk}/statistics/"):
        response = clerk_api.get(path)
        assert (response.status_code, response.json()["code"]) == (403, "permission_denied"), path
    assert clerk_api.post(base, body()).status_code == 403


def test_another_stores_coupon_is_not_found(owner_api, other_store_owner_api, store):
    template = coupon_template(store=store)

    assert other_store_owner_api.get(f"/api/v1/seller/coupon-templates/{template.pk}/").status_code == 404
    assert other_store_owner_api.post(f"/api/v1/seller/coupon-templates/{template.pk}/stop/").status_code == 404
    assert owner_api.get(f"/api/v1/seller/coupon-templates/{template.pk}/").status_code == 200


def test_a_seller_changes_the_total_and_stops_the_coupon(owner_api, store):
    template = coupon_template(store=store)

    patched = owner_api.patch(f"/api/v1/seller/coupon-templates/{template.pk}/", {"total": 800})
    stopped = owner_api.post(f"/api/v1/seller/coupon-templates/{template.pk}/stop/")
    again = owner_api.post(f"/api/v1/seller/coupon-templates/{template.pk}/stop/")

    assert patched.json()["total"] == 800
    assert stopped.json()["status"] == "stopped"
    assert again.json()["code"] == "invalid_transition"


def test_shoppers_and_store_staff_cannot_reach_platform_coupons(shopper_api, owner_api):
    assert shopper_api.get("/api/v1/platform/coupon-templates/").status_code == 403
    assert owner_api.post("/api/v1/platform/coupon-templates/", body()).status_code == 403


def test_an_operator_creates_a_platform_new_member_coupon(operator_api):
    response = operator_api.post(
        "/api/v1/platform/coupon-templates/",
        body(kind="cash", value="8.00", threshold="0.00", issue_mode="distribute", refund_policy="proportional")
        | {"issue_on_register": True, "channels": ["app", "h5"]},
    )

    assert response.status_code == 201, response.json()
    assert (response.json()["store"], response.json()["issue_on_register"], response.json()["channels"]) == (
        None,
        True,
        ["app", "h5"],
    )


def test_an_operator_distributes_and_reads_the_statistics(operator_api):
    template = coupon_template(total=2)
    members = [UserFactory() for _ in range(3)]

    response = operator_api.post(
        f"/api/v1/platform/coupon-templates/{template.pk}/distribute/", {"members": [m.pk for m in members]}
    )
    stats = operator_api.get(f"/api/v1/platform/coupon-templates/{template.pk}/statistics/").json()

    assert [item["member"] for item in response.json()["issued"]] == [members[0].pk, members[1].pk]
    assert response.json()["skipped"] == [{"member": members[2].pk, "reason": "none_left"}]
    assert (stats["issued"], stats["distributed"], stats["used"], stats["gmv"]) == (2, 2, 0, "0.00")


def test_a_store_coupon_is_not_a_platform_coupon(operator_api):
    template = coupon_template(store=StoreFactory())

    assert operator_api.get(f"/api/v1/platform/coupon-templates/{template.pk}/").status_code == 404


def test_an_operator_makes_a_batch_of_codes_shown_once(operator_api):
    template = coupon_template(issue_mode="distribute")

    response = operator_api.post(
        "/api/v1/platform/redeem-batches/",
        {
            "name": "2026 年会福利",
            "template": template.pk,
            "quantity": 5,
            "redeemable_to": (timezone.now() + timedelta(days=60)).isoformat(),
        },
    )
    listed = operator_api.get("/api/v1/platform/redeem-batches/").json()["results"]

    assert response.status_code == 201, response.json()
    assert len(response.json()["codes"]) == 5
    assert RedeemCode.objects.filter(batch_id=response.json()["id"]).count() == 5
    assert "codes" not in listed[0]
    assert (listed[0]["quantity"], listed[0]["redeemed"]) == (5, 0)
