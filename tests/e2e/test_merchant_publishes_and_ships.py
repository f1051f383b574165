"""A merchant in Chromium: logs in to the seller backend, publishes a phone with 2 x 2 specs (the page's matrix
makes the 4 SKUs), submits it for review, and ships a paid order's parcel. Screenshots at desktop and phone
width go to test-artifacts/."""

import re

import pytest

from catalog import selectors
from catalog.models import Spu, SpuStatus
from logistics.models import Carrier
from orders.models import OrderStatus, ParcelStatus, StoreOrder
from stores.models import StaffRole
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.e2e.conftest import screenshot
from tests.factories import MembershipFactory, StoreFactory, UserFactory, WarehouseFactory
from tests.orders.helpers import address_of, pay, sku_of, submit

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "shop-owner-pass-2026"


@pytest.fixture
def shop(monkeypatch):
    """华强数码 with its owner, a warehouse, a phone already on sale and an order for it paid (so split into a
    parcel waiting to ship); a carrier to ship with."""
    monkeypatch.setattr(selectors, "FACETS_CACHE_SECONDS", 0)
    catalog = PhoneCatalog()
    store = StoreFactory(name="华强数码")
    owner = MembershipFactory(store=store, role=StaffRole.OWNER, user=UserFactory(username="zhang_owner")).user
    owner.set_password(PASSWORD)
    owner.save()
    WarehouseFactory(store=store, name="深圳仓", region_id="440304")
    Carrier.objects.create(name="顺丰速运", code="SF", max_weight_g=30_000, max_volume_mm3=200_000_000)
    phone = sku_of(catalog.phone(store, title="华为 nova 12 手机", prices=("2999.00", "3299.00")))
    shopper = UserFactory()
    address = address_of(shopper)
    api = client_for(shopper)
    body = {"lines": [{"sku": phone.pk, "quantity": 1}], "address": address.pk, "coupons": []}
    payable = api.post("/api/v1/checkout/preview/", body, format="json").json()["payable"]
    placed = submit(api, [(phone, 1)], address=address.pk, expected=payable, coupons=[]).json()
    pay(api, placed["trade_no"])  # committed: the split job runs and writes the parcel
    order = StoreOrder.objects.get(order_no=placed["orders"][0]["order_no"])
    return {"catalog": catalog, "store": store, "order": order}


def log_in(page) -> None:
    page.goto(page.base_url + "/seller/")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.fill("#id_username", "zhang_owner")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(re.compile(r"/seller/$"))


def test_a_merchant_publishes_a_2x2_phone_submits_it_and_ships_a_paid_order(page, shop):
    catalog, store, order = shop["catalog"], shop["store"], shop["order"]
    log_in(page)
    assert page.locator('[data-figure="to-ship"] .value').inner_text() == "1"
    screenshot(page, "seller-dashboard")

    page.locator(".seller-nav").get_by_role("link", name=re.compile("Products|商品")).click()
    page.locator(".page-head a.button").click()
    page.locator(".category-tree").get_by_role("link", name="手机", exact=True).click()
    page.fill("#id_title", "华为 Pura 70 手机")
    page.select_option("#id_brand", label="华为 HUAWEI")
    page.fill(f"#attr-{catalog.model.pk}", "Pura 70")
    page.select_option(f"#attr-{catalog.screen.pk}", "6.7英寸")
    rows = page.locator("[data-sku-rows] tr")
    assert rows.count() == 1  # nothing ticked: one SKU without specs
    for value in ("黑色", "白色", "128G", "256G"):
        page.locator(f'[data-spec] input[value="{value}"]').check()
    assert rows.count() == 4
    assert rows.locator("td:first-child").all_inner_texts() == [
        "黑色 / 128G",
        "黑色 / 256G",
        "白色 / 128G",
        "白色 / 256G",
    ]
    for index, price in enumerate(("5499.00", "5999.00", "5499.00", "5999.00")):
        row = rows.nth(index)
        row.locator('[data-column="price"]').fill(price)
        row.locator('[data-column="stock"]').fill("20")
        row.locator('[data-column="code"]').fill(f"PURA70-{index}")
    # Unticking and ticking a value again brings back what was typed in its rows.
    page.locator('[data-spec] input[value="白色"]').uncheck()
    assert rows.count() == 2
    page.locator('[data-spec] input[value="白色"]').check()
    assert rows.nth(3).locator('[data-column="code"]').input_value() == "PURA70-3"
    screenshot(page, "seller-product-form")

    page.locator("[data-save]").click()
    page.wait_for_url(re.compile(r"/seller/products/\d+/$"))
    spu = Spu.objects.get(store=store, title="华为 Pura 70 手机")
    assert sorted((sku.specs["颜色"], sku.specs["内存"], str(sku.price)) for sku in spu.skus.all()) == [
        ("白色", "128G", "5499.00"),
        ("白色", "256G", "5999.00"),
        ("黑色", "128G", "5499.00"),
        ("黑色", "256G", "5999.00"),
    ]
    assert spu.stock == 80
    page.locator('[data-action="submit"]').click()
    page.locator("ul.flash").wait_for()
    spu.refresh_from_db()
    assert spu.status == SpuStatus.PENDING_REVIEW
    screenshot(page, "seller-product-submitted")

    page.goto(page.base_url + "/seller/parcels/")
    parcel = order.parcels.get()
    row = page.locator(f"#parcel-{parcel.pk}")
    row.locator("select[name=carrier]").select_option("SF")
    row.locator("input[name=tracking_no]").fill("SF1234567890")
    screenshot(page, "seller-parcels")
    row.get_by_role("button").click()
    page.locator("ul.flash").wait_for()
    parcel.refresh_from_db()
    order.refresh_from_db()
    assert (parcel.status, parcel.tracking_no, order.status) == (
        ParcelStatus.SHIPPED,
        "SF1234567890",
        OrderStatus.SHIPPED,
    )

    page.goto(page.base_url + f"/seller/orders/{order.order_no}/")
    assert "SF1234567890" in page.locator("main").inner_text()
    screenshot(page, "seller-order-shipped")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + "/seller/")
    screenshot(page, "seller-dashboard-phone")
    page.goto(page.base_url + "/seller/products/")
    screenshot(page, "seller-products-phone")
