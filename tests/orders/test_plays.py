"""The play seam (orders/plays.py, decision 0032): a play registered by an app above orders prices the line the
checkout names, sets the payment deadline, hears of submission, payment and cancellation, may hold the order's
shipping until it lets it go, and the platform may refund a play's order in full."""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from marketplace.models import OutboxMessage
from orders import plays
from orders.aftersales.services import refund_in_full
from orders.exceptions import InvalidInput
from orders.lifecycle.cancellation import cancel_unpaid_orders
from orders.models import LineDiscount, OrderStatus, Parcel, RefundReason, StoreOrder
from orders.plays import Play, PlayChoice, PlayLine, play_for
from orders.shipping.services import orders_missing_parcels, shipping_release
from promotions.pricing import STORE_FUNDED, PlayPrice
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.orders.helpers import address_of, available, pay, phones, sku_of, submit

pytestmark = pytest.mark.django_db

PLAY_PRICE = Decimal("3000.00")  # the phone's SKU is 5,999.00


@dataclass
class GroupLikePlay(Play):
    """A play that records what orders tells it and holds shipping until told otherwise."""

    kind: str = "test_play"
    ships: bool = False
    deadline: timedelta | None = None
    heard: list = field(default_factory=list)

    def line(self, *, user, ref, sku_id, quantity, now):
        if ref == 404:
            raise InvalidInput("No such play.", fields={"play": ["unknown"]})
        price = PlayPrice(kind=self.kind, source_id=ref, unit_price=PLAY_PRICE, funding=STORE_FUNDED, name="Test")
        return PlayLine(price=price)

    def payment_deadline(self, *, ref, now):
        return now + self.deadline if self.deadline else None

    def consume(self, *, user, ref, sku_id, quantity, trade_no, now):
        self.heard.append(("consume", ref, sku_id, quantity))

    def submitted(self, *, order, ref, now):
        self.heard.append(("submitted", order.order_no, ref))

    def paid(self, *, order, now):
        self.heard.append(("paid", order.order_no))
        return self.ships

    def cancelled(self, *, order, now):
        self.heard.append(("cancelled", order.order_no))


@pytest.fixture
def play(monkeypatch):
    registered = GroupLikePlay()
    monkeypatch.setitem(plays._PLAYS, registered.kind, registered)
    return registered


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def api(member):
    return client_for(member)


def bought_through_play(api, member, store, *, ref=7, quantity=2):
    phone = sku_of(phones(store))
    body = {
        "lines": [{"sku": phone.pk, "quantity": quantity}],
        "address": address_of(member).pk,
        "play": f"test_play:{ref}",
    }
    preview = api.post("/api/v1/checkout/preview/", body, format="json")
    assert preview.status_code == 200, preview.json()
    response = submit(
        api,
        [(phone, quantity)],
        address=address_of(member).pk,
        expected=preview.json()["payable"],
        play=f"test_play:{ref}",
    )
    assert response.status_code == 201, response.json()
    return phone, preview.json(), StoreOrder.objects.get(trade__trade_no=response.json()["trade_no"])


def test_the_play_prices_the_line_and_the_order_names_it(api, member, store, play):
    phone, preview, order = bought_through_play(api, member, store)

    assert preview["payable"] == "6000.00"  # 2 × 3,000.00, no freight
    assert order.payable == Decimal("6000.00") and order.play_kind == "test_play" and order.play_ref == 7
    (line,) = order.lines.all()
    (part,) = LineDiscount.objects.filter(line=line)
    assert (part.source, part.kind, part.source_id, part.amount) == ("play", "test_play", 7, Decimal("5998.00"))
    assert play.heard == [("consume", 7, phone.pk, 2), ("submitted", order.order_no, 7)]
    assert available(phone) == 8  # the order reserved its two units of ten


def test_a_play_that_holds_shipping_keeps_the_paid_order_out_of_the_split_until_it_lets_go(
    api, member, store, play, django_capture_on_commit_callbacks
):
    _phone, _preview, order = bought_through_play(api, member, store)

    with django_capture_on_commit_callbacks(execute=True):
        pay(api, order.trade.trade_no)

    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and order.shipping_held
    assert play.heard[-1] == ("paid", order.order_no)
    assert not Parcel.objects.filter(order=order).exists()
    assert order.pk not in orders_missing_parcels(now=timezone.now() + timedelta(days=1))  # the sweep waits too

    with django_capture_on_commit_callbacks(execute=True):
        shipping_release(order_id=order.pk)
        shipping_release(order_id=order.pk)  # twice: one split

    order.refresh_from_db()
    assert not order.shipping_held and Parcel.objects.filter(order=order).count() == 1


def test_a_play_that_ships_at_once_lets_the_split_run(api, member, store, play, django_capture_on_commit_callbacks):
    play.ships = True
    _phone, _preview, order = bought_through_play(api, member, store)

    with django_capture_on_commit_callbacks(execute=True):
        pay(api, order.trade.trade_no)

    order.refresh_from_db()
    assert not order.shipping_held and Parcel.objects.filter(order=order).count() == 1


def test_the_play_sets_the_payment_deadline_and_hears_of_the_cancellation(api, member, store, play):
    play.deadline = timedelta(hours=24)
    phone, _preview, order = bought_through_play(api, member, store)
    assert order.trade.expires_at - order.created_at > timedelta(hours=23)

    assert cancel_unpaid_orders(now=timezone.now() + timedelta(hours=2)) == 0  # the usual 30 minutes do not apply
    assert cancel_unpaid_orders(now=timezone.now() + timedelta(hours=25)) == 1

    assert play.heard[-1] == ("cancelled", order.order_no)
    assert available(phone) == 10


def test_refund_in_full_gives_a_held_play_order_its_money_and_stock_back_once(api, member, store, play):
    phone, _preview, order = bought_through_play(api, member, store)
    pay(api, order.trade.trade_no)

    refund = refund_in_full(order=order, reason_code=RefundReason.PLAY_CALLED_OFF, reason="The group did not fill.")
    again = refund_in_full(order=order, reason_code=RefundReason.PLAY_CALLED_OFF, reason="The group did not fill.")

    order.refresh_from_db()
    assert refund.amount == Decimal("6000.00") and refund.status == "refunded" and again is None
    assert order.status == OrderStatus.CLOSED and order.refunded_amount == Decimal("6000.00")
    assert OutboxMessage.objects.filter(key=refund.refund_no).count() == 1  # the gateway's refund, after commit
    assert available(phone) == 10


@pytest.mark.parametrize(
    ("play_text", "lines"),
    [("nothing:1", 1), ("test_play:x", 1), ("test_play:0", 1), ("test_play:404", 1), ("test_play:7", 2)],
)
def test_a_play_the_checkout_cannot_use_is_a_400_that_changes_nothing(api, member, store, play, play_text, lines):
    spu = phones(store)
    skus = [sku_of(spu), sku_of(spu, memory="256G")][:lines]
    body = {"lines": [{"sku": sku.pk, "quantity": 1} for sku in skus], "play": play_text}

    response = api.post("/api/v1/checkout/preview/", body, format="json")

    assert response.status_code == 400 and response.json()["code"] == "validation_error"
    assert not StoreOrder.objects.exists() and play.heard == []


def test_buy_now_carries_the_play_to_the_checkout_page(member, store, play):
    phone = sku_of(phones(store))
    address_of(member)
    client = Client()
    client.force_login(member)

    response = client.post("/checkout/buy-now/", {"sku": phone.pk, "quantity": 1, "play": "test_play:7"})
    page = client.get(response.url)

    assert "play=test_play%3A7" in response.url
    assert page.status_code == 200 and "¥3000.00" in page.content.decode()


def test_an_unknown_kind_is_refused_by_name():
    with pytest.raises(InvalidInput):
        play_for("nothing")
    with pytest.raises(InvalidInput):
        PlayChoice.from_text("nothing:1")
