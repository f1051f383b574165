"""The seller backend's product pages: the list (tabs, search, a pinned number of queries), publishing with the
spec matrix, errors placed in the cell or field they name, pictures, review and shelf, stock per warehouse."""

import json
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from catalog.models import ImageKind, Sku, Spu, SpuStatus, Stock
from stores.models import StaffRole, StoreType
from tests.factories import MembershipFactory, StoreFactory, WarehouseFactory
from tests.stores.seller import field_error, html, seller_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def warehouse(store):
    return WarehouseFactory(store=store, name="上海仓")


@pytest.fixture
def client(owner):
    return seller_client(owner)


def matrix_post(catalog, *, colours=("黑色", "白色"), memories=("128G", "256G"), rows=None, **fields) -> dict:
    """The form as the page posts it for a phone of `colours` x `memories`: rows in the page's order."""
    combinations = [{"颜色": c, "内存": m} for c in colours for m in memories]
    rows = rows or [{"price": "100.00", "market_price": "120.00", "stock": "5", "code": "", "weight": "200"}] * len(
        combinations
    )
    data = {
        "category": catalog.phones.pk,
        "title": "测试手机",
        "brand": catalog.huawei.pk,
        f"attr-{catalog.model.pk}": "T1",
        f"attr-{catalog.screen.pk}": "6.1英寸",
        f"spec-{catalog.colour.pk}": list(colours),
        f"spec-{catalog.memory.pk}": list(memories),
        "shipping_category": "normal",
        "skus-total": str(len(combinations)),
    }
    for index, (combination, row) in enumerate(zip(combinations, rows, strict=True)):
        data[f"sku-{index}-specs"] = json.dumps(combination, ensure_ascii=False)
        for column, value in row.items():
            data[f"sku-{index}-{column}"] = value
    data.update(fields)
    return data


def test_a_2x2_matrix_publishes_a_draft_with_4_skus_and_their_stock(client, catalog, store, warehouse):
    response = client.post(f"/seller/products/new/?category={catalog.phones.pk}", matrix_post(catalog))
    spu = Spu.objects.get(store=store, title="测试手机")
    assert response.status_code == 302 and response["Location"] == f"/seller/products/{spu.pk}/"
    assert spu.status == SpuStatus.DRAFT
    skus = list(spu.skus.order_by("pk"))
    assert [sku.specs for sku in skus] == [
        {"颜色": "黑色", "内存": "128G"},
        {"颜色": "黑色", "内存": "256G"},
        {"颜色": "白色", "内存": "128G"},
        {"颜色": "白色", "内存": "256G"},
    ]
    assert {(sku.price, sku.weight_g) for sku in skus} == {(100, 200)}
    assert [Stock.objects.get(sku=sku, warehouse=warehouse).on_hand for sku in skus] == [5, 5, 5, 5]


def test_the_form_draws_the_categorys_specs_and_one_row_before_any_value_is_ticked(client, catalog):
    page = html(client.get(f"/seller/products/new/?category={catalog.phones.pk}"))
    assert f'name="spec-{catalog.colour.pk}" value="黑色"' in page
    assert f'name="spec-{catalog.memory.pk}" value="256G"' in page
    assert 'name="skus-total" value="1"' in page
    # A branch of the tree is not a category a product can be bound to: the chooser is shown instead.
    assert "choose the product" in html(client.get(f"/seller/products/new/?category={catalog.group.pk}")).lower()


def test_errors_are_shown_in_the_cell_and_next_to_the_field_they_name(client, catalog, warehouse):
    rows = [{"price": "100.00", "stock": "1", "code": "A", "weight": "1"}] * 3 + [
        {"price": "", "stock": "1", "code": "B", "weight": "1"}
    ]
    response = client.post("/seller/products/new/", matrix_post(catalog, rows=rows, title=""))
    assert response.status_code == 200
    page = html(response)
    assert field_error(response, "id_title")
    # The fourth row (白色 / 256G) shows its missing price in its own cell; everything typed is still there.
    row = page.split('data-key="{&quot;内存&quot;: &quot;256G&quot;, &quot;颜色&quot;: &quot;白色&quot;}"')[1].split(
        "</tr>"
    )[0]
    assert '<td class="invalid"><input name="sku-3-price" value=""' in row
    assert 'name="sku-3-code" value="B"' in row
    assert not Spu.objects.filter(title="").exists()


def test_a_service_refusal_lands_on_its_row(client, catalog, store, warehouse):
    catalog.phone(store, title="已有 X1", code_prefix="DUP")
    taken = Sku.objects.filter(store=store).exclude(code="").first().code
    rows = [{"price": "1.00", "code": ""}, {"price": "1.00", "code": taken}, {"price": "1.00", "code": ""}]
    rows.append({"price": "1.00", "code": ""})
    response = client.post("/seller/products/new/", matrix_post(catalog, rows=rows))
    assert response.status_code == 200
    assert "The store already has a SKU with code" in html(response)
    assert '<td class="invalid"><input name="sku-1-code"' in html(response)


@pytest.mark.parametrize(
    "garbage",
    [
        {"skus-total": "many"},
        {"skus-total": "100000"},
        {"sku-0-specs": "{not json"},
        {"sku-0-specs": "[1, 2]"},
        {"brand": "abc"},
        {"freight_template": "-3"},
        {"shipping_category": "rocket"},
        {"sku-0-weight": "heavy"},
        {"sku-1-price": "1e999"},
        {"sku-2-stock": "-5"},
    ],
)
def test_bad_input_is_refused_without_a_500(client, catalog, warehouse, garbage):
    response = client.post("/seller/products/new/", matrix_post(catalog, **garbage))
    assert response.status_code == 200
    assert "The product was not saved" in html(response)


def test_a_clerk_may_look_but_not_publish_or_edit(store, catalog):
    clerk = seller_client(MembershipFactory(store=store, role=StaffRole.CLERK).user)
    spu = catalog.phone(store)
    assert clerk.get("/seller/products/new/").status_code == 403
    assert clerk.get(f"/seller/products/{spu.pk}/").status_code == 200
    assert clerk.post(f"/seller/products/{spu.pk}/off-shelf/").status_code == 403
    clerk.post(f"/seller/products/{spu.pk}/", {"title": "changed"})
    spu.refresh_from_db()
    assert spu.title != "changed"


def test_another_stores_product_is_not_found(client, catalog):
    theirs = catalog.phone(StoreFactory())
    for path in ("", "stock/", "submit/", "off-shelf/"):
        method = client.get if path in ("", "stock/") else client.post
        assert method(f"/seller/products/{theirs.pk}/{path}").status_code == 404, path
    assert client.post(f"/seller/products/{theirs.pk}/launch/").status_code == 404


def test_edit_keeps_the_stock_and_hidden_fields_and_sends_a_reviewed_product_back_to_draft(client, catalog, store):
    spu = catalog.phone(store, colours=("黑色", "白色"))
    sku = spu.skus.order_by("pk").first()
    sku.low_stock_threshold = 3
    sku.save()
    page = html(client.get(f"/seller/products/{spu.pk}/"))
    assert 'name="skus-total" value="4"' in page and "readonly" in page
    data = matrix_post(catalog, title="新标题", rows=[{"price": "50.00", "stock": "10"}] * 4)
    response = client.post(f"/seller/products/{spu.pk}/", data)
    assert response.status_code == 302, html(response)
    spu.refresh_from_db()
    sku.refresh_from_db()
    assert (spu.title, spu.status, spu.min_price) == ("新标题", SpuStatus.DRAFT, 50)
    assert sku.low_stock_threshold == 3  # not on the page, kept
    assert sum(s.on_hand for s in Stock.objects.filter(sku__spu=spu)) == 40  # the stock column is read-only


def test_submit_then_shelf_buttons_follow_the_review(client, catalog, store, operator):
    spu = catalog.phone(store, approve=False)
    assert client.post(f"/seller/products/{spu.pk}/submit/").status_code == 302
    spu.refresh_from_db()
    assert spu.status == SpuStatus.PENDING_REVIEW
    # Under review, a seller neither puts it on the shelf (that is the operator's approval) nor sees the button.
    assert 'data-action="on-shelf"' not in html(client.get(f"/seller/products/{spu.pk}/"))
    client.post(f"/seller/products/{spu.pk}/on-shelf/")
    spu.refresh_from_db()
    assert spu.status == SpuStatus.PENDING_REVIEW
    from catalog.services import spu_approve

    spu_approve(spu=spu, by=operator)
    client.post(f"/seller/products/{spu.pk}/off-shelf/")
    spu.refresh_from_db()
    assert spu.status == SpuStatus.OFF_SHELF
    response = client.post(f"/seller/products/{spu.pk}/submit/", follow=True)  # not from off shelf
    assert "cannot do that" in html(response)
    client.post(f"/seller/products/{spu.pk}/on-shelf/")
    spu.refresh_from_db()
    assert spu.status == SpuStatus.ON_SHELF


def png() -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (40, 40), (10, 20, 200)).save(buffer, "PNG")
    return SimpleUploadedFile("blue.png", buffer.getvalue(), "image/png")


def test_a_picture_goes_on_a_colour_and_a_wrong_value_is_explained(client, catalog, store):
    spu = catalog.phone(store, colours=("黑色", "白色"))
    client.post(f"/seller/products/{spu.pk}/images/", {"kind": "spec", "spec_value": "白色", "image": png()})
    assert spu.images.get().spec_value == "白色"
    response = client.post(
        f"/seller/products/{spu.pk}/images/", {"kind": "spec", "spec_value": "256G", "image": png()}, follow=True
    )
    assert "Choose one of: 黑色, 白色." in html(response)
    response = client.post(f"/seller/products/{spu.pk}/images/", {"kind": "main"}, follow=True)
    assert response.status_code == 200 and spu.images.count() == 1
    image = spu.images.get()
    client.post(f"/seller/products/{spu.pk}/images/{image.pk}/remove/")
    assert not spu.images.filter(kind=ImageKind.SPEC).exists()


def test_stock_is_adjusted_per_warehouse_and_never_below_what_is_there(client, catalog, store):
    spu = catalog.phone(store, stock=2)
    other = WarehouseFactory(store=store, name="北京仓")
    sku = spu.skus.order_by("pk").first()
    response = client.post(
        f"/seller/products/{spu.pk}/stock/", {"sku": sku.pk, "warehouse": other.pk, "delta": 7, "reason": "进货"}
    )
    assert response.status_code == 302
    assert Stock.objects.get(sku=sku, warehouse=other).on_hand == 7
    response = client.post(
        f"/seller/products/{spu.pk}/stock/", {"sku": sku.pk, "warehouse": other.pk, "delta": -8, "reason": "盘点"}
    )
    assert response.status_code == 200 and field_error(response, "id_delta")
    foreign = WarehouseFactory()
    response = client.post(
        f"/seller/products/{spu.pk}/stock/", {"sku": sku.pk, "warehouse": foreign.pk, "delta": 1, "reason": "x"}
    )
    assert field_error(response, "id_warehouse")
    assert not Stock.objects.filter(warehouse=foreign).exists()


def test_the_list_filters_by_status_and_search(client, catalog, store):
    catalog.phone(store, title="华为 Mate 60 手机")
    catalog.phone(store, title="苹果 iPhone 15 手机", approve=False)
    catalog.phone(StoreFactory(), title="别人的 华为 手机")
    page = html(client.get("/seller/products/"))
    assert "华为 Mate 60" in page and "iPhone 15" in page and "别人的" not in page
    drafts = html(client.get("/seller/products/?status=draft"))
    assert "iPhone 15" in drafts and "Mate 60" not in drafts
    found = html(client.get("/seller/products/?q=mate"))
    assert "Mate 60" in found and "iPhone 15" not in found
    assert client.get("/seller/products/?status=bogus&page=zz").status_code == 200


def test_the_product_list_runs_a_fixed_number_of_queries(client, catalog, store):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/seller/products/").status_code == 200
        return len(captured)

    catalog.phone(store, title="一号 手机")
    few = queries()
    for n in range(5):
        catalog.phone(store, title=f"{n} 号 手机")
    # The session, the user and their membership; the tab counts; the page's count, its rows and their pictures; the
    # header's unread messages.
    assert queries() == few == 8


def test_a_franchise_store_is_told_it_sells_hqs_catalogue_instead_of_publishing(catalog):
    franchise = StoreFactory(type=StoreType.FRANCHISE)
    client = seller_client(MembershipFactory(store=franchise, role=StaffRole.OWNER).user)
    assert "/seller/products/new/" not in html(client.get("/seller/products/"))
    response = client.post("/seller/products/new/", matrix_post(catalog), follow=True)
    assert "sell HQ&#x27;s catalogue" in html(response)
    assert not Spu.objects.filter(store=franchise).exists()


def test_cost_price_barcode_sizes_and_the_shelf_schedule_are_saved_and_shown_again(client, catalog, store, warehouse):
    row = {"price": "100.00", "cost_price": "61.50", "stock": "5", "barcode": "6901234567892", "weight": "200"}
    rows = [{**row, "length": "150", "width": "72", "height": "8"}] * 4
    data = matrix_post(
        catalog,
        rows=rows,
        on_shelf_at="2027-01-01T10:00",
        off_shelf_at="2027-02-01T00:00",
        description_mobile="<p>手机版</p>",
    )

    response = client.post(f"/seller/products/new/?category={catalog.phones.pk}", data)

    spu = Spu.objects.get(store=store, title="测试手机")
    assert response.status_code == 302
    assert {(s.cost_price, s.barcode, s.length_mm, s.width_mm, s.height_mm) for s in spu.skus.all()} == {
        (Decimal("61.50"), "6901234567892", 150, 72, 8)
    }
    assert spu.on_shelf_at.isoformat() == "2027-01-01T02:00:00+00:00"  # 10:00 Beijing time
    assert spu.off_shelf_at.isoformat() == "2027-01-31T16:00:00+00:00"
    assert spu.description_mobile == "<p>手机版</p>"
    page = html(client.get(f"/seller/products/{spu.pk}/"))
    assert 'value="2027-01-01T10:00"' in page and 'value="6901234567892"' in page and 'value="61.50"' in page


def test_an_off_shelf_time_before_the_on_shelf_time_is_explained_beside_it_and_nothing_is_saved(
    client, catalog, store, warehouse
):
    data = matrix_post(catalog, on_shelf_at="2027-02-01T10:00", off_shelf_at="2027-01-01T10:00")

    response = client.post(f"/seller/products/new/?category={catalog.phones.pk}", data)

    assert response.status_code == 200
    assert field_error(response, "id_off_shelf_at")
    assert not Spu.objects.filter(store=store).exists()


def test_a_time_that_is_not_a_time_is_refused_beside_its_field(client, catalog, store, warehouse):
    response = client.post(
        f"/seller/products/new/?category={catalog.phones.pk}", matrix_post(catalog, on_shelf_at="next week")
    )

    assert response.status_code == 200 and field_error(response, "id_on_shelf_at")
    assert not Spu.objects.filter(store=store).exists()
