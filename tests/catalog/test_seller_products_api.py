import pytest

from catalog.models import Sku, Spu, SpuStatus, Stock
from stores.models import StaffRole, StoreType
from tests.conftest import client_for
from tests.factories import MembershipFactory, StoreFactory, WarehouseFactory

pytestmark = pytest.mark.django_db


def payload(catalog, **overrides):
    body = {
        "category": catalog.phones.pk,
        "brand": catalog.huawei.pk,
        "title": "华为 Mate 60 Pro",
        "attributes": [{"attribute": catalog.model.pk, "value": "Mate 60 Pro"}],
        "specs": [
            {"attribute": catalog.colour.pk, "values": ["黑色", "白色"]},
            {"attribute": catalog.memory.pk, "values": ["256G"]},
        ],
        "skus": [
            {
                "specs": {"颜色": "黑色", "内存": "256G"},
                "price": "6999.00",
                "market_price": "7999.00",
                "stock": 5,
                "code": "M60-B",
                "weight": 225,
            },
            {"specs": {"颜色": "白色", "内存": "256G"}, "price": "6899.00", "stock": 3, "code": "M60-W", "weight": 225},
        ],
    }
    return {**body, **overrides}


def test_a_manager_publishes_a_draft_with_its_skus_and_initial_stock(owner_api, store, catalog):
    warehouse = WarehouseFactory(store=store)

    response = owner_api.post("/api/v1/seller/products/", payload(catalog), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    spu = Spu.objects.get(pk=body["id"])
    assert (spu.store, spu.status, spu.freight_template, spu.stock) == (store, SpuStatus.DRAFT, None, 8)
    assert (body["status"], body["min_price"], body["max_price"]) == ("draft", "6899.00", "6999.00")
    assert body["brand"] == {"id": catalog.huawei.pk, "name": "华为"}
    skus = {sku["code"]: sku for sku in body["skus"]}
    assert skus["M60-B"]["specs"] == {"颜色": "黑色", "内存": "256G"}
    assert (skus["M60-B"]["on_hand"], skus["M60-B"]["available"], skus["M60-B"]["weight"]) == (5, 5, 225)
    assert Stock.objects.get(sku__code="M60-W").warehouse == warehouse


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"skus": [{"specs": {"颜色": "黑色", "内存": "256G"}, "price": "1.00"}]}, "skus"),
        (
            {
                "skus": [
                    {"specs": {"颜色": "红色", "内存": "256G"}, "price": "1.00"},
                    {"specs": {"颜色": "白色", "内存": "256G"}, "price": "1.00"},
                ]
            },
            "skus",
        ),
        (
            {
                "skus": [
                    {"specs": {"颜色": "黑色", "内存": "256G"}, "price": "-1.00"},
                    {"specs": {"颜色": "白色", "内存": "256G"}, "price": "1.00"},
                ]
            },
            "skus",
        ),
        (
            {
                "skus": [
                    {"specs": {"颜色": "黑色", "内存": "256G"}, "price": "1.00", "code": "X"},
                    {"specs": {"颜色": "白色", "内存": "256G"}, "price": "1.00", "code": "X"},
                ]
            },
            "skus",
        ),
        (
            {
                "skus": [
                    {"specs": {"颜色": "黑色", "内存": "256G"}, "price": "1.00", "stock": -1},
                    {"specs": {"颜色": "白色", "内存": "256G"}, "price": "1.00"},
                ]
            },
            "skus",
        ),
        ({"attributes": [{"attribute": "型号", "value": "x"}]}, "attributes"),
        ({"attributes": []}, "attributes"),
        ({"category": "group"}, "category"),
        ({"colour": "black"}, "colour"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_saves_nothing(owner_api, store, catalog, change, field):
    WarehouseFactory(store=store)
    if change.get("category") == "group":
        change["category"] = catalog.group.pk

    response = owner_api.post("/api/v1/seller/products/", payload(catalog, **change), format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert field in response.json()["fields"]
    assert not Spu.objects.exists()
    assert not Sku.objects.exists()


def test_a_clerk_cannot_publish(clerk_api, catalog):
    response = clerk_api.post("/api/v1/seller/products/", payload(catalog), format="json")

    assert response.status_code == 403
    assert not Spu.objects.exists()


def test_a_franchise_store_lists_hq_goods_instead_of_publishing_its_own(catalog):
    franchise = StoreFactory(type=StoreType.FRANCHISE)
    client = client_for(MembershipFactory(store=franchise, role=StaffRole.OWNER).user)

    response = client.post("/api/v1/seller/products/", payload(catalog, skus=payload(catalog)["skus"]), format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Spu.objects.exists()


def test_staff_see_only_their_own_stores_products_and_another_stores_is_404(
    owner_api, other_store_owner_api, store, catalog
):
    mine = catalog.phone(store, approve=False)
    theirs = catalog.phone(StoreFactory())

    listing = owner_api.get("/api/v1/seller/products/").json()
    assert [row["id"] for row in listing["results"]] == [mine.pk]
    assert listing["results"][0]["status"] == "draft"
    assert owner_api.get(f"/api/v1/seller/products/{mine.pk}/").status_code == 200

    for method, path in [
        ("get", f"/api/v1/seller/products/{theirs.pk}/"),
        ("patch", f"/api/v1/seller/products/{theirs.pk}/"),
        ("post", f"/api/v1/seller/products/{theirs.pk}/off-shelf/"),
    ]:
        response = getattr(owner_api, method)(path, {}, format="json")
        assert response.status_code == 404, path
        assert response.json()["code"] == "not_found"
    assert Spu.objects.get(pk=theirs.pk).status == SpuStatus.ON_SHELF
    assert other_store_owner_api.get(f"/api/v1/seller/products/{mine.pk}/").status_code == 404


def test_submit_review_and_shelf_round_trip(owner_api, operator_api, store, catalog):
    spu = catalog.phone(store, approve=False)

    assert owner_api.post(f"/api/v1/seller/products/{spu.pk}/submit/").json()["status"] == "pending_review"
    rejected = operator_api.post(f"/api/v1/platform/products/{spu.pk}/reject/", {"reason": "标题含违禁词"})
    assert (rejected.json()["status"], rejected.json()["reject_reason"]) == ("rejected", "标题含违禁词")
    owner_api.post(f"/api/v1/seller/products/{spu.pk}/submit/")
    assert operator_api.post(f"/api/v1/platform/products/{spu.pk}/approve/").json()["status"] == "on_shelf"
    assert owner_api.post(f"/api/v1/seller/products/{spu.pk}/off-shelf/").json()["status"] == "off_shelf"
    assert owner_api.post(f"/api/v1/seller/products/{spu.pk}/on-shelf/").json()["status"] == "on_shelf"

    again = owner_api.post(f"/api/v1/seller/products/{spu.pk}/submit/")
    assert again.status_code == 409
    assert again.json()["code"] == "invalid_transition"


def test_a_store_cannot_put_its_product_on_sale_past_the_review(owner_api, store, catalog):
    spu = catalog.phone(store, approve=False)
    owner_api.post(f"/api/v1/seller/products/{spu.pk}/submit/")

    skipped = owner_api.post(f"/api/v1/seller/products/{spu.pk}/on-shelf/")
    pulled = owner_api.post(f"/api/v1/seller/products/{spu.pk}/off-shelf/")

    assert (skipped.status_code, pulled.status_code) == (409, 409)
    assert skipped.json()["code"] == "invalid_transition"
    assert Spu.objects.get(pk=spu.pk).status == SpuStatus.PENDING_REVIEW


def test_only_operators_review(owner_api, store, catalog):
    spu = catalog.phone(store, approve=False)
    owner_api.post(f"/api/v1/seller/products/{spu.pk}/submit/")

    response = owner_api.post(f"/api/v1/platform/products/{spu.pk}/approve/")

    assert response.status_code == 403
    assert Spu.objects.get(pk=spu.pk).status == SpuStatus.PENDING_REVIEW


def test_a_price_change_keeps_the_product_on_sale_but_a_new_title_needs_review_again(owner_api, store, catalog):
    spu = catalog.phone(store, prices=("5999.00", "6999.00"), stock=0)
    skus = owner_api.get(f"/api/v1/seller/products/{spu.pk}/").json()["skus"]
    cheaper = [{"specs": sku["specs"], "price": "4999.00", "code": sku["code"]} for sku in skus]

    response = owner_api.patch(f"/api/v1/seller/products/{spu.pk}/", {"skus": cheaper}, format="json")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["min_price"], body["max_price"]) == ("on_shelf", "4999.00", "4999.00")
    assert [sku["id"] for sku in body["skus"]] == [sku["id"] for sku in skus]  # same SKUs, updated in place

    response = owner_api.patch(f"/api/v1/seller/products/{spu.pk}/", {"title": "华为 Mate 60 Pro+"}, format="json")
    assert response.json()["status"] == "draft"
    assert Spu.objects.get(pk=spu.pk).events.filter(type="returned_to_draft").exists()


def test_a_matrix_sent_again_without_thresholds_keeps_them_and_one_given_is_set(owner_api, store, catalog):
    spu = catalog.phone(store, stock=0)
    spu.skus.update(low_stock_threshold=5)
    skus = owner_api.get(f"/api/v1/seller/products/{spu.pk}/").json()["skus"]
    cheaper = [{"specs": sku["specs"], "price": "4999.00"} for sku in skus]
    cheaper[1]["low_stock_threshold"] = 0

    response = owner_api.patch(f"/api/v1/seller/products/{spu.pk}/", {"skus": cheaper}, format="json")

    assert response.status_code == 200, response.json()
    assert [sku["low_stock_threshold"] for sku in response.json()["skus"]] == [5, 0]


def test_a_new_spec_value_adds_skus_and_a_dropped_one_retires_them(owner_api, store, catalog):
    spu = catalog.phone(store, colours=("黑色",), stock=0, approve=False)
    skus = [
        {"specs": {"颜色": colour, "内存": memory}, "price": "100.00"}
        for colour in ("白色",)
        for memory in ("128G", "256G")
    ]
    specs = [
        {"attribute": catalog.colour.pk, "values": ["白色"]},
        {"attribute": catalog.memory.pk, "values": ["128G", "256G"]},
    ]

    response = owner_api.patch(f"/api/v1/seller/products/{spu.pk}/", {"specs": specs, "skus": skus}, format="json")

    assert response.status_code == 200, response.json()
    assert sorted(sku["specs"]["内存"] for sku in response.json()["skus"] if sku["specs"]["颜色"] == "白色") == [
        "128G",
        "256G",
    ]
    assert len(response.json()["skus"]) == 2
    assert Sku.objects.filter(spu=spu, is_active=False, specs__颜色="黑色").count() == 2


def test_a_product_under_review_cannot_be_edited(owner_api, store, catalog):
    spu = catalog.phone(store, approve=False)
    owner_api.post(f"/api/v1/seller/products/{spu.pk}/submit/")

    response = owner_api.patch(f"/api/v1/seller/products/{spu.pk}/", {"title": "x"}, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_the_seller_detail_costs_the_same_queries_for_2_and_for_12_skus(
    owner_api, catalog, store, django_assert_num_queries
):
    few = catalog.phone(store, colours=("黑色",))
    for colour in ("红色", "绿色", "紫色"):
        catalog.colour.values.create(value=colour)
    many = catalog.phone(store, title="多色 手机", colours=("黑色", "白色", "蓝色", "红色", "绿色", "紫色"))
    owner_api.get(f"/api/v1/seller/products/{few.pk}/")  # the token and membership lookups, warmed alike

    # token, membership, product, attributes, SKUs with stock, images
    with django_assert_num_queries(6):
        assert len(owner_api.get(f"/api/v1/seller/products/{few.pk}/").json()["skus"]) == 2
    with django_assert_num_queries(6):
        assert len(owner_api.get(f"/api/v1/seller/products/{many.pk}/").json()["skus"]) == 12


def test_the_seller_list_costs_the_same_queries_for_2_and_for_12_products(
    owner_api, catalog, store, django_assert_num_queries
):
    for index in range(12):
        catalog.phone(store, title=f"手机 {index}", stock=0, approve=index % 2 == 0)
    owner_api.get("/api/v1/seller/products/")

    # token, membership, count, page (with brand and category joined)
    with django_assert_num_queries(4):
        assert len(owner_api.get("/api/v1/seller/products/", {"page_size": 2}).json()["results"]) == 2
    with django_assert_num_queries(4):
        assert len(owner_api.get("/api/v1/seller/products/", {"page_size": 12}).json()["results"]) == 12
