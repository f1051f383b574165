"""Demo promotions of every kind (manage.py seed_demo), live from now for 90 days, so a shopper meets them on the
first visit: store-wide tiers and add-ons at HQ, category deals, a bundle and gifts at the digital store, and the
platform's cross-store reduction; and HQ's next store-wide tiers, not started yet, which its staff may still edit."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from catalog.models import BackendCategory, Sku, SpuStatus
from marketplace.money import quantize
from promotions import services
from promotions.models import Promotion
from promotions.pricing import GoodsScope


def seed(demo: dict) -> None:
    if Promotion.objects.exists():
        return
    operator = demo["operator"]
    hq, sz = demo["stores"]["hq"], demo["stores"]["sz"]
    window = {"starts_at": timezone.now() - timedelta(hours=1), "ends_at": timezone.now() + timedelta(days=90)}

    def promote(store, name, kind, rules, scope):
        owner = store.memberships.get(role="owner").user if store else operator
        services.promotion_create(store=store, by=owner, name=name, kind=kind, rules=rules, scope=scope, **window)

    def category(name, excluded=()):
        return GoodsScope(categories=[BackendCategory.objects.get(name=name).pk], excluded_skus=list(excluded))

    def skus(store, leaf, count=1):
        found = Sku.objects.filter(store=store, spu__category__name=leaf, spu__status=SpuStatus.ON_SHELF).order_by("id")
        return list(found.values_list("pk", flat=True)[:count])

    promote(
        hq,
        "店铺满减 满300减30 满500减60 满1000减150",
        "full_reduction",
        {
            "tiers": [
                {"threshold": "300", "discount": "30"},
                {"threshold": "500", "discount": "60"},
                {"threshold": "1000", "discount": "150"},
            ]
        },
        GoodsScope(all=True),
    )
    promote(hq, "坚果炒货 8.5折", "item_discount", {"percent": "85"}, category("坚果炒货"))
    promote(
        hq,
        "服饰满赠: 满300送T恤",
        "full_gift",
        {
            "tiers": [
                {"threshold": "300", "gifts": [{"sku": skus(hq, "T恤")[0]}]},
            ]
        },
        category("服饰鞋包"),
    )
    promote(
        hq,
        "满199加9.9元换购饼干",
        "add_on_purchase",
        {
            "threshold": "199",
            "items": [{"sku": skus(hq, "饼干糕点")[0], "price": "9.90"}],
        },
        GoodsScope(all=True),
    )

    phones, accessories = skus(sz, "手机", 2), skus(sz, "手机配件", 2)
    # The bundled accessory is left out of the accessory deal: one product, one deal of a kind (seed 002).
    promote(
        sz,
        "配件每满100减10",
        "every_full_reduction",
        {"step": "100", "discount": "10", "cap": "50"},
        category("手机配件", excluded=[accessories[0]]),
    )
    bundle_price = quantize(sum(Sku.objects.get(pk=pk).price for pk in (phones[0], accessories[0])) * Decimal("0.9"))
    promote(
        sz,
        "手机+配件套装 9折",
        "bundle",
        {"items": [{"sku": phones[0]}, {"sku": accessories[0]}], "price": str(bundle_price)},
        GoodsScope(skus=[phones[0], accessories[0]]),
    )
    promote(sz, "买手机送配件", "gift", {"gifts": [{"sku": accessories[1]}]}, category("手机"))
    promote(sz, "平板两件9折", "multi_buy_percent", {"count": 2, "percent": "90"}, category("平板电脑"))
    promote(sz, "笔记本任选2件 9999元", "multi_buy_price", {"count": 2, "price": "9999.00"}, category("笔记本"))
    special = Sku.objects.get(pk=phones[1]).price - Decimal("300.00")  # a believable flash price for that phone
    promote(sz, "限时特价 立减300", "item_discount", {"price": str(special)}, GoodsScope(skus=[phones[1]]))

    # One still to come, after the store-wide tiers end: the one a merchant may still edit (its Edit in /seller/).
    owner = hq.memberships.get(role="owner").user
    later = window["ends_at"] + timedelta(days=1)
    services.promotion_create(
        store=hq,
        by=owner,
        name="下季店铺满减 满200减25",
        kind="full_reduction",
        rules={"tiers": [{"threshold": "200", "discount": "25"}]},
        scope=GoodsScope(all=True),
        starts_at=later,
        ends_at=later + timedelta(days=30),
    )
    promote(
        None,
        "跨店满减 每满300减30",
        "every_full_reduction",
        {"step": "300", "discount": "30"},
        GoodsScope(all=True),
    )
