"""The pricing engine's configuration in memory (marketplace.config_cache): served without a query while
nothing changed, and never past a committed change, whoever made it (a service, the admin, a region list)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from logistics import selectors as freight_selectors
from logistics.models import FreightRateRule
from marketplace import config_cache
from marketplace.config_cache import ConfigMemo, config_changed
from promotions import selectors as promotion_selectors
from promotions import services as promotion_services
from promotions.models import Promotion
from tests.factories import OperatorFactory, StoreFactory
from tests.logistics.test_freight_templates_api import BY_WEIGHT

pytestmark = pytest.mark.django_db(transaction=True)  # versions move when writes commit
TIERS = {"tiers": [{"threshold": "100", "discount": "10"}]}


@pytest.fixture(autouse=True)
def memory_on(settings):
    settings.PRICING_CONFIG_CACHE = True
    for memo in (promotion_selectors.ENGINE_PROMOTIONS, freight_selectors.ENGINE_TEMPLATES):
        memo.clear()


def a_promotion(store, *, name="满100减10", **changes) -> Promotion:
    now = timezone.now()
    fields = {
        "store": store,
        "name": name,
        "kind": "full_reduction",
        "rules": TIERS,
        "lane": "order",
        "level": "store",
        "starts_at": now - timedelta(days=1),
        "ends_at": now + timedelta(days=1),
        "scope_all": True,
        "funder": "store",
        "created_by": OperatorFactory(),
    }
    return Promotion.objects.create(**(fields | changes))


def live_names(store) -> set[str]:
    promotions = promotion_selectors.engine_promotions(store_ids=[store.pk], at=timezone.now(), user_id=None)
    return {promotion.name for promotion in promotions}


def test_a_memo_loads_once_per_version():
    memo, loads = ConfigMemo("test-kind"), []

    def load():
        loads.append(1)
        return len(loads)

    assert [memo.get("k", load), memo.get("k", load)] == [1, 1]
    config_changed("test-kind")  # outside a transaction: at once
    assert memo.get("k", load) == 2


def test_without_redis_every_read_loads(redis_down):
    memo, loads = ConfigMemo("test-kind-2"), []

    assert [memo.get("k", lambda: loads.append(1) or len(loads)) for _ in range(2)] == [1, 2]


def test_an_entry_is_reloaded_after_its_age_even_if_no_version_moved(monkeypatch):
    """A move of the version lost while Redis was down must not keep a process stale for longer than this."""
    memo, loads = ConfigMemo("test-kind-3"), []
    clock = [1000.0]
    monkeypatch.setattr(config_cache.time, "monotonic", lambda: clock[0])

    first = memo.get("k", lambda: loads.append(1) or len(loads))
    clock[0] += config_cache.MAX_AGE_SECONDS - 1
    still = memo.get("k", lambda: loads.append(1) or len(loads))
    clock[0] += 2
    reloaded = memo.get("k", lambda: loads.append(1) or len(loads))

    assert (first, still, reloaded) == (1, 1, 2)


def test_live_promotions_come_from_memory_without_a_query(django_assert_num_queries):
    store = StoreFactory()
    a_promotion(store)
    assert live_names(store) == {"满100减10"}

    with django_assert_num_queries(0):
        assert live_names(store) == {"满100减10"}


def test_a_stopped_promotion_stops_applying_at_once():
    store = StoreFactory()
    promotion = a_promotion(store)
    assert live_names(store) == {"满100减10"}

    promotion_services.promotion_stop(promotion=promotion, by=OperatorFactory(), reason="misprice")

    assert live_names(store) == set()


def test_a_promotion_saved_in_the_admin_or_created_applies_at_once():
    store = StoreFactory()
    promotion = a_promotion(store)
    assert live_names(store) == {"满100减10"}

    promotion.name = "满100减20"
    promotion.save()  # what the admin's change form does
    a_promotion(store, name="第二个", level="platform")

    assert live_names(store) == {"满100减20", "第二个"}


def test_a_promotion_is_live_only_inside_its_window_whatever_memory_holds():
    store = StoreFactory()
    now = timezone.now()
    a_promotion(store, name="明天开始", starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=3))
    assert live_names(store) == set()

    tomorrow = timezone.now() + timedelta(days=1, hours=1)
    promotions = promotion_selectors.engine_promotions(store_ids=[store.pk], at=tomorrow, user_id=None)

    assert [promotion.name for promotion in promotions] == ["明天开始"]


def test_freight_templates_come_from_memory_and_follow_a_rate_or_region_change(owner_api, django_assert_num_queries):
    template_id = owner_api.post("/api/v1/seller/freight-templates/", BY_WEIGHT).json()["id"]
    first = freight_selectors.engine_templates(template_ids=[template_id])[template_id]
    assert first.default_rate.first_fee == Decimal("8.00")

    with django_assert_num_queries(0):
        freight_selectors.engine_templates(template_ids=[template_id])

    rate = FreightRateRule.objects.get(template_id=template_id, regions__isnull=True)
    rate.first_fee = Decimal("9.50")
    rate.save()
    assert freight_selectors.engine_templates(template_ids=[template_id])[template_id].default_rate.first_fee == (
        Decimal("9.50")
    )

    rate.regions.add("310000")  # the default rate becomes Shanghai's
    changed = freight_selectors.engine_templates(template_ids=[template_id])[template_id]
    assert changed.default_rate is None
    assert "310000" in {code for region_rate in changed.region_rates for code in region_rate.regions}
