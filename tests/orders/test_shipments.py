"""Shipments from payment to delivery: the split job writes a paid order's parcels (once) and moves its
reservations with them; the store ships parcels with a carrier; tracking delivers parcels and then the order."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.models import Spu, Stock
from catalog.services.stock import stock_adjust
from logistics.models import Carrier
from logistics.tracking import SimulatedTrackingProvider
from orders import tasks
from orders.locks import lock_orders
from orders.models import OrderEvent, OrderStatus, Parcel, ParcelEvent, ParcelStatus, StoreOrder
from orders.shipping.services import orders_missing_parcels, shipment_release
from orders.shipping.tracking import parcels_track
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.factories import UserFactory, WarehouseFactory
from tests.orders.helpers import address_of, pay, sku_of, submit

pytestmark = pytest.mark.django_db

SHANGHAI, BEIJING = "310115", "110105"  # the shopper lives in Shanghai (310104)


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def shopper_api(member):
    return client_for(member)


@pytest.fixture
def address(member):
    return address_of(member, region="310104")


@pytest.fixture
def catalog():
    return PhoneCatalog()


@pytest.fixture
def shanghai(store):
    return WarehouseFactory(store=store, region_id=SHANGHAI, name="上海仓")


@pytest.fixture
def beijing(store):
    return WarehouseFactory(store=store, region_id=BEIJING, name="北京仓")


@pytest.fixture
def carrier(db):
    return Carrier.objects.create(name="顺丰速运", code="SF", max_weight_g=30_000, max_volume_mm3=200_000_000)


def product(catalog, store, title, stock: dict, *, weight_g: int = 0, prices=("100.00", "200.00")):
    """A product's 128G SKU with `stock` {warehouse: units}, weighing `weight_g` per unit."""
    sku = sku_of(catalog.phone(store, title=title, prices=prices, stock=0))
    sku.weight_g = weight_g
    sku.save(update_fields=["weight_g"])
    for warehouse, units in stock.items():
        stock_adjust(sku=sku, warehouse=warehouse, delta=units, reason="stock-in", by=None)
    return sku


def stock_of(sku, warehouse) -> tuple[int, int]:
    """(on hand, reserved) of the SKU in the warehouse."""
    row = Stock.objects.get(sku=sku, warehouse=warehouse)
    return row.on_hand, row.reserved


def place_and_pay(api, address, lines, capture) -> StoreOrder:
    """Submit `lines` [(sku, quantity)] at the previewed total and pay; the split runs when payment commits."""
    body = {"lines": [{"sku": sku.pk, "quantity": n} for sku, n in lines], "address": address.pk, "coupons": []}
    payable = api.post("/api/v1/checkout/preview/", body, format="json").json()["payable"]
    placed = submit(api, lines, address=address.pk, expected=payable, coupons=[])
    assert placed.status_code == 201, placed.json()
    with capture(execute=True):
        pay(api, placed.json()["trade_no"])
    return StoreOrder.objects.get(order_no=placed.json()["orders"][0]["order_no"])


def parcels_of(order) -> list[tuple[int, list[tuple[int, int]]]]:
    """[(warehouse id, [(SKU id, quantity)])] per parcel, in parcel order."""
    return [
        (parcel.warehouse_id, [(line.sku_id, line.quantity) for line in parcel.lines.all()])
        for parcel in order.parcels.order_by("pk").prefetch_related("lines")
    ]


def ship(api, parcel_id, carrier="SF", tracking_no="SF1000000001"):
    return api.post(
        f"/api/v1/seller/shipments/{parcel_id}/ship/", {"carrier": carrier, "tracking_no": tracking_no}, format="json"
    )


# --- The split after payment --------------------------------------------------------------------------------------


def test_payment_splits_the_order_into_a_parcel_per_warehouse_holding_its_goods(
    shopper_api, address, catalog, store, shanghai, beijing, carrier, django_capture_on_commit_callbacks
):
    phone = product(catalog, store, "华为 Mate 60 手机", {shanghai: 5})
    watch = product(catalog, store, "华为 Watch 4 手表", {beijing: 5})

    order = place_and_pay(shopper_api, address, [(phone, 2), (watch, 1)], django_capture_on_commit_callbacks)

    assert parcels_of(order) == [(shanghai.pk, [(phone.pk, 2)]), (beijing.pk, [(watch.pk, 1)])]
    assert set(order.parcels.values_list("status", flat=True)) == {ParcelStatus.PENDING}
    assert OrderEvent.objects.filter(order=order, type="parcels_split").count() == 1
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert (order.freight, order.payable) == (order.freight, order.paid_amount)  # no money moved by splitting


def test_running_the_split_again_or_from_the_sweep_writes_nothing_more(
    shopper_api, address, catalog, store, shanghai, beijing, carrier, django_capture_on_commit_callbacks
):
    phone = product(catalog, store, "华为 Mate 60 手机", {shanghai: 5})
    watch = product(catalog, store, "华为 Watch 4 手表", {beijing: 5})
    order = place_and_pay(shopper_api, address, [(phone, 2), (watch, 1)], django_capture_on_commit_callbacks)
    reserved_before = sorted(Stock.objects.values_list("sku_id", "warehouse_id", "reserved"))

    assert tasks.split_shipments(order.pk) == 0
    assert tasks.split_shipments(order.pk) == 0
    assert orders_missing_parcels(now=timezone.now() + timedelta(hours=1)) == []

    assert order.parcels.count() == 2
    assert sorted(Stock.objects.values_list("sku_id", "warehouse_id", "reserved")) == reserved_before
    assert OrderEvent.objects.filter(order=order, type="parcels_split").count() == 1


def test_the_sweep_splits_a_paid_order_whose_message_was_lost(shopper_api, address, catalog, store, shanghai, carrier):
    phone = product(catalog, store, "华为 Mate 60 手机", {shanghai: 5})
    placed = submit(shopper_api, [(phone, 1)], address=address.pk, expected="100.00", coupons=[])
    pay(shopper_api, placed.json()["trade_no"])  # on_commit never fires inside a test transaction: "lost"
    order = StoreOrder.objects.get(order_no=placed.json()["orders"][0]["order_no"])
    assert order.parcels.count() == 0

    assert orders_missing_parcels(now=timezone.now()) == []  # within the grace time the task may still come
    assert orders_missing_parcels(now=timezone.now() + timedelta(minutes=6)) == [order.pk]
    StoreOrder.objects.filter(pk=order.pk).update(paid_at=timezone.now() - timedelta(minutes=6))
    assert tasks.split_missed_shipments() == 1

    assert parcels_of(order) == [(shanghai.pk, [(phone.pk, 1)])]
    assert tasks.split_missed_shipments() == 0


def test_the_reservation_moves_to_the_nearer_warehouse_the_parcel_ships_from(
    shopper_api, address, catalog, store, shanghai, beijing, carrier, django_capture_on_commit_callbacks
):
    # Submission reserves where most stock is (Beijing); the split ships from Shanghai, nearer the shopper.
    phone = product(catalog, store, "华为 Mate 60 手机", {beijing: 10, shanghai: 3})

    order = place_and_pay(shopper_api, address, [(phone, 2)], django_capture_on_commit_callbacks)

    assert order.lines.get().warehouse_id == beijing.pk
    assert parcels_of(order) == [(shanghai.pk, [(phone.pk, 2)])]
    assert stock_of(phone, beijing) == (10, 0)
    assert stock_of(phone, shanghai) == (3, 2)
    assert Spu.objects.get(pk=phone.spu_id).stock == 11  # 13 on hand, 2 held: the move changed no total


def test_a_fragile_line_travels_alone(
    shopper_api, address, catalog, store, shanghai, carrier, django_capture_on_commit_callbacks
):
    phone = product(catalog, store, "华为 Mate 60 手机", {shanghai: 5})
    case = product(catalog, store, "手机壳 Case 保护", {shanghai: 5})
    vase = product(catalog, store, "青花瓷 花瓶 Vase", {shanghai: 5})
    Spu.objects.filter(pk=vase.spu_id).update(shipping_category="fragile")

    order = place_and_pay(shopper_api, address, [(phone, 1), (vase, 2), (case, 1)], django_capture_on_commit_callbacks)

    assert parcels_of(order) == [
        (shanghai.pk, sorted([(phone.pk, 1), (case.pk, 1)], key=lambda line: order.lines.get(sku_id=line[0]).pk)),
        (shanghai.pk, [(vase.pk, 2)]),
    ]
    assert list(order.parcels.order_by("pk").values_list("shipping_category", flat=True)) == ["normal", "fragile"]


def test_a_carrier_limit_splits_a_line_quantity_between_parcels(
    shopper_api, address, catalog, store, shanghai, django_capture_on_commit_callbacks
):
    Carrier.objects.create(name="中通快递", code="ZTO", max_weight_g=1_000, max_volume_mm3=200_000_000)
    dumbbell = product(catalog, store, "哑铃 Dumbbell 套装", {shanghai: 10}, weight_g=400)

    order = place_and_pay(shopper_api, address, [(dumbbell, 5)], django_capture_on_commit_callbacks)

    parcels = list(order.parcels.order_by("pk"))
    assert [parcel.lines.get().quantity for parcel in parcels] == [2, 2, 1]
    assert [parcel.weight_g for parcel in parcels] == [800, 800, 400]
    assert not any(parcel.over_limit for parcel in parcels)


# --- Shipping -------------------------------------------------------------------------------------------------------


@pytest.fixture
def two_parcel_order(
    shopper_api, address, catalog, store, shanghai, beijing, carrier, django_capture_on_commit_callbacks
):
    phone = product(catalog, store, "华为 Mate 60 手机", {shanghai: 5})
    watch = product(catalog, store, "华为 Watch 4 手表", {beijing: 5})
    order = place_and_pay(shopper_api, address, [(phone, 2), (watch, 1)], django_capture_on_commit_callbacks)
    return order, phone, watch


def test_a_clerk_ships_parcel_by_parcel_and_the_order_follows(two_parcel_order, clerk_api, shanghai, beijing):
    order, phone, watch = two_parcel_order
    first, second = order.parcels.order_by("pk")

    shipped = ship(clerk_api, first.pk, tracking_no="SF1000000001")

    assert shipped.status_code == 200, shipped.json()
    assert shipped.json()["status"] == "shipped"
    assert shipped.json()["carrier"] == {"code": "SF", "name": "顺丰速运"}
    assert stock_of(phone, shanghai) == (3, 0)  # on hand left, reservation gone
    assert stock_of(watch, beijing) == (5, 1)  # still held for the other parcel
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTLY_SHIPPED
    event = OrderEvent.objects.get(order=order, type="partly_shipped")
    assert event.by == clerk_api.user
    assert event.data == {"parcel": first.pk, "carrier": "SF", "tracking_no": "SF1000000001"}

    assert ship(clerk_api, second.pk, tracking_no="SF1000000002").status_code == 200

    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED
    assert order.shipped_at is not None
    assert stock_of(watch, beijing) == (4, 0)
    assert Spu.objects.get(pk=phone.spu_id).sales == 2


def test_shipping_a_shipped_parcel_is_an_invalid_transition(two_parcel_order, owner_api, shanghai):
    order, phone, _watch = two_parcel_order
    parcel = order.parcels.order_by("pk").first()
    assert ship(owner_api, parcel.pk).status_code == 200

    again = ship(owner_api, parcel.pk, tracking_no="SF2000000001")

    assert again.status_code == 409
    assert again.json()["code"] == "invalid_transition"
    assert stock_of(phone, shanghai) == (3, 0)
    parcel.refresh_from_db()
    assert parcel.tracking_no == "SF1000000001"


def test_another_stores_parcel_is_not_found(two_parcel_order, other_store_owner_api, shanghai):
    order, phone, _watch = two_parcel_order
    parcel = order.parcels.order_by("pk").first()

    response = ship(other_store_owner_api, parcel.pk)

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert other_store_owner_api.get("/api/v1/seller/shipments/").json()["count"] == 0
    assert stock_of(phone, shanghai) == (5, 2)
    assert Parcel.objects.get(pk=parcel.pk).status == ParcelStatus.PENDING


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"carrier": "NOPE", "tracking_no": "SF1000000001"}, "carrier"),
        ({"carrier": "OLD", "tracking_no": "SF1000000001"}, "carrier"),  # no longer active
        ({"carrier": "SF", "tracking_no": "SF 1000;"}, "tracking_no"),
        ({"carrier": "SF"}, "tracking_no"),
    ],
)
def test_a_bad_carrier_or_tracking_number_is_400_and_ships_nothing(two_parcel_order, owner_api, shanghai, body, field):
    Carrier.objects.create(name="停用", code="OLD", max_weight_g=50_000, max_volume_mm3=300_000_000, is_active=False)
    order, phone, _watch = two_parcel_order
    parcel = order.parcels.order_by("pk").first()

    response = owner_api.post(f"/api/v1/seller/shipments/{parcel.pk}/ship/", body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert field in response.json()["fields"]
    assert Parcel.objects.get(pk=parcel.pk).status == ParcelStatus.PENDING
    assert stock_of(phone, shanghai) == (5, 2)
    assert StoreOrder.objects.get(pk=order.pk).status == OrderStatus.PAID


def test_the_parcels_to_ship_are_listed_in_a_fixed_number_of_queries(
    shopper_api, address, catalog, store, shanghai, beijing, carrier, clerk_api, django_capture_on_commit_callbacks
):
    phone = product(catalog, store, "华为 Mate 60 手机", {shanghai: 20})
    watch = product(catalog, store, "华为 Watch 4 手表", {beijing: 20})
    first = place_and_pay(shopper_api, address, [(phone, 1)], django_capture_on_commit_callbacks)

    with CaptureQueriesContext(connection) as one:
        listed = clerk_api.get("/api/v1/seller/shipments/?status=pending")
    for _ in range(3):
        place_and_pay(shopper_api, address, [(phone, 2), (watch, 1)], django_capture_on_commit_callbacks)
    with CaptureQueriesContext(connection) as seven:
        many = clerk_api.get("/api/v1/seller/shipments/?status=pending")

    assert listed.json()["count"] == 1
    item = listed.json()["results"][0]
    assert item["order_no"] == first.order_no
    assert item["receiver"] == {"name": "张三", "phone": "13912345678", "region": "310104", "address": "1 号"}
    assert [(line["sku"], line["quantity"], line["title"]) for line in item["lines"]] == [
        (phone.pk, 1, "华为 Mate 60 手机")
    ]
    assert item["warehouse"] == {"id": shanghai.pk, "name": "上海仓"}
    assert many.json()["count"] == 7
    assert len(seven.captured_queries) == len(one.captured_queries) == 5  # token, staff, count, page, lines


def test_an_unknown_status_filter_is_400(clerk_api):
    response = clerk_api.get("/api/v1/seller/shipments/?status=lost")

    assert response.status_code == 400
    assert "status" in response.json()["fields"]


# --- Tracking -------------------------------------------------------------------------------------------------------


def provider_at(moment):
    return SimulatedTrackingProvider(clock=lambda: moment)


def test_tracking_delivers_each_parcel_then_the_order_and_polling_again_adds_nothing(two_parcel_order, owner_api):
    order, _phone, _watch = two_parcel_order
    for number, parcel in enumerate(order.parcels.order_by("pk"), start=1):
        assert ship(owner_api, parcel.pk, tracking_no=f"SF100000000{number}").status_code == 200
    later = timezone.now() + timedelta(days=5)

    counts = parcels_track(provider=provider_at(later))

    assert counts == {"parcels": 2, "events": 8, "delivered": 2}
    for parcel in order.parcels.all():
        assert parcel.status == ParcelStatus.DELIVERED
        assert list(parcel.events.values_list("status", flat=True)) == [
            "picked_up",
            "in_transit",
            "out_for_delivery",
            "delivered",
        ]
        assert parcel.delivered_at == parcel.events.get(status="delivered").at
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED
    delivered = OrderEvent.objects.get(order=order, type="delivered")
    assert (delivered.by, delivered.from_status) == (None, OrderStatus.SHIPPED)

    assert parcels_track(provider=provider_at(later)) == {"parcels": 0, "events": 0, "delivered": 0}
    assert ParcelEvent.objects.count() == 8
    assert OrderEvent.objects.filter(order=order, type="delivered").count() == 1


def test_events_so_far_are_stored_and_an_order_with_a_parcel_left_is_not_delivered(two_parcel_order, owner_api):
    order, _phone, _watch = two_parcel_order
    first, second = order.parcels.order_by("pk")
    ship(owner_api, first.pk)
    shipped_at = Parcel.objects.get(pk=first.pk).shipped_at

    assert parcels_track(provider=provider_at(shipped_at + timedelta(minutes=30)))["events"] == 0
    assert parcels_track(provider=provider_at(shipped_at + timedelta(hours=5))) == {
        "parcels": 1,
        "events": 1,
        "delivered": 0,
    }
    assert list(first.events.values_list("status", flat=True)) == ["picked_up"]
    assert parcels_track(provider=provider_at(shipped_at + timedelta(days=4))) == {
        "parcels": 1,
        "events": 3,
        "delivered": 1,
    }

    first.refresh_from_db()
    assert first.status == ParcelStatus.DELIVERED
    assert first.events.count() == 4
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTLY_SHIPPED
    assert Parcel.objects.get(pk=second.pk).status == ParcelStatus.PENDING


# --- The shopper's order detail ---------------------------------------------------------------------------------------


def test_the_order_detail_shows_its_parcels_in_a_fixed_number_of_queries(
    shopper_api, address, catalog, store, shanghai, beijing, carrier, owner_api, django_capture_on_commit_callbacks
):
    phone = product(catalog, store, "华为 Mate 60 手机", {shanghai: 20})
    watch = product(catalog, store, "华为 Watch 4 手表", {beijing: 20})
    single = place_and_pay(shopper_api, address, [(phone, 1)], django_capture_on_commit_callbacks)
    double = place_and_pay(shopper_api, address, [(phone, 1), (watch, 2)], django_capture_on_commit_callbacks)
    shipped = double.parcels.order_by("pk").first()
    ship(owner_api, shipped.pk, tracking_no="SF3000000001")
    parcels_track(provider=provider_at(timezone.now() + timedelta(hours=30)))

    with CaptureQueriesContext(connection) as one:
        assert shopper_api.get(f"/api/v1/orders/{single.order_no}/").status_code == 200
    with CaptureQueriesContext(connection) as two:
        detail = shopper_api.get(f"/api/v1/orders/{double.order_no}/").json()

    # token, order, lines, events; parcels, their lines, their tracking events; the payment that paid it (paid_with)
    assert len(one.captured_queries) == len(two.captured_queries) == 8
    shipments = detail["shipments"]
    assert [(s["warehouse"]["id"], s["status"], s["tracking_no"]) for s in shipments] == [
        (shanghai.pk, "shipped", "SF3000000001"),
        (beijing.pk, "pending", ""),
    ]
    assert shipments[0]["carrier"] == {"code": "SF", "name": "顺丰速运"}
    assert shipments[1]["carrier"] is None
    assert [(line["sku"], line["quantity"]) for line in shipments[1]["lines"]] == [(watch.pk, 2)]
    assert [event["status"] for event in shipments[0]["events"]][:2] == ["picked_up", "in_transit"]
    assert shipments[1]["events"] == []
    assert detail["status"] == "partly_shipped"


def test_someone_not_on_a_stores_staff_cannot_ship(two_parcel_order):
    order, _phone, _watch = two_parcel_order
    parcel = order.parcels.order_by("pk").first()
    outsider = client_for(UserFactory())

    assert ship(outsider, parcel.pk).status_code == 403
    assert Parcel.objects.get(pk=parcel.pk).status == ParcelStatus.PENDING


def test_units_refunded_before_shipping_leave_their_parcel_and_its_warehouse_reservation(
    shopper_api, address, catalog, store, shanghai, beijing, carrier, django_capture_on_commit_callbacks
):
    phone = product(catalog, store, "华为 Mate 60 手机", {beijing: 10, shanghai: 3}, weight_g=500)
    order = place_and_pay(shopper_api, address, [(phone, 2)], django_capture_on_commit_callbacks)
    assert parcels_of(order) == [(shanghai.pk, [(phone.pk, 2)])]  # reserved in Beijing, moved to Shanghai
    line = order.lines.get()

    with transaction.atomic():
        lock_orders([order.pk])
        shipment_release(order=order, quantities={line.pk: 1}, reference="R1")

    assert parcels_of(order) == [(shanghai.pk, [(phone.pk, 1)])]
    assert order.parcels.get().weight_g == 500
    assert stock_of(phone, shanghai) == (3, 1)  # released where the parcel ships from, not where submission held
    assert stock_of(phone, beijing) == (10, 0)

    with transaction.atomic():
        lock_orders([order.pk])
        shipment_release(order=order, quantities={line.pk: 1}, reference="R2")

    assert order.parcels.count() == 0
    assert stock_of(phone, shanghai) == (3, 0)
