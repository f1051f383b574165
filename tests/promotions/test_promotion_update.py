"""Changing a promotion that has not started (promotion_update, PATCH /api/v1/seller/promotions/{id}/): the same
checks as creating one, the overlap check without itself, refused once it has started or is stopped, a history
row, and the engine prices by the new rules."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from marketplace.exceptions import InvalidInput, InvalidTransition
from members.models import MemberLevel
from promotions import pricing, selectors, services
from promotions.exceptions import PromotionConflict, PromotionStarted
from promotions.models import Promotion, PromotionEvent
from stores.models import StaffRole
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.factories import MembershipFactory, StoreFactory

pytestmark = pytest.mark.django_db

TIERS = {"tiers": [{"threshold": "100", "discount": "10"}]}


def window(days_from=1, days_to=8) -> dict:
    now = timezone.now()
    return {"starts_at": now + timedelta(days=days_from), "ends_at": now + timedelta(days=days_to)}


def create(store, owner, **changes) -> Promotion:
    fields = {
        "name": "满100减10",
        "kind": "full_reduction",
        "rules": TIERS,
        "scope": pricing.GoodsScope(all=True),
        **window(),
        **changes,
    }
    return services.promotion_create(store=store, by=owner, **fields)


@pytest.fixture
def catalog():
    return PhoneCatalog()


@pytest.fixture
def phone(store, catalog):
    return catalog.phone(store)


@pytest.fixture
def tomorrow(store, owner, phone):
    return create(store, owner)


def test_a_promotion_not_started_takes_its_new_rules_name_and_window(tomorrow, owner):
    new_window = window(2, 5)
    services.promotion_update(
        promotion=tomorrow,
        by=owner,
        name="满200减30",
        rules={"tiers": [{"threshold": "200", "discount": "30"}]},
        **new_window,
    )

    tomorrow.refresh_from_db()
    assert tomorrow.name == "满200减30"
    assert tomorrow.rules == {"tiers": [{"threshold": "200.00", "discount": "30.00"}]}
    assert (tomorrow.starts_at, tomorrow.ends_at) == (new_window["starts_at"], new_window["ends_at"])
    assert list(PromotionEvent.objects.filter(promotion=tomorrow).values_list("type", "by")) == [
        ("updated", owner.pk),
        ("created", owner.pk),
    ]


def test_changing_the_kind_moves_the_promotion_to_the_new_kinds_exclusive_group(tomorrow, owner):
    services.promotion_update(promotion=tomorrow, by=owner, kind="item_discount", rules={"percent": "80"})

    tomorrow.refresh_from_db()
    assert (tomorrow.kind, tomorrow.lane, tomorrow.level, tomorrow.rules) == (
        "item_discount",
        "item",
        "",
        {"percent": "80.00"},
    )


def test_a_new_kind_without_its_rules_is_refused(tomorrow, owner):
    with pytest.raises(InvalidInput) as refused:
        services.promotion_update(promotion=tomorrow, by=owner, kind="item_discount")
    assert "rules" in refused.value.fields
    tomorrow.refresh_from_db()
    assert tomorrow.kind == "full_reduction"


def test_a_started_promotion_is_not_changed(store, owner, phone):
    running = create(store, owner, **window(-1, 3))

    with pytest.raises(PromotionStarted):
        services.promotion_update(promotion=running, by=owner, name="改名")

    running.refresh_from_db()
    assert running.name == "满100减10"
    assert not PromotionEvent.objects.filter(promotion=running, type="updated").exists()


def test_an_ended_promotion_is_not_changed(store, owner, phone):
    ended = create(store, owner, **window(-5, -1))
    with pytest.raises(PromotionStarted):
        services.promotion_update(promotion=ended, by=owner, name="改名")


def test_a_stopped_promotion_is_not_changed(tomorrow, owner):
    services.promotion_stop(promotion=tomorrow, by=owner)
    with pytest.raises(InvalidTransition):
        services.promotion_update(promotion=tomorrow, by=owner, name="改名")
    tomorrow.refresh_from_db()
    assert tomorrow.name == "满100减10"


def test_it_becomes_uneditable_the_moment_it_starts(tomorrow, owner):
    with pytest.raises(PromotionStarted):
        services.promotion_update(promotion=tomorrow, by=owner, name="改名", now=tomorrow.starts_at)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_at": timezone.now()}, "ends_at"),
        ({"rules": {"tiers": [{"threshold": "100", "discount": "120"}]}}, "rules"),
        ({"rules": {"percent": "80"}}, "rules"),
        ({"scope": pricing.GoodsScope(skus=frozenset({2**40}))}, "scope"),
        ({"member_scope": "levels", "member_levels": [2**40]}, "member_levels"),
    ],
    ids=["ends-before-start", "discount-above-threshold", "rules-of-another-kind", "unknown-sku", "unknown-level"],
)
def test_what_create_refuses_update_refuses_too_and_changes_nothing(tomorrow, owner, changes, field):
    with pytest.raises((InvalidInput, ValidationError)) as refused:  # the rules' serializer raises DRF's
        services.promotion_update(promotion=tomorrow, by=owner, name="改名", **changes)
    detail = getattr(refused.value, "fields", None) or refused.value.detail
    assert field in detail
    tomorrow.refresh_from_db()
    assert (tomorrow.name, tomorrow.rules) == ("满100减10", {"tiers": [{"threshold": "100.00", "discount": "10.00"}]})


def test_another_stores_sku_in_the_goods_is_refused(tomorrow, owner, catalog):
    foreign = catalog.phone(StoreFactory(), title="别家手机").skus.first()
    with pytest.raises(InvalidInput) as refused:
        services.promotion_update(promotion=tomorrow, by=owner, scope=pricing.GoodsScope(skus=frozenset({foreign.pk})))
    assert "scope" in refused.value.fields


def test_a_promotion_is_no_rival_of_itself_when_its_window_moves_over_its_old_one(tomorrow, owner):
    services.promotion_update(promotion=tomorrow, by=owner, **window(2, 9))
    tomorrow.refresh_from_db()
    assert tomorrow.ends_at > timezone.now() + timedelta(days=8)


def test_moving_into_another_promotions_window_is_refused_naming_it(store, owner, phone):
    later = create(store, owner, name="下周满减", **window(10, 20))
    tomorrow = create(store, owner, name="明天满减", **window(1, 5))

    with pytest.raises(PromotionConflict) as refused:
        services.promotion_update(promotion=tomorrow, by=owner, **window(3, 12))

    assert refused.value.fields["conflicts_with"] == [{"id": later.pk, "name": "下周满减"}]
    tomorrow.refresh_from_db()
    assert tomorrow.ends_at < later.starts_at


def test_new_rules_are_what_the_engine_prices_by(tomorrow, owner):
    at = tomorrow.starts_at + timedelta(hours=1)
    services.promotion_update(
        promotion=tomorrow, by=owner, rules={"tiers": [{"threshold": "150", "discount": "25"}]}, per_member_limit=2
    )

    (priced,) = selectors.engine_promotions(store_ids=[tomorrow.store_id], at=at, user_id=None)
    assert priced.rule.tiers == (pricing.ReductionTier(Decimal("150.00"), Decimal("25.00")),)


# The API: PATCH with the fields of POST.

URL = "/api/v1/seller/promotions/{}/"


def test_patch_changes_only_what_it_sends(owner_api, tomorrow):
    level = MemberLevel.objects.create(name="金卡会员X", growth_threshold=987654)
    response = owner_api.patch(
        URL.format(tomorrow.pk),
        {
            "rules": {"tiers": [{"threshold": "199", "discount": "20"}]},
            "member_scope": "levels",
            "member_levels": [level.pk],
        },
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["rules"] == {"tiers": [{"threshold": "199.00", "discount": "20.00"}]}
    assert (body["name"], body["member_scope"], body["member_levels"]) == ("满100减10", "levels", [level.pk])
    assert body["scope"]["all"] is True


def test_patch_of_a_started_promotion_is_promotion_started(owner_api, store, owner, phone):
    running = create(store, owner, **window(-1, 3))
    response = owner_api.patch(URL.format(running.pk), {"name": "改名"})
    assert response.status_code == 409
    assert response.json()["code"] == "promotion_started"
    running.refresh_from_db()
    assert running.name == "满100减10"


def test_patch_of_a_stopped_promotion_is_invalid_transition(owner_api, tomorrow, owner):
    services.promotion_stop(promotion=tomorrow, by=owner)
    response = owner_api.patch(URL.format(tomorrow.pk), {"name": "改名"})
    assert (response.status_code, response.json()["code"]) == (409, "invalid_transition")


def test_patch_into_an_overlap_is_promotion_conflict(owner_api, store, owner, phone):
    later = create(store, owner, name="下周满减", **window(10, 20))
    tomorrow = create(store, owner, name="明天满减", **window(1, 5))
    response = owner_api.patch(URL.format(tomorrow.pk), {"ends_at": (timezone.now() + timedelta(days=15)).isoformat()})
    assert response.status_code == 409
    assert response.json()["fields"]["conflicts_with"] == [{"id": later.pk, "name": "下周满减"}]


def test_patch_with_bad_input_is_validation_error(owner_api, tomorrow):
    response = owner_api.patch(URL.format(tomorrow.pk), {"rules": {"tiers": []}, "colour": "red"})
    assert (response.status_code, response.json()["code"]) == (400, "validation_error")


def test_another_stores_promotion_is_not_found(other_store_owner_api, tomorrow):
    response = other_store_owner_api.patch(URL.format(tomorrow.pk), {"name": "改名"})
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    tomorrow.refresh_from_db()
    assert tomorrow.name == "满100减10"


def test_a_manager_may_patch_and_a_clerk_may_not(store, tomorrow, clerk_api):
    manager_api = client_for(MembershipFactory(store=store, role=StaffRole.MANAGER).user)
    assert manager_api.patch(URL.format(tomorrow.pk), {"name": "经理改"}).status_code == 200

    response = clerk_api.patch(URL.format(tomorrow.pk), {"name": "店员改"})
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    tomorrow.refresh_from_db()
    assert tomorrow.name == "经理改"


@pytest.mark.django_db(transaction=True)  # the configuration's version moves when the change commits
def test_the_engines_copy_in_memory_takes_the_change_at_once(settings, store, owner, phone):
    settings.PRICING_CONFIG_CACHE = True
    selectors.ENGINE_PROMOTIONS.clear()
    promotion = create(store, owner)
    at = promotion.starts_at + timedelta(hours=1)
    (before,) = selectors.engine_promotions(store_ids=[store.pk], at=at, user_id=None)  # now held in memory

    services.promotion_update(promotion=promotion, by=owner, rules={"tiers": [{"threshold": "150", "discount": "25"}]})

    (after,) = selectors.engine_promotions(store_ids=[store.pk], at=at, user_id=None)
    assert before.rule.tiers[0].discount == Decimal("10.00")
    assert after.rule.tiers == (pricing.ReductionTier(Decimal("150.00"), Decimal("25.00")),)
