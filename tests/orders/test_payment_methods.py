"""The way a shopper pays (orders.payment.methods): the API's `method` names a gateway or a channel it settles;
the channel is recorded on the payment, shown where the order is read, and an unknown one starts nothing."""

from decimal import Decimal

import pytest
from django.test import Client

from marketplace.exceptions import InvalidInput
from orders.models import Payment, Trade
from orders.payment import methods
from orders.payment.selectors import order_payment
from orders.payment.services import payment_start
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.orders.helpers import address_of, callback, sku_of, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def api(member):
    return client_for(member)


@pytest.fixture
def phone(store):
    return sku_of(PhoneCatalog().phone(store))


@pytest.fixture
def trade(api, member, phone):
    response = submit(api, [(phone, 1)], address=address_of(member).pk, expected="5999.00")
    assert response.status_code == 201, response.json()
    return response.json()


def start(api, trade, method):
    return api.post(f"/api/v1/payments/{trade['trade_no']}/", {"method": method}, format="json")


@pytest.mark.parametrize("channel", ["alipay", "wechat_pay", "unionpay"])
def test_a_channel_is_paid_through_its_gateway_and_recorded(api, trade, channel):
    response = start(api, trade, channel)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["method"], body["channel"], body["amount"]) == ("simulated", channel, "5999.00")
    assert body["pay_url"].endswith(f"/pay/simulated/{body['payment_no']}/")
    payment = Payment.objects.get(payment_no=body["payment_no"])
    assert (payment.method, payment.channel) == ("simulated", channel)


def test_the_gateway_named_alone_records_no_channel_as_before(api, trade):
    body = start(api, trade, "simulated").json()
    assert (body["method"], body["channel"]) == ("simulated", "")


@pytest.mark.parametrize("method", ["bitcoin", "stored_value", "", "WECHAT_PAY"])
def test_an_unknown_method_is_a_validation_error_and_starts_nothing(api, trade, method):
    response = start(api, trade, method)

    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert "method" in response.json()["fields"]
    assert not Payment.objects.exists()


def test_the_service_refuses_an_unknown_method_too(trade):
    with pytest.raises(InvalidInput) as refused:
        payment_start(trade=Trade.objects.get(trade_no=trade["trade_no"]), method="paypal")
    assert "method" in refused.value.fields
    assert not Payment.objects.exists()


def test_a_paid_order_says_how_it_was_paid_and_the_member_is_offered_it_first_next_time(api, member, trade, phone):
    body = start(api, trade, "wechat_pay").json()
    assert methods.last_channel(user=member) is None  # chosen, not yet paid
    assert callback(api, body["payment_no"], "5999.00").status_code == 200

    payment = Payment.objects.get(payment_no=body["payment_no"])
    order = payment.shares.get().order
    assert order_payment(order=order) == payment
    assert methods.paid_with(payment, stored_value=Decimal("0.00")) == "WeChat Pay"
    assert methods.paid_with(payment, stored_value=Decimal("10.00")) == "WeChat Pay + stored value"
    assert methods.last_channel(user=member) == "wechat_pay"
    assert methods.last_channel(user=UserFactory()) is None


def test_a_channel_no_longer_offered_is_refused_and_not_ticked(api, member, trade, settings):
    body = start(api, trade, "unionpay").json()
    callback(api, body["payment_no"], "5999.00")
    settings.PAYMENT_CHANNELS = {"alipay": "simulated", "wechat_pay": "simulated"}

    assert methods.last_channel(user=member) is None
    assert methods.channel_choices() == [("alipay", "Alipay"), ("wechat_pay", "WeChat Pay")]
    with pytest.raises(InvalidInput):
        methods.gateway_and_channel("unionpay")


def test_the_seller_order_page_and_the_admin_show_the_way_paid(api, member, trade, owner, operator):
    body = start(api, trade, "alipay").json()
    callback(api, body["payment_no"], "5999.00")
    order = Payment.objects.get(payment_no=body["payment_no"]).shares.get().order

    seller = Client(HTTP_ACCEPT_LANGUAGE="en")
    seller.force_login(owner)
    page = seller.get(f"/seller/orders/{order.order_no}/").content.decode()
    assert 'data-testid="paid-with">Alipay<' in page

    admin = Client(HTTP_ACCEPT_LANGUAGE="en")
    admin.force_login(operator)
    page = admin.get(f"/admin/orders/storeorder/{order.pk}/change/").content.decode()
    assert body["payment_no"] in page and "Alipay" in page


def test_the_order_api_says_how_the_order_was_paid(api, trade):
    order_no = trade["orders"][0]["order_no"]
    assert api.get(f"/api/v1/orders/{order_no}/").json()["paid_with"] is None

    body = start(api, trade, "wechat_pay").json()
    callback(api, body["payment_no"], "5999.00")

    paid_with = api.get(f"/api/v1/orders/{order_no}/").json()["paid_with"]
    assert paid_with == {"method": "simulated", "channel": "wechat_pay"}
