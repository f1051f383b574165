"""The seller backend's store coupon pages: create with the fields of each kind, errors next to the field they
name, stop; another store's coupon is not found."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coupons.models import CouponTemplate, TemplateStatus
from stores.models import StaffRole
from tests.factories import MembershipFactory
from tests.stores.seller import field_error, html, seller_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(owner):
    return seller_client(owner)


def coupon(**fields) -> dict:
    start = timezone.localtime()
    return {
        "name": "满 100 减 10",
        "kind": "threshold",
        "value": "10",
        "threshold": "100",
        "goods_all": "on",
        "valid_from": start.strftime("%Y-%m-%dT%H:%M"),
        "valid_to": (start + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"),
        "total": "500",
        "per_user": "1",
        "issue_mode": "both",
        "public": "on",
        "refund_policy": "never",
        **fields,
    }


def test_a_spend_and_save_coupon_is_created_for_the_store(client, store):
    response = client.post("/seller/coupons/new/", coupon())
    assert response.status_code == 302, html(response)
    template = CouponTemplate.objects.get(store=store)
    assert (template.kind, template.value, template.threshold, template.total) == ("threshold", 10, 100, 500)
    assert "满 100 减 10" in html(client.get("/seller/coupons/"))


def test_errors_are_shown_next_to_the_field_they_name(client):
    response = client.post("/seller/coupons/new/", coupon(threshold="5"))
    assert field_error(response, "id_value") == ["The amount off cannot be above the threshold."]
    response = client.post("/seller/coupons/new/", coupon(valid_days="7"))
    assert field_error(response, "id_valid_days")
    response = client.post("/seller/coupons/new/", coupon(total="0", value="abc"))
    assert field_error(response, "id_total") and field_error(response, "id_value")
    assert not CouponTemplate.objects.exists()


def test_stop_issues_no_more_and_another_stores_coupon_is_not_found(client, store, other_store_owner_api):
    client.post("/seller/coupons/new/", coupon())
    mine = CouponTemplate.objects.get()
    assert client.post(f"/seller/coupons/{mine.pk}/stop/").status_code == 302
    mine.refresh_from_db()
    assert mine.status == TemplateStatus.STOPPED
    theirs = seller_client(other_store_owner_api.user)
    assert theirs.post(f"/seller/coupons/{mine.pk}/stop/").status_code == 404
    assert "满 100 减 10" not in html(theirs.get("/seller/coupons/"))


def test_a_clerk_cannot_create_coupons(store):
    clerk = seller_client(MembershipFactory(store=store, role=StaffRole.CLERK).user)
    assert clerk.post("/seller/coupons/new/", coupon()).status_code == 403
    assert not CouponTemplate.objects.exists()
