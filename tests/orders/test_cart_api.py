from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.models import Spu, SpuStatus
from members.models import MemberLevel
from orders.cart.apis import CartItemsApi
from orders.models import CartItem
from promotions import services as promotion_services
from promotions.pricing import GoodsScope
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.factories import OperatorFactory, StoreFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(db):
    return PhoneCatalog()


@pytest.fixture
def phone(catalog, store):
    """华为 Mate 60 Pro in black: 128G at 5999.00, 256G at 6999.00, 10 of each."""
    return catalog.phone(store)


def sku_of(spu: Spu, memory: str):
    return next(sku for sku in spu.skus.all() if sku.specs["内存"] == memory)


def promote(store, kind, rules, **scope):
    return promotion_services.promotion_create(
        store=store,
        by=OperatorFactory(),
        name=f"{kind} promotion",
        kind=kind,
        rules=rules,
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() + timedelta(days=1),
        scope=GoodsScope(**(scope or {"all": True})),
    )


def test_adding_a_sku_twice_merges_into_one_line(shopper_api, phone):
    sku = sku_of(phone, "128G")

    shopper_api.post("/api/v1/cart/items/", {"sku": sku.pk, "quantity": 1})
    response = shopper_api.post("/api/v1/cart/items/", {"sku": sku.pk, "quantity": 2})

    assert response.status_code == 201
    [store] = response.json()["stores"]
    [line] = store["lines"]
    assert (line["sku"], line["quantity"], line["unit_price"], line["amount"]) == (sku.pk, 3, "5999.00", "17997.00")
    assert CartItem.objects.get().quantity == 3


def test_goods_not_for_sale_cannot_be_added(shopper_api, catalog, store):
    draft = catalog.phone(store, approve=False)

    response = shopper_api.post("/api/v1/cart/items/", {"sku": draft.skus.first().pk, "quantity": 1})

    assert response.status_code == 400
    assert "sku" in response.json()["fields"]
    assert not CartItem.objects.exists()


def test_lines_are_grouped_by_store_and_totals_count_only_selected_lines(shopper_api, catalog, store, phone):
    other_store = StoreFactory(name="另一家")
    other_phone = catalog.phone(
        other_store, title="苹果 iPhone 15 手机", brand=catalog.apple, prices=("4999.00", "5999.00")
    )
    shopper_api.post("/api/v1/cart/items/", {"sku": sku_of(phone, "128G").pk, "quantity": 1})
    added = shopper_api.post("/api/v1/cart/items/", {"sku": sku_of(other_phone, "256G").pk, "quantity": 2}).json()
    other_line = added["stores"][0]["lines"][0]["id"]

    cart = shopper_api.patch(f"/api/v1/cart/items/{other_line}/", {"selected": False}).json()

    assert [store_json["store"]["name"] for store_json in cart["stores"]] == ["另一家", store.name]
    # Selected: one 5999.00 phone. The unselected 2 x 5999.00 still shows its own amount but not in the totals.
    assert (cart["subtotal"], cart["payable"], cart["count"], cart["selected_count"]) == ("5999.00", "5999.00", 3, 1)
    assert cart["stores"][0]["lines"][0]["amount"] == "11998.00"
    assert cart["stores"][0]["payable"] == "0.00"


def test_member_level_prices_and_promotions_show_in_the_cart(catalog, store, phone):
    gold = MemberLevel.objects.create(name="金卡", growth_threshold=5000, price_percent=Decimal("95"))
    member = UserFactory()
    member.level = gold
    member.save()
    api = client_for(member)
    reduction = promote(store, "full_reduction", {"tiers": [{"threshold": "5000", "discount": "300"}]})

    cart = api.post("/api/v1/cart/items/", {"sku": sku_of(phone, "128G").pk, "quantity": 1}).json()

    [line] = cart["stores"][0]["lines"]
    # 5999.00 at 95 % = 5699.05; over 5000, so 300 off: pays 5399.05
    assert (line["unit_price"], line["discount"], line["payable"]) == ("5699.05", "300.00", "5399.05")
    assert line["promotions"] == [{"id": reduction.pk, "name": "full_reduction promotion"}]
    assert cart["payable"] == "5399.05"


def test_a_line_whose_goods_went_off_shelf_stays_but_is_invalid_with_the_reason(shopper_api, phone):
    item = shopper_api.post("/api/v1/cart/items/", {"sku": sku_of(phone, "128G").pk, "quantity": 1}).json()
    Spu.objects.filter(pk=phone.pk).update(status=SpuStatus.OFF_SHELF)

    cart = shopper_api.get("/api/v1/cart/").json()

    [line] = cart["stores"][0]["lines"]
    assert line["id"] == item["stores"][0]["lines"][0]["id"]
    assert (line["valid"], line["reason"]) == (False, "off_shelf")
    assert cart["payable"] == "0.00"


def test_more_than_the_stock_is_an_invalid_line_saying_so(shopper_api, phone):
    sku = sku_of(phone, "128G")
    shopper_api.post("/api/v1/cart/items/", {"sku": sku.pk, "quantity": 11})

    [line] = shopper_api.get("/api/v1/cart/").json()["stores"][0]["lines"]

    assert (line["valid"], line["reason"], line["available"]) == (False, "out_of_stock", 10)
    assert line["reason_text"]


def test_the_shopper_switches_the_promotion_of_a_line(shopper_api, store, phone):
    sku = sku_of(phone, "128G")
    eighty = promote(store, "item_discount", {"percent": "80"}, skus=[sku.pk])
    item_id = shopper_api.post("/api/v1/cart/items/", {"sku": sku.pk, "quantity": 1}).json()["stores"][0]["lines"][0][
        "id"
    ]

    cart = shopper_api.patch(f"/api/v1/cart/items/{item_id}/", {"promotion": eighty.pk}).json()

    [line] = cart["stores"][0]["lines"]
    assert line["promotion"] == eighty.pk
    assert line["payable"] == "4799.20"  # 5999.00 x 80 %
    assert (
        shopper_api.patch(f"/api/v1/cart/items/{item_id}/", {"promotion": None}).json()["stores"][0]["lines"][0][
            "promotion"
        ]
        is None
    )


def test_another_members_line_is_404_and_untouched(shopper_api, phone):
    stranger = client_for(UserFactory())
    item_id = stranger.post("/api/v1/cart/items/", {"sku": sku_of(phone, "128G").pk, "quantity": 1}).json()["stores"][
        0
    ]["lines"][0]["id"]

    assert shopper_api.patch(f"/api/v1/cart/items/{item_id}/", {"quantity": 5}).status_code == 404
    assert shopper_api.delete(f"/api/v1/cart/items/{item_id}/").status_code == 404
    assert CartItem.objects.get(pk=item_id).quantity == 1


@pytest.mark.parametrize("body", [{"sku": 1, "quantity": 0}, {"sku": 1, "quantity": 10000}, {"quantity": 1}])
def test_bad_quantities_are_validation_errors(shopper_api, body):
    response = shopper_api.post("/api/v1/cart/items/", body)

    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"


def test_the_cart_costs_the_same_queries_for_two_lines_or_twelve(shopper_api, catalog, store):
    spus = [catalog.phone(store, title=f"华为 Mate {n} 手机", colours=("黑色", "白色", "蓝色")) for n in range(2)]
    skus = [sku for spu in spus for sku in spu.skus.all()]
    for sku in skus[:2]:
        shopper_api.post("/api/v1/cart/items/", {"sku": sku.pk, "quantity": 1})
    with CaptureQueriesContext(connection) as small:
        shopper_api.get("/api/v1/cart/")
    for sku in skus[2:]:
        shopper_api.post("/api/v1/cart/items/", {"sku": sku.pk, "quantity": 1})
    with CaptureQueriesContext(connection) as large:
        cart = shopper_api.get("/api/v1/cart/").json()

    assert sum(len(store_json["lines"]) for store_json in cart["stores"]) == 12
    assert len(large) == len(small) == CART_QUERIES


# The token's member (with their level's price share and the company they buy for: members.backends), the cart
# lines, the SKUs with their stock and their categories' ancestors, the live promotions. (All lines are selected
# here: the unselected pricing has no lines, so no query.)
CART_QUERIES = 5


MINIMAL = {"HTTP_PREFER": "return=minimal"}


def test_a_minimal_add_answers_the_line_and_the_carts_units(shopper_api, phone):
    shopper_api.post("/api/v1/cart/items/", {"sku": sku_of(phone, "256G").pk, "quantity": 4})
    sku = sku_of(phone, "128G")
    shopper_api.post("/api/v1/cart/items/", {"sku": sku.pk, "quantity": 1})

    response = shopper_api.post("/api/v1/cart/items/", {"sku": sku.pk, "quantity": 2}, **MINIMAL)

    line = CartItem.objects.get(user=shopper_api.user, sku=sku)
    assert response.status_code == 201
    assert response.json() == {"id": line.pk, "sku": sku.pk, "quantity": 3, "count": 7}
    assert list(response.json()) == list(CartItemsApi.AddedSerializer().fields)  # the schema's shape


def test_a_minimal_add_of_goods_not_for_sale_is_refused_as_the_full_one_is(shopper_api, phone):
    phone.status = SpuStatus.OFF_SHELF
    phone.save(update_fields=["status"])

    response = shopper_api.post("/api/v1/cart/items/", {"sku": sku_of(phone, "128G").pk, "quantity": 1}, **MINIMAL)

    assert response.status_code == 400
    assert response.json()["fields"] == {"sku": ["Not for sale."]}
    assert not CartItem.objects.exists()


@pytest.mark.parametrize("browser", [False, True], ids=["bearer token", "session"])
def test_adding_to_a_cart_of_one_line_or_thirty_costs_the_same_few_queries(browser, shopper, catalog, store, client):
    """The token's member, or the session then its member, each read with whether the member buys for a company (a
    business buyer's minimum order quantity, companies.selectors.minimum_quantity) in the member's statement
    (members.backends); and the one statement that checks, adds and counts."""
    spus = [catalog.phone(store, title=f"华为 Mate {n} 手机", colours=("黑色", "白色", "蓝色")) for n in range(6)]
    skus = [sku for spu in spus for sku in spu.skus.all()]
    if browser:
        client.force_login(shopper)
        api = client
    else:
        api = client_for(shopper)

    def add(sku) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = api.post(
                "/api/v1/cart/items/", {"sku": sku.pk, "quantity": 1}, content_type="application/json", **MINIMAL
            )
        assert response.status_code == 201
        return len(queries), response.json()["count"]

    queries = 3 if browser else 2
    assert add(skus[0]) == (queries, 1)
    for sku in skus[1:29]:
        add(sku)
    assert add(skus[29]) == (queries, 30)
    assert add(skus[29]) == (queries, 31)
