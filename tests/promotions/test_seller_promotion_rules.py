"""The promotion list says every kind's rules in words, naming the SKUs a bundle, a gift or an add-on names by
their titles (read in one query for the page), never as the stored JSON."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from promotions import services
from promotions.models import Promotion
from promotions.pricing import GoodsScope, PromotionKind
from promotions.seller_views import rules_summary
from tests.catalog.factories import PhoneCatalog
from tests.stores.seller import html, seller_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(owner):
    return seller_client(owner)


@pytest.fixture
def skus(store):
    """Two phones of the store: 华为 (128G, 256G) and 苹果 (128G, 256G)."""
    catalog = PhoneCatalog()
    huawei = catalog.phone(store, title="华为 Mate 60 手机", stock=0)
    apple = catalog.phone(store, title="苹果 iPhone 16 手机", brand=catalog.apple, stock=0)
    return [*huawei.skus.order_by("pk"), *apple.skus.order_by("pk")]


def rules_of_every_kind(skus) -> dict[PromotionKind, dict]:
    phone, bigger, apple, _apple_bigger = (sku.pk for sku in skus)
    return {
        PromotionKind.ITEM_DISCOUNT: {"percent": "80"},
        PromotionKind.FULL_REDUCTION: {
            "tiers": [{"threshold": "300", "discount": "30"}, {"threshold": "500", "discount": "60"}]
        },
        PromotionKind.EVERY_FULL_REDUCTION: {"step": "100", "discount": "10", "cap": "50"},
        PromotionKind.BUNDLE: {
            "items": [{"sku": phone, "quantity": 1}, {"sku": apple, "quantity": 2}],
            "price": "9999",
        },
        PromotionKind.GIFT: {"gifts": [{"sku": bigger, "quantity": 1}]},
        PromotionKind.FULL_GIFT: {"tiers": [{"threshold": "300", "gifts": [{"sku": apple, "quantity": 1}]}]},
        PromotionKind.MULTI_BUY_PRICE: {"count": 3, "price": "99"},
        PromotionKind.MULTI_BUY_PERCENT: {"count": 2, "percent": "85.5"},
        PromotionKind.ADD_ON_PURCHASE: {"threshold": "199", "items": [{"sku": phone, "price": "9.90"}]},
    }


def promote(store, owner, kind: PromotionKind, rules: dict, day: int) -> Promotion:
    """A promotion of the store over all its goods, on a day of its own (promotions of one kind may not overlap)."""
    start = timezone.now() + timedelta(days=day + 1)
    return services.promotion_create(
        store=store,
        by=owner,
        name=f"{kind.value} {day}",
        kind=kind.value,
        rules=rules,
        starts_at=start,
        ends_at=start + timedelta(hours=12),
        scope=GoodsScope(all=True),
    )


def rules_cell(page: str, promotion: Promotion) -> str:
    return page.split(f'<tr id="promotion-{promotion.pk}">')[1].split("</tr>")[0].split("<td>")[4].split("</td>")[0]


EXPECTED = {
    PromotionKind.ITEM_DISCOUNT: "pay 80%",
    PromotionKind.FULL_REDUCTION: "¥300.00 − ¥30.00 · ¥500.00 − ¥60.00",
    PromotionKind.EVERY_FULL_REDUCTION: "every ¥100.00 − ¥10.00, at most ¥50.00",
    PromotionKind.BUNDLE: "华为 Mate 60 手机 黑色 / 128G ×1, 苹果 iPhone 16 手机 黑色 / 128G ×2 together for ¥9999.00",
    PromotionKind.GIFT: "free with the goods: 华为 Mate 60 手机 黑色 / 256G ×1",
    PromotionKind.FULL_GIFT: "spend ¥300.00, get 苹果 iPhone 16 手机 黑色 / 128G ×1 free",
    PromotionKind.MULTI_BUY_PRICE: "3 for ¥99.00",
    PromotionKind.MULTI_BUY_PERCENT: "2 items pay 85.5%",
    PromotionKind.ADD_ON_PURCHASE: "spend ¥199.00, then add 华为 Mate 60 手机 黑色 / 128G at ¥9.90",
}


def test_every_kind_reads_as_words_with_sku_titles_not_json(client, store, owner, skus):
    assert set(EXPECTED) == set(PromotionKind)
    promotions = {
        kind: promote(store, owner, kind, rules, day)
        for day, (kind, rules) in enumerate(rules_of_every_kind(skus).items())
    }
    page = html(client.get("/seller/promotions/"))
    for kind, promotion in promotions.items():
        cell = rules_cell(page, promotion)
        assert "{" not in cell and "}" not in cell and "sku" not in cell, kind
        assert cell.strip() == EXPECTED[kind], kind


def test_a_sku_the_store_no_longer_sells_is_named_by_its_number():
    rules = {"threshold": "199.00", "items": [{"sku": 229, "price": "9.90"}]}
    with translation.override("en"):
        assert rules_summary(PromotionKind.ADD_ON_PURCHASE, rules, {}) == "spend ¥199.00, then add SKU #229 at ¥9.90"


def test_the_list_reads_the_rules_skus_in_one_query_whatever_the_number_of_promotions(client, store, owner, skus):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/seller/promotions/").status_code == 200
        return len(captured)

    kinds = list(rules_of_every_kind(skus).items())
    for day, (kind, rules) in enumerate(kinds):
        promote(store, owner, kind, rules, day)
    few = queries()
    for day, (kind, rules) in enumerate(kinds * 2, start=len(kinds)):
        promote(store, owner, kind, rules, day)
    # The session, the user and their membership; the page's count and rows; the SKUs their rules name; the header's
    # unread message count.
    assert queries() == few == 7
