"""The shopper's pages after browsing, as a shopper checks them: the cart, checkout, the order list and an order."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from catalog.models import Spu, SpuStatus
from coupons import services as coupon_services
from coupons.models import CouponStatus
from orders.cart import services as cart_services
from orders.models import CartItem, OrderStatus, Payment, Refund, StoreOrder, Trade
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.coupons.factories import coupon_template
from tests.factories import StoreFactory, UserFactory
from tests.orders.helpers import address_of, pay, sku_of, submit

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def text(response) -> str:
    """The page's words without tags, whitespace squeezed: what a shopper reads."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html(response)))


@pytest.fixture
def catalog(db):
    return PhoneCatalog()


@pytest.fixture
def member(db):
    return UserFactory(username="xiaoming")


@pytest.fixture
def browser(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def two_stores(catalog, store, member):
    """A phone at 5999.00 from one store and a case at 39.00 from another, both in the member's cart."""
    other = StoreFactory(name="配件店")
    phone = sku_of(catalog.phone(store))
    case = sku_of(catalog.phone(other, title="手机壳 Case", prices=("39.00", "49.00")))
    cart_services.cart_add(user=member, sku_id=phone.pk, quantity=1)
    cart_services.cart_add(user=member, sku_id=case.pk, quantity=2)
    return {"phone": phone, "case": case, "other": other}


# session, the user (with their header's counts and whether they buy for a company: members.backends), cart lines;
# for each pricing (the selected lines together, the unselected apart): SKUs with stock and their category
# ancestors, live promotions; then the pictures and the header's categories.
PINNED_CART_QUERIES = 9


def line_of(member, sku) -> CartItem:
    return CartItem.objects.get(user=member, sku=sku)


# --- Login


@pytest.mark.parametrize("path", ["/checkout/", "/orders/", "/orders/S1/"])  # a visitor has a cart of their own
def test_every_shopper_page_sends_a_visitor_to_log_in_and_back(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


# --- Cart


def test_the_cart_groups_lines_by_store_with_engine_amounts_in_chinese(browser, member, store, two_stores):
    response = browser.get("/cart/")

    assert response.status_code == 200
    page = html(response)
    assert '<html lang="zh-hans">' in page
    stores = re.findall(r'<h2 class="store-head"><a [^>]*>(.*?)</a>', page)
    assert sorted(stores) == sorted([store.name, "配件店"])
    assert "华为 Mate 60 Pro 手机" in page and "手机壳 Case" in page
    assert "颜色: 黑色" in page and "内存: 128G" in page
    assert 'data-testid="cart-total">¥6077.00<' in page  # 5999.00 + 2 x 39.00
    assert 'value="2"' in page  # the case's quantity, editable
    assert 'href="/checkout/"' in page


def test_an_off_shelf_line_is_explained_and_left_out_of_the_total(browser, member, two_stores):
    Spu.objects.filter(pk=two_stores["case"].spu_id).update(status=SpuStatus.OFF_SHELF)

    response = browser.get("/cart/")

    line = re.search(rf'data-line="{line_of(member, two_stores["case"]).pk}">(.*?)</li>', html(response), re.S)
    assert 'class="cart-line invalid"' in html(response)
    assert "No longer on sale" in line.group(1) or "已下架" in line.group(1) or "不再销售" in line.group(1)
    assert 'data-testid="cart-total">¥5999.00<' in html(response)


def test_changing_the_quantity_reprices_the_cart(browser, member, two_stores):
    case = line_of(member, two_stores["case"])

    response = browser.post(f"/cart/lines/{case.pk}/", {"action": "quantity", "quantity": "3"}, follow=True)

    assert response.status_code == 200
    assert line_of(member, two_stores["case"]).quantity == 3
    assert 'data-testid="cart-total">¥6116.00<' in html(response)


@pytest.mark.parametrize("quantity", ["0", "-1", "abc", "100000", ""])
def test_a_bad_quantity_is_a_message_not_an_error_page(browser, member, two_stores, quantity):
    case = line_of(member, two_stores["case"])

    response = browser.post(f"/cart/lines/{case.pk}/", {"action": "quantity", "quantity": quantity}, follow=True)

    assert response.status_code == 200
    assert 'class="message error"' in html(response)
    assert line_of(member, two_stores["case"]).quantity == 2


def test_deselecting_and_removing_lines(browser, member, two_stores):
    phone = line_of(member, two_stores["phone"])
    case = line_of(member, two_stores["case"])

    response = browser.post(f"/cart/lines/{phone.pk}/", {"action": "deselect"}, follow=True)
    assert 'data-testid="cart-total">¥78.00<' in html(response)
    browser.post(f"/cart/lines/{case.pk}/", {"action": "remove"})

    assert list(CartItem.objects.filter(user=member).values_list("sku_id", "selected")) == [
        (two_stores["phone"].pk, False)
    ]
    browser.post("/cart/select-all/", {"selected": "1"})
    assert line_of(member, two_stores["phone"]).selected


def test_another_members_cart_line_cannot_be_touched(browser, two_stores, catalog, store):
    stranger = UserFactory()
    theirs = cart_services.cart_add(user=stranger, sku_id=two_stores["phone"].pk, quantity=1)

    response = browser.post(f"/cart/lines/{theirs.item_id}/", {"action": "remove"}, follow=True)

    assert response.status_code == 200
    assert CartItem.objects.filter(pk=theirs.item_id).exists()
    assert 'class="message error"' in html(response)


def test_the_cart_page_costs_the_same_queries_for_two_lines_or_six(browser, member, catalog, store, two_stores):
    # One line left unselected, so both pricings (selected together, unselected apart) run in each count.
    CartItem.objects.filter(user=member, sku=two_stores["case"]).update(selected=False)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert browser.get("/cart/").status_code == 200
        return len(captured)

    small = count()
    third = StoreFactory(name="第三家")
    for title, owner in (("手机 A", store), ("手机 B", two_stores["other"]), ("手机 C", third), ("手机 D", third)):
        cart_services.cart_add(user=member, sku_id=sku_of(catalog.phone(owner, title=title)).pk, quantity=1)
    large = count()

    assert small == large
    assert small == PINNED_CART_QUERIES


# --- Checkout


@pytest.fixture
def platform_coupon(member):
    return coupon_services.coupon_claim(
        template=coupon_template(name="平台满5000减200", value=Decimal("200"), threshold=Decimal("5000")), user=member
    )


def test_checkout_shows_each_store_with_freight_and_the_recommended_coupon(
    browser, member, store, two_stores, platform_coupon
):
    home = address_of(member)

    response = browser.get("/checkout/")

    assert response.status_code == 200
    page = html(response)
    assert f'data-address="{home.pk}"' in page and "aria-current" in page
    assert 'data-testid="payable">¥5877.00<' in page  # 6077.00 less the 200.00 coupon
    assert "平台满5000减200" in page
    assert re.search(rf'value="{platform_coupon.pk}" checked', page)
    assert "−¥197.43" in page and "−¥2.57" in page  # the coupon apportioned over the two stores
    assert 'name="expected_payable" value="5877.00"' in page
    assert re.search(r'name="idempotency_key" value="[\w-]{20,}"', page)


def test_checking_out_without_coupons_and_with_points(browser, member, two_stores, platform_coupon):
    from members import services as member_services
    from members.models import PointsRule

    PointsRule.objects.create(points_per_yuan_off=100, max_order_share_percent=50)
    member_services.points_earn(user=member, points=1000, reference="gift")
    address_of(member)

    response = browser.get("/checkout/?coupons=none&points=500")

    page = html(response)
    assert not re.search(rf'value="{platform_coupon.pk}" checked', page)
    assert 'data-testid="payable">¥6072.00<' in page  # 6077.00 less 500 points = 5.00


def test_submitting_places_the_trade_and_opens_the_cashier(browser, member, two_stores, platform_coupon):
    home = address_of(member)
    page = html(browser.get("/checkout/"))
    key = re.search(r'name="idempotency_key" value="([\w-]+)"', page).group(1)
    form = {"address": home.pk, "coupons": "auto", "points": "0", "expected_payable": "5877.00", "idempotency_key": key}

    response = browser.post("/checkout/", form)

    trade = Trade.objects.get(user=member)
    assert response.status_code == 302
    assert response["Location"] == f"/cashier/{trade.trade_no}/"
    assert not Payment.objects.filter(trade=trade).exists()  # none until a way to pay is chosen
    browser.post(response["Location"], {"method": "alipay"})
    payment = Payment.objects.get(trade=trade)
    assert payment.amount == Decimal("5877.00")
    assert trade.orders.count() == 2
    platform_coupon.refresh_from_db()
    assert platform_coupon.status == CouponStatus.LOCKED
    assert not CartItem.objects.filter(user=member).exists()

    # A second click on the same page's button places nothing more.
    browser.post("/checkout/", form)
    assert Trade.objects.filter(user=member).count() == 1


def test_a_moved_price_shows_the_new_total_with_a_message(browser, member, two_stores):
    home = address_of(member)
    form = {"address": home.pk, "coupons": "auto", "expected_payable": "6000.00", "idempotency_key": "k" * 20}

    response = browser.post("/checkout/", form)

    assert response.status_code == 200
    assert 'class="message error"' in html(response)
    assert 'data-testid="payable">¥6077.00<' in html(response)
    assert not Trade.objects.exists()


def test_short_stock_and_bad_input_show_messages_not_error_pages(browser, member, two_stores):
    home = address_of(member)
    CartItem.objects.filter(user=member, sku=two_stores["case"]).update(quantity=50)  # 10 in stock

    short = browser.post(
        "/checkout/",
        {"address": home.pk, "coupons": "auto", "expected_payable": "7948.00", "idempotency_key": "s" * 20},
    )
    nonsense = browser.post("/checkout/", {"address": "x", "expected_payable": "lots", "coupons": "1,a"})
    foreign = browser.post(
        "/checkout/",
        {"address": address_of(UserFactory()).pk, "expected_payable": "1.00", "idempotency_key": "f" * 20},
    )

    for response in (short, nonsense, foreign):
        assert response.status_code == 200
        assert 'class="message error"' in html(response)
    assert not Trade.objects.exists()


def test_an_address_added_at_checkout_is_chosen(browser, member, two_stores):
    response = browser.get("/checkout/")
    assert 'id="submit-order" disabled' in html(response)  # no address yet
    assert '<details class="new-address" open>' in html(response)

    bad = browser.post("/checkout/address/", {"address-name": "", "address-phone": "123", "coupons": "auto"})
    assert bad.status_code == 200
    assert html(bad).count('class="field invalid"') >= 3  # name, phone, province, ... each marked

    good = browser.post(
        "/checkout/address/",
        {
            "address-name": "李雷",
            "address-phone": "13912345678",
            "address-province": "310000",
            "address-city": "310100",
            "address-district": "310104",
            "address-detail": "漕溪北路 1 号",
            "coupons": "auto",
        },
    )
    address = member.addresses.get()
    assert address.region_id == "310104"
    assert good.status_code == 302 and f"address={address.pk}" in good["Location"]


def test_a_city_from_another_province_is_refused_next_to_the_field(browser, member):
    response = browser.post(
        "/me/addresses/",
        {
            "address-name": "李雷",
            "address-phone": "13912345678",
            "address-province": "110000",
            "address-city": "310100",
            "address-detail": "1 号",
        },
    )

    assert response.status_code == 200
    field = re.search(r'<div class="field invalid">\s*<label for="id_address-city">.*?</div>', html(response), re.S)
    assert field, "the city field is marked"
    assert not member.addresses.exists()


# --- Orders


@pytest.fixture
def placed(member, two_stores):
    """The two stores' orders of one trade, waiting for payment."""
    api = client_for(member)
    home = address_of(member)
    body = submit(api, [(two_stores["phone"], 1), (two_stores["case"], 2)], address=home.pk, expected="6077.00").json()
    return {
        "api": api,
        "trade_no": body["trade_no"],
        "orders": StoreOrder.objects.filter(trade__trade_no=body["trade_no"]),
    }


def test_the_order_list_shows_each_store_order_with_status_and_amount(browser, placed):
    response = browser.get("/orders/")

    page = html(response)
    assert response.status_code == 200
    assert page.count('class="panel order-card"') == 2
    assert 'data-testid="order-payable">¥5999.00<' in page and 'data-testid="order-payable">¥78.00<' in page
    assert page.count('data-action="pay"') == 2


def test_order_tabs_filter_by_status(browser, placed):
    pay(placed["api"], placed["trade_no"])

    to_pay = html(browser.get("/orders/?tab=to_pay"))
    to_ship = html(browser.get("/orders/?tab=to_ship"))
    unknown = browser.get("/orders/?tab=nonsense&page=zz")

    assert to_pay.count('class="panel order-card"') == 0
    assert to_ship.count('class="panel order-card"') == 2
    assert unknown.status_code == 200 and html(unknown).count('class="panel order-card"') == 2


def test_the_order_list_costs_the_same_queries_for_two_orders_or_six(browser, member, store, catalog):
    api = client_for(member)
    spu = catalog.phone(store, title="多买手机", stock=50)
    home = address_of(member).pk
    counts = []
    for orders in (2, 6):
        while StoreOrder.objects.filter(user=member).count() < orders:
            response = submit(api, [(sku_of(spu), 1), (sku_of(spu, "256G"), 1)], address=home, expected="12998.00")
            assert response.status_code == 201
        with CaptureQueriesContext(connection) as captured:
            response = browser.get("/orders/")
        assert html(response).count('class="panel order-card"') == orders
        counts.append(len(captured))

    assert counts[0] == counts[1] == 6  # pinned: the same six for any page (the header's counts read with the member)


def test_the_order_page_shows_lines_amounts_and_history(browser, placed, store):
    order = placed["orders"].get(store=store)

    response = browser.get(f"/orders/{order.order_no}/")

    page = text(response)
    assert response.status_code == 200
    assert "华为 Mate 60 Pro 手机" in page and "颜色: 黑色" in page and "内存: 128G" in page
    assert 'data-testid="payable">¥5999.00<' in html(response)
    assert 'data-testid="freight">¥0.00<' in html(response)
    assert 'data-testid="order-status">待付款<' in html(response) or "Pending payment" in page
    assert "漕" not in page and "1 号" in page  # the address snapshot
    assert 'class="timeline"' in html(response)


def test_another_members_order_is_not_found(browser, placed):
    stranger = Client()
    stranger.force_login(UserFactory())
    order = placed["orders"].first()

    assert stranger.get(f"/orders/{order.order_no}/").status_code == 404
    assert stranger.post(f"/orders/{order.order_no}/cancel/").status_code == 404
    assert stranger.get(f"/orders/{order.order_no}/refund/").status_code == 404
    assert browser.get("/orders/S000/").status_code == 404


def test_paying_from_the_order_starts_a_payment_of_the_trade_at_the_cashier(browser, placed):
    order = placed["orders"].first()

    response = browser.post(f"/orders/{order.order_no}/pay/")
    assert response["Location"] == f"/cashier/{placed['trade_no']}/"
    response = browser.post(response["Location"], {"method": "unionpay"})

    payment = Payment.objects.get(trade__trade_no=placed["trade_no"])
    assert response["Location"] == f"/pay/simulated/{payment.payment_no}/"
    assert (payment.amount, payment.method, payment.channel) == (Decimal("6077.00"), "simulated", "unionpay")


def test_the_cashier_lists_the_ways_to_pay_with_the_first_ticked_and_what_is_due(browser, placed):
    page = html(browser.get(f"/cashier/{placed['trade_no']}/"))

    radios = re.findall(r'<input type="radio" name="method" value="(\w+)"[^>]*>', page)
    ticked = re.findall(r'<input type="radio" name="method" value="(\w+)"[^>]* checked[^>]*>', page)
    assert (radios, ticked) == (["alipay", "wechat_pay", "unionpay"], ["alipay"])
    assert "支付宝" in page and "微信支付" in page and "银联" in page
    assert 'data-testid="cashier-amount">¥6077.00<' in page


def test_the_chosen_way_reaches_the_gateway_page_and_the_order_page_and_is_ticked_next_time(
    browser, member, placed, store, two_stores
):
    order = placed["orders"].get(store=store)
    gateway = browser.post(f"/cashier/{placed['trade_no']}/", {"method": "wechat_pay"}, follow=True)
    assert 'data-testid="channel">微信支付<' in html(gateway)
    browser.post(gateway.redirect_chain[-1][0])  # 付款

    assert 'data-testid="paid-with">微信支付<' in html(browser.get(f"/orders/{order.order_no}/"))
    assert Payment.objects.get(trade__trade_no=placed["trade_no"]).channel == "wechat_pay"
    again = submit(placed["api"], [(two_stores["case"], 1)], address=address_of(member).pk, expected="39.00").json()
    page = html(browser.get(f"/cashier/{again['trade_no']}/"))
    assert re.findall(r'<input type="radio" name="method" value="(\w+)"[^>]* checked[^>]*>', page) == ["wechat_pay"]


def test_an_unknown_way_to_pay_is_refused_on_the_cashier_and_starts_nothing(browser, placed):
    response = browser.post(f"/cashier/{placed['trade_no']}/", {"method": "bitcoin"})

    assert response.status_code == 200
    assert 'class="error"' in html(response)
    assert not Payment.objects.filter(trade__trade_no=placed["trade_no"]).exists()


def test_another_members_trade_has_no_cashier(placed):
    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.get(f"/cashier/{placed['trade_no']}/").status_code == 404
    assert stranger.post(f"/cashier/{placed['trade_no']}/", {"method": "alipay"}).status_code == 404
    assert not Payment.objects.filter(trade__trade_no=placed["trade_no"]).exists()


def test_cancelling_and_cancelling_again(browser, placed, store):
    order = placed["orders"].get(store=store)

    browser.post(f"/orders/{order.order_no}/cancel/")
    again = browser.post(f"/orders/{order.order_no}/cancel/", follow=True)

    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert again.status_code == 200 and 'class="message error"' in html(again)


def test_the_gateway_page_links_back_to_the_orders(browser, placed):
    browser.post(f"/orders/{placed['orders'].first().order_no}/pay/")
    response = browser.post(f"/cashier/{placed['trade_no']}/", {"method": "alipay"}, follow=True)
    browser.post(response.redirect_chain[-1][0])

    paid = browser.get(response.redirect_chain[-1][0])

    assert 'data-testid="paid"' in html(paid)
    assert 'href="/orders/"' in html(paid)
    assert set(placed["orders"].values_list("status", flat=True)) == {OrderStatus.PAID}


def test_buy_again_puts_the_lines_back_in_the_cart(browser, member, placed, store):
    CartItem.objects.filter(user=member).delete()
    order = placed["orders"].get(store=store)

    response = browser.post(f"/orders/{order.order_no}/buy-again/")

    assert response["Location"] == "/cart/"
    assert list(CartItem.objects.filter(user=member).values_list("quantity", flat=True)) == [1]


def test_after_sales_for_part_of_a_line_with_its_exact_amount(browser, member, placed, two_stores):
    pay(placed["api"], placed["trade_no"])
    order = placed["orders"].get(store=two_stores["other"])
    line = order.lines.get()
    form = browser.get(f"/orders/{order.order_no}/refund/")
    assert f'name="line_{line.pk}"' in html(form)
    # Nothing has shipped: no return is offered, only a refund (issue 13 item 6: it was offered, then refused).
    assert 'value="refund_only"' in html(form) and 'value="return_refund"' not in html(form)
    offered_anyway = browser.post(
        f"/orders/{order.order_no}/refund/",
        {"kind": "return_refund", "reason_code": "seven_days", "reason": "不要了", f"line_{line.pk}": "1"},
    )
    assert 'class="field invalid"' in html(offered_anyway) and not Refund.objects.filter(order=order).exists()

    nothing = browser.post(
        f"/orders/{order.order_no}/refund/", {"kind": "refund_only", "reason_code": "unwanted", "reason": "不要了"}
    )
    too_many = browser.post(
        f"/orders/{order.order_no}/refund/",
        {"kind": "refund_only", "reason_code": "unwanted", "reason": "不要了", f"line_{line.pk}": "5"},
    )
    done = browser.post(
        f"/orders/{order.order_no}/refund/",
        {"kind": "refund_only", "reason_code": "unwanted", "reason": "不要了", f"line_{line.pk}": "1"},
        follow=True,
    )

    assert nothing.status_code == too_many.status_code == 200
    assert 'class="errors"' in html(nothing)
    assert 'class="field invalid"' in html(too_many)
    refund = Refund.objects.get(order=order)
    assert refund.amount == Decimal("39.00")
    assert "¥39.00" in html(done)
    assert f'data-refund="{refund.refund_no}"' in html(done)

    aftersales = browser.get("/orders/?tab=aftersales")
    assert f'data-refund="{refund.refund_no}"' in html(aftersales)
