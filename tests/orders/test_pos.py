"""The store's counter (POS, issue 15 item 3): a sale priced as online, each way of paying (cash with change to the
cent, card, QR code through the gateway, on account within a limit, monthly account, stored value), the store's own
stock taken at once, a refund at the counter, access kept to the clerk's own store."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from members.cards import member_card_code
from members.services.stored_value import stored_value_load
from orders.models import (
    Delivery,
    OrderEvent,
    OrderStatus,
    Payment,
    PosAccount,
    PosAccountEntry,
    PosSettings,
    StoreOrder,
)
from promotions import services as promotion_services
from promotions.goods_scope import GoodsScope
from stores.models import StaffRole
from tests.conftest import client_for
from tests.factories import MembershipFactory, OperatorFactory, StoreFactory, UserFactory
from tests.orders.helpers import callback
from tests.orders.o2o import stock_of
from tests.orders.pos import BARCODE, counter, sell

pytestmark = pytest.mark.django_db
PHONE = "13700000001"


@pytest.fixture
def shop():
    return counter()


def order_of(response) -> StoreOrder:
    assert response.status_code == 201, response.json()
    [order_no] = response.json()["orders"]
    return StoreOrder.objects.select_related("trade").get(order_no=order_no)


def test_a_member_pays_cash_and_the_sale_prices_exactly_as_an_online_order_of_the_same_lines(shop):
    promotion_services.promotion_create(
        store=shop.store,
        by=OperatorFactory(),
        name="满一万减三百",
        kind="full_reduction",
        rules={"tiers": [{"threshold": "10000", "discount": "300"}]},
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() + timedelta(days=1),
        scope=GoodsScope(all=True),
    )
    lines = [{"sku": shop.small.pk, "quantity": 1, "store": shop.store.pk}, {"sku": shop.large.pk, "quantity": 2}]
    lines[1]["store"] = shop.store.pk
    online = client_for(shop.member).post(
        "/api/v1/checkout/preview/", {"lines": lines, "coupons": [], "pickup_store": None}, format="json"
    )
    assert online.status_code == 200, online.json()
    online_payable = Decimal(online.json()["payable"])
    # 5999 + 2 x 6999 = 19997.00 at 95 % = 18997.15, less 300.00 for passing 10,000
    assert online_payable == Decimal("18697.15")

    quote = shop.api().post(
        "/api/v1/seller/pos/quote/",
        {"lines": [{"sku": shop.small.pk, "quantity": 1}, {"sku": shop.large.pk, "quantity": 2}], "member": PHONE},
        format="json",
    )
    assert Decimal(quote.json()["payable"]) == online_payable
    response = sell(shop.api(), [(shop.small, 1), (shop.large, 2)], member="13700000001", tendered="18700.00", key="k1")

    order = order_of(response)
    assert response.json()["change"] == "2.85"  # 18700.00 - 18697.15, to the cent
    assert (order.payable, order.paid_amount, order.status) == (online_payable, online_payable, OrderStatus.DELIVERED)
    online_lines = {line["sku"]: line for store in online.json()["stores"] for line in store["lines"]}
    for line in order.lines.all():
        assert line.payable == Decimal(online_lines[line.sku_id]["payable"])
    assert (order.user, order.sold_by, order.store, order.trade.channel) == (shop.member, shop.clerk, shop.store, "pos")
    assert order.delivery == Delivery.COUNTER and order.pickup_code is None and not order.parcels.exists()
    assert list(order.events.values_list("type", flat=True)) == ["created", "paid", "handed_over"]
    # taken at once from the franchise's own warehouse; HQ's stock untouched; nothing left reserved
    assert stock_of(shop.small, shop.store) == (4, 0) and stock_of(shop.large, shop.store) == (3, 0)
    assert stock_of(shop.small, shop.hq) == (10, 0)
    assert (
        sell(shop.api(), [(shop.small, 1), (shop.large, 2)], member="13700000001", key="k1").json()["trade_no"]
        == response.json()["trade_no"]
    )  # a double tap sells once
    assert StoreOrder.objects.filter(sold_by=shop.clerk).count() == 1


def test_cash_short_of_the_amount_due_is_refused_and_changes_nothing(shop):
    response = sell(shop.api(), [(shop.small, 1)], tendered="5998.99")

    assert (response.status_code, response.json()["code"]) == (409, "pos_tendered_short")
    assert not StoreOrder.objects.exists()
    assert stock_of(shop.small, shop.store) == (5, 0)


def test_a_walk_in_customer_pays_by_card_with_the_terminals_reference(shop):
    assert sell(shop.api(), [(shop.small, 1)], method="card").json()["code"] == "validation_error"
    order = order_of(sell(shop.api(), [(shop.small, 1)], method="card", reference="T123456"))

    assert order.payable == Decimal("5999.00") and order.status == OrderStatus.DELIVERED
    assert not order.user.is_active and order.receiver_name
    payment = Payment.objects.get(trade=order.trade)
    assert (payment.method, payment.counter_tender.reference) == ("pos_card", "T123456")


def test_a_qr_code_sale_waits_for_the_gateway_then_is_handed_over(shop):
    response = sell(shop.api(), [(shop.small, 1)], method="qr", qr_channel="wechat_pay")
    order = order_of(response)

    assert order.status == OrderStatus.PENDING_PAYMENT and response.json()["pay_url"]
    assert stock_of(shop.small, shop.store) == (5, 1)  # held for the customer while they pay
    payment = Payment.objects.get(payment_no=response.json()["payment_no"])
    assert callback(Client(), payment.payment_no, "5999.00").status_code == 200

    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED and payment.channel == "wechat_pay"
    assert stock_of(shop.small, shop.store) == (4, 0)


def test_stored_value_pays_for_a_member_who_shows_their_card_code_and_never_goes_below_nothing(shop):
    stored_value_load(user=shop.member, amount=Decimal("6000.00"), reference="gift")
    code = member_card_code(user=shop.member)

    by_phone = sell(shop.api(), [(shop.small, 1)], method="stored_value", member="13700000001")
    assert (by_phone.status_code, by_phone.json()["code"]) == (409, "pos_member_required")
    order = order_of(sell(shop.api(), [(shop.small, 1)], method="stored_value", member=code))
    assert order.stored_value == order.payable == Decimal("5699.05")  # 95 % of 5999.00
    shop.member.refresh_from_db()
    assert shop.member.stored_value_balance == Decimal("300.95")

    short = sell(shop.api(), [(shop.small, 1)], method="stored_value", member=code)
    assert (short.status_code, short.json()["code"]) == (409, "insufficient_stored_value")
    shop.member.refresh_from_db()
    assert shop.member.stored_value_balance == Decimal("300.95")
    assert stock_of(shop.small, shop.store) == (4, 0)


def test_on_account_sales_stop_at_the_credit_limit(shop):
    account = PosAccount.objects.create(store=shop.store, kind="on_account", name="王老板", credit_limit=Decimal(7000))

    order_of(sell(shop.api(), [(shop.small, 1)], method="on_account", account=account.pk))
    over = sell(shop.api(), [(shop.small, 1)], method="on_account", account=account.pk)

    assert (over.status_code, over.json()["code"]) == (409, "pos_credit_limit_reached")
    account.refresh_from_db()
    assert account.balance == Decimal("5999.00")
    assert StoreOrder.objects.count() == 1 and stock_of(shop.small, shop.store) == (4, 0)


def test_another_stores_account_is_not_found_and_a_monthly_account_is_repaid_by_a_manager(shop):
    other = PosAccount.objects.create(store=StoreFactory(), kind="monthly", name="别家", credit_limit=Decimal("99999"))
    assert sell(shop.api(), [(shop.small, 1)], method="monthly", account=other.pk).status_code == 404
    monthly = shop.api(shop.manager).post(
        "/api/v1/seller/pos/accounts/",
        {"kind": "monthly", "name": "茶楼", "credit_limit": "20000.00"},
        format="json",
    )
    assert monthly.status_code == 201

    order_of(sell(shop.api(), [(shop.large, 1)], method="monthly", account=monthly.json()["id"]))
    repay = f"/api/v1/seller/pos/accounts/{monthly.json()['id']}/repay/"
    assert shop.api().post(repay, {"amount": "1.00", "reference": "R1"}, format="json").status_code == 403  # clerks
    too_much = shop.api(shop.manager).post(repay, {"amount": "7000.00", "reference": "R1"}, format="json")
    assert too_much.json()["code"] == "pos_repayment_too_much"
    paid = shop.api(shop.manager).post(repay, {"amount": "6999.00", "reference": "R1"}, format="json")
    again = shop.api(shop.manager).post(repay, {"amount": "6999.00", "reference": "R1"}, format="json")

    assert paid.json()["balance"] == again.json()["balance"] == "0.00"
    assert PosAccountEntry.objects.filter(kind="repayment").count() == 1


def test_a_way_the_store_does_not_take_is_refused(shop):
    PosSettings.objects.filter(store=shop.store).update(card=False)

    response = sell(shop.api(), [(shop.small, 1)], method="card", reference="T1")

    assert (response.status_code, response.json()["code"]) == (409, "pos_method_disabled")
    assert shop.api().get("/api/v1/seller/pos/settings/").json()["methods"] == [
        "cash", "qr", "on_account", "monthly", "stored_value"
    ]  # fmt: skip


def test_a_manager_refunds_a_cash_sale_in_full_and_its_goods_go_back_on_the_stores_shelf(shop):
    order = order_of(sell(shop.api(), [(shop.small, 2)], tendered="11998.00"))
    refund_url = f"/api/v1/seller/pos/sales/{order.trade.trade_no}/refund/"

    assert shop.api().post(refund_url, {}, format="json").status_code == 403  # clerks do not give money back
    response = shop.api(shop.manager).post(refund_url, {"reason": "顾客退货"}, format="json")

    assert response.status_code == 200 and response.json()["amount"] == "11998.00"
    order.refresh_from_db()
    assert (order.status, order.refunded_amount) == (OrderStatus.CLOSED, Decimal("11998.00"))
    assert stock_of(shop.small, shop.store) == (5, 0)
    assert shop.api(shop.manager).post(refund_url, {}, format="json").json()["code"] == "pos_not_refundable"
    assert not OrderEvent.objects.filter(order=order, type="refund_refunded").exclude(by=shop.manager).exists()


def test_goods_and_members_are_found_by_barcode_code_or_name_only_among_the_stores_own(shop):
    api = shop.api()
    assert [row["sku"] for row in api.get("/api/v1/seller/pos/skus/", {"q": BARCODE}).json()] == [shop.small.pk]
    found = api.get("/api/v1/seller/pos/skus/", {"q": "MATE60-256"}).json()
    assert [(row["sku"], row["price"], row["available"]) for row in found] == [(shop.large.pk, "6999.00", 5)]
    assert len(api.get("/api/v1/seller/pos/skus/", {"q": "Mate 60"}).json()) == 2

    member = api.get("/api/v1/seller/pos/member/", {"q": "13700000001"}).json()
    assert (member["id"], member["phone"], member["stored_value"]) == (shop.member.pk, "137****0001", None)
    by_card = api.get("/api/v1/seller/pos/member/", {"q": member_card_code(user=shop.member)}).json()
    assert by_card["stored_value"] == "0.00"
    assert api.get("/api/v1/seller/pos/member/", {"q": "MCforged:1:abc"}).status_code == 404


def test_another_store_finds_none_of_these_goods_nor_sells_them_nor_reads_the_receipt(shop):
    sale = order_of(sell(shop.api(), [(shop.small, 1)], tendered="6000"))
    for other in (StoreFactory(type="franchise"), StoreFactory(type="third_party")):
        clerk = client_for(MembershipFactory(store=other, role=StaffRole.CLERK).user)
        PosSettings.objects.create(store=other)
        assert clerk.get("/api/v1/seller/pos/skus/", {"q": BARCODE}).json() == []
        refused = sell(clerk, [(shop.small, 1)], tendered="6000")
        assert refused.status_code == 400 and refused.json()["fields"]["lines"][0]["reason"] == "off_shelf"
        clerk_page = Client()
        clerk_page.force_login(clerk.user)
        assert clerk_page.get(f"/seller/pos/receipts/{sale.trade.trade_no}/").status_code == 404
    shopper = client_for(UserFactory())
    assert shopper.get("/api/v1/seller/pos/skus/", {"q": BARCODE}).status_code == 403
    assert sell(shopper, [(shop.small, 1)], tendered="6000").status_code == 403
    assert stock_of(shop.small, shop.store) == (4, 0)


def test_the_counter_page_and_the_receipt_with_its_print_stylesheet(shop):
    page = Client()
    page.force_login(shop.clerk)
    assert 'data-testid="pos-charge"' in page.get("/seller/pos/").content.decode()
    sale = sell(shop.api(), [(shop.small, 1)], member="13700000001", tendered="5700")

    receipt = page.get(sale.json()["receipt_url"])
    html = receipt.content.decode()
    assert receipt.status_code == 200 and "5699.05" in html and "0.95" in html  # total and change
    assert "css/pos.css" in html


def test_the_member_shows_their_code_from_my_account_and_the_clerk_finds_them_with_it(shop):
    page = Client()
    page.force_login(shop.member)
    html = page.get("/me/member-card/").content.decode()
    code = html.split('data-testid="member-code">')[1].split("<")[0]

    assert "<svg" in html
    found = shop.api().get("/api/v1/seller/pos/member/", {"q": code}).json()
    assert (found["id"], found["stored_value"]) == (shop.member.pk, "0.00")


def test_the_clerk_opens_the_simulated_gateways_page_of_a_qr_sale_in_the_customers_stead(shop):
    response = sell(shop.api(), [(shop.small, 1)], method="qr")
    page = Client()
    page.force_login(shop.clerk)
    other = Client()
    other.force_login(MembershipFactory(store=StoreFactory(), role=StaffRole.CLERK).user)

    assert other.get(response.json()["pay_url"]).status_code == 404  # another store's staff
    assert page.post(response.json()["pay_url"]).status_code == 302
    assert order_of(response).status == OrderStatus.DELIVERED


def test_a_sku_scanned_twice_is_one_line_of_both_quantities(shop):
    body = {"lines": [{"sku": shop.small.pk, "quantity": 1}, {"sku": shop.small.pk, "quantity": 2}]}
    quote = shop.api().post("/api/v1/seller/pos/quote/", body, format="json")

    assert quote.status_code == 200, quote.json()
    [line] = quote.json()["lines"]
    assert (line["quantity"], quote.json()["payable"]) == (3, "17997.00")
    order = order_of(sell(shop.api(), [(shop.small, 1), (shop.small, 2)], tendered="18000.00"))
    assert order.lines.get().quantity == 3 and stock_of(shop.small, shop.store) == (2, 0)
    too_many = [{"sku": shop.small.pk, "quantity": 9999}, {"sku": shop.small.pk, "quantity": 1}]
    refused = shop.api().post("/api/v1/seller/pos/quote/", {"lines": too_many}, format="json")
    assert (refused.status_code, refused.json()["code"]) == (400, "validation_error") and "lines" in refused.json()[
        "fields"
    ]
