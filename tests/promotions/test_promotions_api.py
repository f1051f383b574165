"""The promotions center's database side: creating, refusing overlaps, stopping, and the engine adapter."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from promotions import pricing, selectors, services
from promotions.exceptions import PromotionConflict
from promotions.models import Promotion, PromotionEvent, PromotionUse
from tests.catalog.factories import PhoneCatalog
from tests.factories import OperatorFactory, StoreFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def window(days_from=0, days_to=7) -> dict:
    return {
        "starts_at": (NOW + timedelta(days=days_from)).isoformat(),
        "ends_at": (NOW + timedelta(days=days_to)).isoformat(),
    }


TIERS = {"tiers": [{"threshold": "300", "discount": "50"}, {"threshold": "100", "discount": "10"}]}


def full_reduction(**changes) -> dict:
    return {
        "name": "满100减10",
        "kind": "full_reduction",
        "scope": {"all": True},
        "rules": TIERS,
        **window(),
        **changes,
    }


@pytest.fixture
def phones(store):
    catalog = PhoneCatalog()
    return catalog, catalog.phone(store)


def test_a_manager_creates_a_store_promotion_with_its_rules_normalised(owner_api, store, phones):
    response = owner_api.post("/api/v1/seller/promotions/", full_reduction())

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["rules"] == {
        "tiers": [{"threshold": "100.00", "discount": "10.00"}, {"threshold": "300.00", "discount": "50.00"}]
    }
    assert (body["store"], body["funder"], body["status"]) == (store.pk, "store", "active")
    assert PromotionEvent.objects.filter(promotion_id=body["id"], type="created").exists()


def test_an_overlapping_promotion_of_the_same_group_is_refused_naming_the_other(owner_api, phones):
    first = owner_api.post("/api/v1/seller/promotions/", full_reduction()).json()

    response = owner_api.post(
        "/api/v1/seller/promotions/",
        {
            "name": "每满200减20",
            "kind": "every_full_reduction",
            "scope": {"skus": [phones[1].skus.first().pk]},
            "rules": {"step": "200", "discount": "20"},
            **window(3, 10),
        },
    )

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "promotion_conflict"
    assert body["fields"]["conflicts_with"] == [{"id": first["id"], "name": "满100减10"}]
    assert f"#{first['id']}" in body["detail"]
    assert Promotion.objects.count() == 1


def test_other_lanes_other_windows_and_the_platform_level_do_not_conflict(owner_api, operator_api, phones):
    owner_api.post("/api/v1/seller/promotions/", full_reduction())
    gift_sku = phones[1].skus.last().pk

    gift = owner_api.post(
        "/api/v1/seller/promotions/",
        {"name": "买就送", "kind": "gift", "scope": {"all": True}, "rules": {"gifts": [{"sku": gift_sku}]}, **window()},
    )
    later = owner_api.post("/api/v1/seller/promotions/", full_reduction(name="下周满减", **window(7, 14)))
    platform = operator_api.post("/api/v1/platform/promotions/", full_reduction(name="跨店满减"))

    assert (gift.status_code, later.status_code, platform.status_code) == (201, 201, 201)
    assert platform.json()["funder"] == "platform"


def test_a_store_and_a_platform_item_discount_on_one_sku_conflict(owner_api, operator_api, phones):
    sku = phones[1].skus.first().pk
    owner_api.post(
        "/api/v1/seller/promotions/",
        {"name": "8折", "kind": "item_discount", "scope": {"skus": [sku]}, "rules": {"percent": "80"}, **window()},
    )

    response = operator_api.post(
        "/api/v1/platform/promotions/",
        {"name": "平台9折", "kind": "item_discount", "scope": {"all": True}, "rules": {"percent": "90"}, **window()},
    )

    assert response.status_code == 409
    assert response.json()["code"] == "promotion_conflict"


def test_a_stopped_promotion_no_longer_blocks_a_new_one(owner_api, phones):
    first = owner_api.post("/api/v1/seller/promotions/", full_reduction()).json()

    stopped = owner_api.post(f"/api/v1/seller/promotions/{first['id']}/stop/", {"reason": "改价"})
    again = owner_api.post("/api/v1/seller/promotions/", full_reduction(name="新满减"))

    assert stopped.json()["status"] == "stopped"
    assert again.status_code == 201
    assert owner_api.post(f"/api/v1/seller/promotions/{first['id']}/stop/").json()["code"] == "invalid_transition"


@pytest.mark.parametrize(
    ("kind", "rules"),
    [
        ("full_reduction", {"tiers": [{"threshold": "100", "discount": "120"}]}),
        ("full_reduction", {"tiers": []}),
        ("item_discount", {"percent": "120"}),
        ("item_discount", {"percent": "80", "price": "10"}),
        ("every_full_reduction", {"step": "0", "discount": "1"}),
        ("multi_buy_price", {"count": 0, "price": "10"}),
        ("bundle", {"items": [], "price": "10"}),
    ],
)
def test_bad_rules_are_a_validation_error_on_rules(owner_api, phones, kind, rules):
    response = owner_api.post("/api/v1/seller/promotions/", full_reduction(kind=kind, rules=rules))

    assert response.status_code == 400
    assert "rules" in response.json()["fields"]
    assert not Promotion.objects.exists()


def test_a_store_cannot_promote_or_give_away_another_stores_goods(owner_api, phones):
    foreign = phones[0].phone(StoreFactory(), title="别家 手机").skus.first().pk

    scoped = owner_api.post("/api/v1/seller/promotions/", full_reduction(scope={"skus": [foreign]}))
    gift = owner_api.post(
        "/api/v1/seller/promotions/",
        {"name": "送", "kind": "gift", "scope": {"all": True}, "rules": {"gifts": [{"sku": foreign}]}, **window()},
    )

    assert scoped.status_code == 400 and "scope" in scoped.json()["fields"]
    assert gift.status_code == 400 and "rules" in gift.json()["fields"]


def test_an_empty_scope_or_a_backwards_window_is_refused(owner_api, phones):
    assert owner_api.post("/api/v1/seller/promotions/", full_reduction(scope={})).status_code == 400
    assert owner_api.post("/api/v1/seller/promotions/", full_reduction(**window(5, 1))).status_code == 400


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"per_member_limit": 10**21}, "per_member_limit"),
        ({"member_scope": "levels", "member_levels": [10**21]}, "member_levels"),
        ({"member_scope": "levels", "member_levels": [999999]}, "member_levels"),
        ({"scope": {"brands": [10**21]}}, "scope"),
    ],
)
def test_numbers_beyond_the_columns_and_unknown_levels_are_a_400_naming_the_field(owner_api, phones, changes, field):
    response = owner_api.post("/api/v1/seller/promotions/", full_reduction(**changes))

    assert response.status_code == 400, response.json()
    assert field in response.json()["fields"]
    assert not Promotion.objects.exists()


def test_clerks_neither_see_nor_create_and_other_stores_cannot_see(clerk_api, owner_api, other_store_owner_api, phones):
    created = owner_api.post("/api/v1/seller/promotions/", full_reduction()).json()

    # As on the seller backend, whose promotion pages a clerk cannot open.
    assert clerk_api.get("/api/v1/seller/promotions/").status_code == 403
    assert clerk_api.get(f"/api/v1/seller/promotions/{created['id']}/").status_code == 403
    assert clerk_api.post("/api/v1/seller/promotions/", full_reduction()).status_code == 403
    assert other_store_owner_api.get(f"/api/v1/seller/promotions/{created['id']}/").status_code == 404
    assert other_store_owner_api.post(f"/api/v1/seller/promotions/{created['id']}/stop/").status_code == 404
    assert other_store_owner_api.get("/api/v1/seller/promotions/").json()["count"] == 0


def test_live_promotions_reach_the_engine_with_the_members_uses_left(owner_api, operator_api, phones, store, shopper):
    limited = owner_api.post("/api/v1/seller/promotions/", full_reduction(per_member_limit=2)).json()
    operator_api.post(
        "/api/v1/platform/promotions/",
        {**full_reduction(name="平台满减"), "funder": "shared", "platform_percent": "60"},
    )
    owner_api.post("/api/v1/seller/promotions/", full_reduction(name="未开始", **window(10, 20)))
    PromotionUse.objects.create(promotion_id=limited["id"], user=shopper, order_no="T1")

    promotions = selectors.engine_promotions(store_ids=[store.pk], at=timezone.now(), user_id=shopper.pk)

    by_name = {promotion.name: promotion for promotion in promotions}
    assert set(by_name) == {"满100减10", "平台满减"}
    assert by_name["满100减10"].member_uses_left == 1
    assert by_name["满100减10"].rule.tiers[0] == pricing.ReductionTier(Decimal("100.00"), Decimal("10.00"))
    assert by_name["平台满减"].funded_by == pricing.Funding(pricing.Funder.SHARED, Decimal("60.00"))


def test_the_engine_adapter_takes_two_queries_however_many_promotions(
    operator, store, shopper, django_assert_num_queries
):
    # Six limited promotions in six stores' worth of windows: written directly, as the conflict check is not
    # what this test is about.
    for index in range(6):
        Promotion.objects.create(
            store=store,
            name=f"P{index}",
            kind="full_reduction",
            rules=TIERS,
            lane="order",
            level="store",
            starts_at=NOW - timedelta(days=1),
            ends_at=NOW + timedelta(days=1),
            scope_all=True,
            per_member_limit=3,
            funder="store",
            created_by=operator,
        )

    with django_assert_num_queries(2):
        promotions = selectors.engine_promotions(store_ids=[store.pk], at=timezone.now(), user_id=shopper.pk)

    assert [promotion.member_uses_left for promotion in promotions] == [3] * 6


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_conflicting_promotions_created_at_once_let_exactly_one_through(store):
    PhoneCatalog().phone(store)
    operator = OperatorFactory()
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def create(name: str) -> None:
        try:
            start.wait()
            services.promotion_create(
                store=store,
                by=operator,
                name=name,
                kind="full_reduction",
                rules=TIERS,
                starts_at=NOW,
                ends_at=NOW + timedelta(days=3),
                scope=pricing.GoodsScope(all=True),
            )
            outcomes.append("created")
        except PromotionConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(name,)) for name in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["conflict", "created"]
    assert Promotion.objects.count() == 1
