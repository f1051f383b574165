"""The seller product form (catalog.seller_forms): what the page posts becomes the seller API's input as DRF reads an
HTML form, a refusal lands on the input or cell it names, and the page and the API refuse the same product with the
same messages, since one serializer and the same service decide for both."""

import html
import re
from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from catalog.models import Sku, Spu
from catalog.seller_forms import ProductForm
from tests.catalog.factories import BrandFactory
from tests.catalog.test_seller_pages import matrix_post, png
from tests.catalog.test_seller_products_api import payload
from tests.factories import WarehouseFactory
from tests.stores.seller import seller_client

pytestmark = pytest.mark.django_db


def posted(data: dict) -> QueryDict:
    return QueryDict(urlencode(data, doseq=True))


def test_what_the_page_posts_is_the_apis_input_with_blank_inputs_left_to_the_apis_defaults(catalog):
    rows = [{"price": "100.00", "market_price": "", "stock": "5", "code": " A1 ", "weight": ""}, {"price": ""}]
    data = matrix_post(catalog, memories=("128G",), rows=rows, subtitle="  ", on_shelf_at="", freight_template="")
    data[f"attr-{catalog.screen.pk}"] = ""
    data[f"spec-{catalog.colour.pk}"] = ["黑色", " 白色 ", "黑色", ""]

    body = ProductForm(posted(data), category=catalog.phones).api_input()

    assert body == {
        "category": catalog.phones.pk,
        "title": "测试手机",
        "brand": str(catalog.huawei.pk),
        "shipping_category": "normal",
        "attributes": [{"attribute": catalog.model.pk, "value": "T1"}],
        "specs": [
            {"attribute": catalog.colour.pk, "values": ["黑色", "白色"]},
            {"attribute": catalog.memory.pk, "values": ["128G"]},
        ],
        "skus": [
            {"specs": {"颜色": "黑色", "内存": "128G"}, "price": "100.00", "stock": "5", "code": "A1"},
            # A blank price is required, so it is sent and refused in the API's words.
            {"specs": {"颜色": "白色", "内存": "128G"}, "price": ""},
        ],
    }


def test_an_existing_skus_read_only_stock_is_not_sent_a_new_ones_is(catalog, store):
    spu = Spu.objects.get(pk=catalog.phone(store).pk)
    data = matrix_post(catalog, colours=("黑色", "白色"), rows=[{"price": "9.00", "stock": "10"}] * 4)

    skus = ProductForm(posted(data), category=catalog.phones, spu=spu).api_input()["skus"]

    kept, new = skus[0], skus[2]
    assert kept == {"specs": {"颜色": "黑色", "内存": "128G"}, "price": "9.00"}
    assert new == {"specs": {"颜色": "白色", "内存": "128G"}, "price": "9.00", "stock": "10"}


def test_a_refused_row_is_drawn_again_in_the_matrix_order_with_its_message_and_what_was_typed(catalog, store):
    WarehouseFactory(store=store)
    data = matrix_post(catalog, rows=[{"price": "1.00", "code": f"C{n}"} for n in range(4)])
    # Posted in another order than the matrix (a browser without the page's script): the last row comes first.
    for column in ("specs", "price", "code"):
        data["sku-0-" + column], data["sku-3-" + column] = data["sku-3-" + column], data["sku-0-" + column]
    data["sku-0-price"] = "0.00"
    form = ProductForm(posted(data), category=catalog.phones)

    assert form.save(lambda arguments: pytest.fail("written")) is None

    rows = form.context(store_id=store.pk)["rows"]
    assert rows[3]["specs"] == {"颜色": "白色", "内存": "256G"}
    price = rows[3]["cells"][0]
    assert (price["value"], price["errors"]) == ("0.00", ["Ensure this value is greater than or equal to 0.01."])
    assert [cell["value"] for cell in rows[3]["cells"] if cell["name"] == "code"] == ["C3"]
    assert not any(cell["errors"] for row in rows[:3] for cell in row["cells"])


def page_messages(response) -> set[str]:
    """Every message the page shows: beside a field or in a cell, in a section, above the form."""
    found = re.findall(r'<(?:small|p) class="error">(.*?)</(?:small|p)>', response.content.decode(), re.S)
    general = re.search(r'<div class="errors panel" role="alert">(.*?)</div>', response.content.decode(), re.S)
    found += re.findall(r"<p>(.*?)</p>", general.group(1)) if general else []
    return {html.unescape(message) for message in found}


def api_messages(body: dict) -> set[str]:
    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)
        else:
            yield value

    return set(walk(body["fields"])) if body.get("fields") else {body["detail"]}


def case_wrong_screen(catalog):
    screen = {"attribute": catalog.screen.pk, "value": "8英寸"}
    return {"attributes": [payload(catalog)["attributes"][0], screen]}, {f"attr-{catalog.screen.pk}": "8英寸"}


def case_foreign_brand(catalog):
    brand = BrandFactory(name="配件牌", categories=[catalog.accessories])
    return {"brand": brand.pk}, {"brand": str(brand.pk)}


def case_taken_code(catalog, store):
    catalog.phone(store, title="已有 X1", code_prefix="DUP")
    taken = Sku.objects.filter(store=store).exclude(code="").values_list("code", flat=True).first()
    body = payload(catalog)
    body["skus"][0]["code"] = taken
    rows = [{"price": "1.00", "code": taken}] + [{"price": "1.00"}] * 3
    return {"skus": body["skus"]}, {"rows": rows}


@pytest.mark.parametrize(
    "mistake",
    [
        lambda catalog, store: ({"title": ""}, {"title": ""}),
        lambda catalog, store: (
            {"on_shelf_at": "2027-02-01T10:00", "off_shelf_at": "2027-01-01T10:00"},
            {"on_shelf_at": "2027-02-01T10:00", "off_shelf_at": "2027-01-01T10:00"},
        ),
        lambda catalog, store: ({"on_shelf_at": "next week"}, {"on_shelf_at": "next week"}),
        lambda catalog, store: ({"goods_code": "x" * 65}, {"goods_code": "x" * 65}),
        lambda catalog, store: case_wrong_screen(catalog),
        lambda catalog, store: case_foreign_brand(catalog),
        lambda catalog, store: ({"shipping_category": "rocket"}, {"shipping_category": "rocket"}),
        lambda catalog, store: case_taken_code(catalog, store),
    ],
    ids=["blank title", "off before on", "not a time", "long goods code", "screen", "brand", "shipping", "taken code"],
)
def test_the_page_and_the_api_refuse_a_product_with_the_same_messages(mistake, catalog, store, owner, owner_api):
    WarehouseFactory(store=store)
    api_change, page_change = mistake(catalog, store)
    before = Spu.objects.count()

    api = owner_api.post("/api/v1/seller/products/", payload(catalog, **api_change), format="json")
    rows = page_change.pop("rows", None)
    page = seller_client(owner).post("/seller/products/new/", matrix_post(catalog, rows=rows, **page_change))

    assert api.status_code == 400 and page.status_code == 200
    said = api_messages(api.json())
    assert said and said <= page_messages(page)
    assert Spu.objects.count() == before


def flash_messages(response) -> set[str]:
    found = re.findall(r'<li class="flash-error">(.*?)</li>', response.content.decode(), re.S)
    return {html.unescape(message) for message in found}


@pytest.mark.parametrize(
    "fields",
    [{"kind": "poster"}, {"kind": "spec", "spec_value": "256G"}, {"kind": "main", "image": None}],
    ids=["unknown kind", "not a colour", "no picture"],
)
def test_the_page_and_the_api_refuse_a_picture_with_the_same_messages(fields, catalog, store, owner, owner_api):
    spu = catalog.phone(store, colours=("黑色", "白色"))
    url = f"/seller/products/{spu.pk}/images/"

    def upload() -> dict:
        sent = {"image": png(), **fields}
        return {name: value for name, value in sent.items() if value is not None}

    api = owner_api.post(f"/api/v1/seller/products/{spu.pk}/images/", upload(), format="multipart")
    page = seller_client(owner).post(url, upload(), follow=True)

    said = {" ".join(found) for found in api.json()["fields"].values()}
    assert api.status_code == 400 and said
    assert said <= flash_messages(page)
    assert not spu.images.exists()
