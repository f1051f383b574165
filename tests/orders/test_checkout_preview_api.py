"""POST /api/v1/checkout/preview/: the breakdown a shopper sees before paying, every amount worked out here."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.models import Spu
from coupons import services as coupon_services
from logistics import selectors as freight_selectors
from logistics import services as logistics_services
from marketplace.models import Region
from members import services as member_services
from members.models import PointsRule
from promotions import selectors as promotion_selectors
from promotions import services as promotion_services
from promotions.pricing import GoodsScope
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.coupons.factories import coupon_template
from tests.factories import OperatorFactory, StoreFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(db):
    return PhoneCatalog()


def sku_of(spu: Spu, memory: str):
    return next(sku for sku in spu.skus.all() if sku.specs["内存"] == memory)


def by_piece(store, *, free_over: str | None = None):
    """8.00 for the first piece, 2.00 for each more; Xinjiang 20.00 + 5.00; no delivery to Hong Kong."""
    return logistics_services.freight_template_save(
        store=store,
        by=OperatorFactory(),
        name=f"按件 {store.pk}",
        basis="piece",
        rates=[
            logistics_services.RateInput(Decimal(1), Decimal("8.00"), Decimal(1), Decimal("2.00")),
            logistics_services.RateInput(
                Decimal(1), Decimal("20.00"), Decimal(1), Decimal("5.00"), [Region.objects.get(code="650000")]
            ),
        ],
        free_shipping=[logistics_services.FreeShippingInput(min_amount=Decimal(free_over))] if free_over else [],
        undeliverable=[Region.objects.get(code="810000")],
    )


def ship_with(spu: Spu, template) -> None:
    Spu.objects.filter(pk=spu.pk).update(freight_template_id=template.pk)


def address(api, region: str) -> int:
    body = {"name": "张三", "phone": "13912345678", "region": region, "detail": "1 号"}
    return api.post("/api/v1/me/addresses/", body).json()["id"]


def promote(store, kind, rules):
    return promotion_services.promotion_create(
        store=store,
        by=OperatorFactory(),
        name=f"{kind}",
        kind=kind,
        rules=rules,
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() + timedelta(days=1),
        scope=GoodsScope(all=True),
    )


def test_a_two_store_cart_with_promotion_coupons_points_and_freight(catalog, store):
    other = StoreFactory(name="配件店")
    phone = catalog.phone(store)
    case = catalog.phone(other, title="手机壳 Case 保护", prices=("39.00", "49.00"))
    ship_with(phone, by_piece(store, free_over="99"))
    ship_with(case, by_piece(other, free_over="99"))
    promote(store, "full_reduction", {"tiers": [{"threshold": "5000", "discount": "300"}]})
    member = UserFactory()
    api = client_for(member)
    platform_coupon = coupon_services.coupon_claim(
        template=coupon_template(name="平台满5000减200", value=Decimal("200"), threshold=Decimal("5000")), user=member
    )
    PointsRule.objects.create(points_per_yuan_off=100, max_order_share_percent=50)
    member_services.points_earn(user=member, points=10_000, reference="gift")

    response = api.post(
        "/api/v1/checkout/preview/",
        {
            "lines": [
                {"sku": sku_of(phone, "128G").pk, "quantity": 1},
                {"sku": sku_of(case, "128G").pk, "quantity": 2},
            ],
            "address": address(api, "310104"),
            "coupons": "auto",
            "points": 10_000,
        },
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    phone_store, case_store = sorted(body["stores"], key=lambda s: s["store"] != store.pk)
    # Phone store: 5999.00, 300 off (over 5000): 5699.00. Case store: 2 x 39.00 = 78.00.
    # The platform coupon (5000 off 200) is tested on both stores (5777.00) and spread by what each owes:
    # 200 x 5699 / 5777 = 197.2996 and 200 x 78 / 5777 = 2.7003; the leftover cent goes to the larger
    # remainder: 197.30 + 2.70. That leaves 5501.70 and 75.30.
    [phone_line] = phone_store["lines"]
    [case_line] = case_store["lines"]
    assert (phone_line["promotion_discount"], phone_line["coupon_discount"]) == ("300.00", "197.30")
    assert case_line["coupon_discount"] == "2.70"
    # Points: 10,000 at 100 a yuan = 100.00 (under half of 5577.00), spread the same way: 98.65 + 1.35.
    assert body["points"] == {"used": 10_000, "discount": "100.00"}
    assert (phone_line["points_discount"], case_line["points_discount"]) == ("98.65", "1.35")
    # Freight: the case store's 75.30 after coupons is under 99: 8.00 + 2.00 = 10.00; the phone store ships free.
    assert case_store["freight"] == "10.00"
    assert phone_store["freight"] == "0.00"
    assert body["coupons"]["applied"] == [platform_coupon.pk]
    assert body["subtotal"] == "6077.00"  # 5999.00 + 78.00
    assert body["discount"] == "600.00"  # 300 + 200 + 100
    assert body["freight"] == "10.00"
    assert body["payable"] == "5487.00"  # 6077.00 - 600.00 + 10.00
    parts = [Decimal(line["payable"]) for s in body["stores"] for line in s["lines"]]
    assert sum(parts) + Decimal("10.00") == Decimal(body["payable"])


def test_without_lines_the_carts_selected_lines_are_priced(catalog, store, shopper_api):
    phone = catalog.phone(store)
    for memory in ("128G", "256G"):
        shopper_api.post("/api/v1/cart/items/", {"sku": sku_of(phone, memory).pk, "quantity": 1})
    unselected = shopper_api.get("/api/v1/cart/").json()["stores"][0]["lines"][0]["id"]
    shopper_api.patch(f"/api/v1/cart/items/{unselected}/", {"selected": False})

    body = shopper_api.post("/api/v1/checkout/preview/", {}).json()

    assert [line["quantity"] for line in body["stores"][0]["lines"]] == [1]
    assert body["payable"] == "5999.00"  # the 128G, added first, is the one still selected


def test_an_undeliverable_address_makes_the_line_invalid_and_free_of_charge(catalog, store, shopper_api):
    phone = catalog.phone(store)
    ship_with(phone, by_piece(store))

    body = shopper_api.post(
        "/api/v1/checkout/preview/",
        {"lines": [{"sku": sku_of(phone, "128G").pk, "quantity": 1}], "address": address(shopper_api, "810101")},
    ).json()

    [line] = body["stores"][0]["lines"]
    assert (line["valid"], line["reason"]) == (False, "undeliverable")
    assert body["payable"] == "0.00"


def test_a_remote_region_pays_its_own_rate(catalog, store, shopper_api):
    phone = catalog.phone(store)
    ship_with(phone, by_piece(store))

    body = shopper_api.post(
        "/api/v1/checkout/preview/",
        {"lines": [{"sku": sku_of(phone, "128G").pk, "quantity": 3}], "address": address(shopper_api, "650102")},
    ).json()

    assert body["freight"] == "30.00"  # Xinjiang: 20.00 + 2 x 5.00


def test_another_members_address_is_refused(catalog, store, shopper_api):
    phone = catalog.phone(store)
    stranger_address = address(client_for(UserFactory()), "310104")

    response = shopper_api.post(
        "/api/v1/checkout/preview/",
        {"lines": [{"sku": sku_of(phone, "128G").pk, "quantity": 1}], "address": stranger_address},
    )

    assert response.status_code == 400
    assert "address" in response.json()["fields"]


def test_a_chosen_coupon_that_does_not_fit_is_reported_unusable_with_its_reason(catalog, store, shopper, shopper_api):
    phone = catalog.phone(store)
    big = coupon_services.coupon_claim(
        template=coupon_template(name="满10000减500", value=Decimal("500"), threshold=Decimal("10000")), user=shopper
    )

    body = shopper_api.post(
        "/api/v1/checkout/preview/",
        {"lines": [{"sku": sku_of(phone, "128G").pk, "quantity": 1}], "coupons": [big.pk]},
    ).json()

    assert body["coupons"]["applied"] == []
    assert body["coupons"]["unusable"] == [{"id": big.pk, "reason": "below_threshold"}]
    assert body["payable"] == "5999.00"


@pytest.mark.parametrize(
    "body",
    [
        {"lines": [{"sku": 1, "quantity": 0}]},
        {"lines": [{"sku": 1, "quantity": 1}, {"sku": 1, "quantity": 2}]},
        {"coupons": "best"},
        {"coupons": ["1"]},
        {"points": -1},
        {"channel": "tv"},
        {},  # an empty cart
    ],
)
def test_bad_previews_are_validation_errors(shopper_api, body):
    response = shopper_api.post("/api/v1/checkout/preview/", body)

    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"


def test_the_preview_costs_the_same_queries_for_one_store_or_five(catalog, shopper, shopper_api):
    def preview_queries(stores) -> int:
        lines = []
        for shop in stores:
            spu = catalog.phone(shop, title=f"华为 Mate {shop.pk} 手机", colours=("黑色", "白色"))
            ship_with(spu, by_piece(shop, free_over="99"))
            promote(shop, "full_reduction", {"tiers": [{"threshold": "100", "discount": "10"}]})
            coupon_services.coupon_claim(template=coupon_template(store=shop, name=f"店铺券 {shop.pk}"), user=shopper)
            lines += [{"sku": sku.pk, "quantity": 1} for sku in spu.skus.all()]
        body = {"lines": lines, "address": address(shopper_api, "310104"), "points": 0}
        with CaptureQueriesContext(connection) as queries:
            assert shopper_api.post("/api/v1/checkout/preview/", body).status_code == 200
        return len(queries)

    assert preview_queries([StoreFactory()]) == preview_queries([StoreFactory() for _ in range(5)]) == PREVIEW_QUERIES


# The token's member (with their level's price share and the company they buy for: members.backends), the address,
# the member's coupons (unused, or held by their unpaid orders: those may move here), the SKUs with stock and their
# categories' ancestors, the member's live flash-sale holds (lines named past the cart), the live promotions, and
# the freight templates with their rates, regions and conditions (6).
PREVIEW_QUERIES = 12


def test_with_the_pricing_configuration_in_memory_the_preview_skips_promotions_and_freight_queries(
    catalog, shopper, shopper_api, settings
):
    settings.PRICING_CONFIG_CACHE = True  # marketplace.config_cache, on as in production
    promotion_selectors.ENGINE_PROMOTIONS.clear()
    freight_selectors.ENGINE_TEMPLATES.clear()
    shop = StoreFactory()
    spu = catalog.phone(shop, colours=("黑色", "白色"))
    ship_with(spu, by_piece(shop, free_over="99"))
    promote(shop, "full_reduction", {"tiers": [{"threshold": "100", "discount": "10"}]})
    body = {
        "lines": [{"sku": sku.pk, "quantity": 1} for sku in spu.skus.all()],
        "address": address(shopper_api, "310104"),
    }
    cold = shopper_api.post("/api/v1/checkout/preview/", body)

    with CaptureQueriesContext(connection) as queries:
        warm = shopper_api.post("/api/v1/checkout/preview/", body)

    assert warm.json() == cold.json()
    assert len(queries) == PREVIEW_QUERIES - 7  # the live promotions (1) and the freight templates (6)
