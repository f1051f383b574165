"""The seller backend's promotion pages: create with the fields of each kind, a conflict explained by naming the
other promotion beside the form, stop; clerks see none of it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from promotions.models import Promotion, PromotionStatus
from stores.models import StaffRole
from tests.catalog.factories import PhoneCatalog
from tests.factories import MembershipFactory, StoreFactory
from tests.stores.seller import field_error, html, seller_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(owner):
    return seller_client(owner)


def window(days=7) -> dict:
    start = timezone.localtime() + timedelta(hours=1)
    return {
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M"),
    }


def test_a_tiered_spend_and_save_is_created_from_its_lines(client, store):
    body = {"name": "满减", "kind": "full_reduction", "scope_all": "on", "tiers": "100:10\n300：50", **window()}
    response = client.post("/seller/promotions/new/", body)
    assert response.status_code == 302, html(response)
    promotion = Promotion.objects.get(store=store)
    assert promotion.rules == {
        "tiers": [{"threshold": "100.00", "discount": "10.00"}, {"threshold": "300.00", "discount": "50.00"}]
    }
    assert promotion.scope_all
    assert "¥100.00 − ¥10.00 · ¥300.00 − ¥50.00" in html(client.get("/seller/promotions/"))


def test_an_overlap_is_refused_naming_the_other_promotion_beside_the_form(client, store):
    PhoneCatalog().phone(store)  # the goods both would discount
    first = {"name": "国庆八折", "kind": "item_discount", "scope_all": "on", "percent": "80", **window()}
    assert client.post("/seller/promotions/new/", first).status_code == 302
    other = Promotion.objects.get()
    response = client.post("/seller/promotions/new/", {**first, "name": "再来九折", "percent": "90"})
    assert response.status_code == 409
    box = html(response).split("data-conflict>")[1].split("</div>")[0]
    assert "国庆八折" in box and f"#promotion-{other.pk}" in box
    assert Promotion.objects.count() == 1
    assert 'value="再来九折"' in html(response)  # what was typed stays


def test_chosen_skus_narrow_the_promotion_to_them(client, store):
    sku = PhoneCatalog().phone(store).skus.first()
    body = {"name": "单品", "kind": "item_discount", "percent": "85", "scope_skus": [str(sku.pk)], **window()}
    assert client.post("/seller/promotions/new/", body).status_code == 302
    promotion = Promotion.objects.get()
    assert (promotion.scope_all, promotion.scope_skus) == (False, [sku.pk])


def test_rule_errors_are_shown_next_to_the_rule_fields(client):
    response = client.post(
        "/seller/promotions/new/",
        {"name": "x", "kind": "full_reduction", "scope_all": "on", "tiers": "100:200", **window()},
    )
    assert response.status_code == 200
    assert field_error(response, "id_tiers") == ["A tier&#x27;s discount cannot exceed its threshold."]
    response = client.post("/seller/promotions/new/", {"name": "x", "kind": "bundle", "items": "1:2:3", **window()})
    assert field_error(response, "id_items")
    response = client.post(
        "/seller/promotions/new/", {"name": "x", "kind": "item_discount", "percent": "80", **window(-1)}
    )
    assert field_error(response, "id_ends_at")


def test_a_bundle_of_another_stores_sku_is_refused(client, store):
    theirs = PhoneCatalog().phone(StoreFactory()).skus.first()
    body = {"name": "套装", "kind": "bundle", "items": f"{theirs.pk}:1", "price": "10", "scope_all": "on", **window()}
    response = client.post("/seller/promotions/new/", body)
    assert response.status_code == 200
    assert "another store" in html(response)
    assert not Promotion.objects.exists()


@pytest.mark.parametrize("kind", ["nonsense", "", "item_discount"])
def test_bad_input_is_refused_without_a_500(client, kind):
    response = client.post("/seller/promotions/new/", {"kind": kind, "starts_at": "yesterday", "scope_skus": ["x"]})
    assert response.status_code == 200


def test_stop_ends_a_promotion_and_another_stores_is_not_found(client, store, owner):
    client.post(
        "/seller/promotions/new/",
        {"name": "九折", "kind": "item_discount", "scope_all": "on", "percent": "90", **window()},
    )
    mine = Promotion.objects.get(store=store)
    assert client.post(f"/seller/promotions/{mine.pk}/stop/").status_code == 302
    mine.refresh_from_db()
    assert mine.status == PromotionStatus.STOPPED
    theirs = Promotion.objects.create(
        store=StoreFactory(),
        name="别人的",
        kind="item_discount",
        rules={"percent": "90"},
        scope_all=True,
        funder="store",
        lane="item",
        created_by=owner,
        starts_at=timezone.now(),
        ends_at=timezone.now() + timedelta(days=1),
    )
    assert client.post(f"/seller/promotions/{theirs.pk}/stop/").status_code == 404
    assert "别人的" not in html(client.get("/seller/promotions/"))


def test_a_clerk_sees_no_promotions(store):
    clerk = seller_client(MembershipFactory(store=store, role=StaffRole.CLERK).user)
    assert clerk.get("/seller/promotions/").status_code == 403
