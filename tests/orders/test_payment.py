"""Paying a trade: the merged payment, the signed callback, its idempotency; and what a wrong one changes."""

from decimal import Decimal

import pytest

from coupons import services as coupon_services
from coupons.models import CouponStatus
from orders.models import GatewayEvent, OrderEvent, OrderStatus, Payment, PaymentShare, ReturnedPayment, StoreOrder
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.coupons.factories import coupon_template
from tests.factories import StoreFactory, UserFactory
from tests.marketplace.test_settings import PRODUCTION, run
from tests.orders.helpers import address_of, callback, pay, sku_of, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def api(member):
    return client_for(member)


@pytest.fixture
def trade(member, api, store):
    """A phone (5999.00) from `store` and a case (2 x 39.00) from another, with a platform coupon 200 off 5000."""
    catalog = PhoneCatalog()
    other = StoreFactory()
    phone = sku_of(catalog.phone(store))
    case = sku_of(catalog.phone(other, title="手机壳 Case", prices=("39.00", "49.00")))
    coupon_services.coupon_claim(template=coupon_template(value=Decimal("200"), threshold=Decimal("5000")), user=member)
    response = submit(api, [(phone, 1), (case, 2)], address=address_of(member).pk, expected="5877.00")
    assert response.status_code == 201, response.json()
    return response.json()


def test_one_payment_pays_every_store_order_with_a_share_each(api, trade, member):
    started = api.post(f"/api/v1/payments/{trade['trade_no']}/", {"method": "simulated"}, format="json")

    assert started.status_code == 201, started.json()
    payment = started.json()
    assert payment["amount"] == "5877.00"
    assert payment["pay_url"].endswith(f"/pay/simulated/{payment['payment_no']}/")
    assert sorted((o["amount"] for o in payment["orders"]), key=Decimal) == [
        "75.43",
        "5801.57",
    ]  # 78 - 2.57; 5999 - 197.43
    assert callback(api, payment["payment_no"], "5877.00").status_code == 200

    orders = StoreOrder.objects.filter(trade__trade_no=trade["trade_no"])
    assert {o.status for o in orders} == {OrderStatus.PAID}
    assert sorted(o.paid_amount for o in orders) == [Decimal("75.43"), Decimal("5801.57")]
    assert all(o.paid_at for o in orders)
    assert PaymentShare.objects.filter(payment__payment_no=payment["payment_no"]).count() == 2
    assert member.coupons.get().status == CouponStatus.USED
    assert OrderEvent.objects.filter(order__in=orders, type="paid").count() == 2


def test_a_repeated_notification_answers_200_and_changes_nothing(api, trade):
    payment = api.post(f"/api/v1/payments/{trade['trade_no']}/", {"method": "simulated"}, format="json").json()

    first = callback(api, payment["payment_no"], "5877.00", event_id="evt-1")
    again = callback(api, payment["payment_no"], "5877.00", event_id="evt-1")

    assert (first.status_code, again.status_code) == (200, 200)
    assert GatewayEvent.objects.count() == 1
    assert OrderEvent.objects.filter(type="paid").count() == 2


def test_a_bad_signature_or_a_wrong_amount_is_400_and_changes_nothing(api, trade):
    payment = api.post(f"/api/v1/payments/{trade['trade_no']}/", {"method": "simulated"}, format="json").json()

    forged = callback(api, payment["payment_no"], "5877.00", signature="00" * 32)
    short = callback(api, payment["payment_no"], "0.01")

    assert (forged.status_code, short.status_code) == (400, 400)
    assert forged.json()["code"] == short.json()["code"] == "validation_error"
    assert short.json()["fields"] == {"amount": ["5877.00"]}
    assert GatewayEvent.objects.count() == 0
    assert Payment.objects.get().status == "pending"
    assert set(StoreOrder.objects.values_list("status", flat=True)) == {OrderStatus.PENDING_PAYMENT}


def test_a_cancelled_order_is_not_paid_by_a_late_notification_and_its_share_goes_back(api, trade):
    """Was a 409 that kept the money (tests/orders/test_late_payment.py has the whole story)."""
    payment = api.post(f"/api/v1/payments/{trade['trade_no']}/", {"method": "simulated"}, format="json").json()
    order_no = trade["orders"][0]["order_no"]
    assert api.post(f"/api/v1/orders/{order_no}/cancel/", {}, format="json").status_code == 200

    response = callback(api, payment["payment_no"], "5877.00")

    assert response.status_code == 200
    assert StoreOrder.objects.get(order_no=order_no).status == OrderStatus.CANCELLED
    assert StoreOrder.objects.exclude(order_no=order_no).get().status == OrderStatus.PAID
    assert ReturnedPayment.objects.get().share.order.order_no == order_no


def test_another_members_trade_is_not_found(trade):
    stranger = client_for(UserFactory())

    response = stranger.post(f"/api/v1/payments/{trade['trade_no']}/", {"method": "simulated"}, format="json")

    assert response.status_code == 404
    assert Payment.objects.count() == 0


def test_a_paid_trade_has_nothing_left_to_pay(api, trade):
    pay(api, trade["trade_no"])

    response = api.post(f"/api/v1/payments/{trade['trade_no']}/", {"method": "simulated"}, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_the_simulated_gateway_page_shows_the_amount_and_pays(client, api, trade, member):
    payment = api.post(f"/api/v1/payments/{trade['trade_no']}/", {"method": "simulated"}, format="json").json()
    url = f"/pay/simulated/{payment['payment_no']}/"
    client.force_login(member)

    page = client.get(url)
    paid = client.post(url, follow=True)

    assert "¥5877.00" in page.content.decode()
    assert paid.status_code == 200
    assert set(StoreOrder.objects.values_list("status", flat=True)) == {OrderStatus.PAID}


def test_the_simulated_gateway_page_is_the_payers_alone(client, api, trade):
    """Found by a probe: an anonymous GET then POST marked another shopper's payment paid."""
    payment = api.post(f"/api/v1/payments/{trade['trade_no']}/", {"method": "simulated"}, format="json").json()
    url = f"/pay/simulated/{payment['payment_no']}/"

    anonymous = client.post(url)
    client.force_login(UserFactory())
    stranger = (client.get(url).status_code, client.post(url).status_code)

    assert (anonymous.status_code, anonymous["Location"].split("?")[0]) == (302, "/accounts/login/")
    assert stranger == (404, 404)
    assert set(StoreOrder.objects.values_list("status", flat=True)) == {OrderStatus.PENDING_PAYMENT}
    assert Payment.objects.get(payment_no=payment["payment_no"]).status == "pending"


def test_production_never_routes_the_simulated_gateway_page():
    code = (
        "import django; django.setup(); from django.urls import resolve, Resolver404\n"
        "try:\n    resolve('/pay/simulated/P1/'); print('routed')\nexcept Resolver404:\n    print('not routed')"
    )

    production = run(code, **PRODUCTION, PAYMENT_SIMULATED_PAGE="true")
    development = run(code)

    assert (production.stdout.strip(), development.stdout.strip()) == ("not routed", "routed"), production.stderr


def test_without_the_page_a_payment_has_no_pay_url_and_the_callback_still_pays(api, trade, settings):
    settings.PAYMENT_SIMULATED_PAGE = False

    payment = api.post(f"/api/v1/payments/{trade['trade_no']}/", {"method": "simulated"}, format="json").json()

    assert payment["pay_url"] is None
    assert callback(api, payment["payment_no"], payment["amount"]).status_code == 200
    assert set(StoreOrder.objects.values_list("status", flat=True)) == {OrderStatus.PAID}
