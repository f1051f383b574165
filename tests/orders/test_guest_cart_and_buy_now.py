"""A visitor's cart (kept in the session, merged into the member's cart at login), the header's cart count, and
"buy now" from the product page (checkout of one SKU, the cart left as it is), through the pages as a browser
posts them."""

import re
from decimal import Decimal

import pytest
from django.test import Client

from catalog.models import SpuStatus
from orders.cart import services as cart_services
from orders.models import MAX_QUANTITY, CartItem, StoreOrder
from tests.catalog.factories import PhoneCatalog
from tests.factories import UserFactory
from tests.orders.helpers import address_of, sku_of

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def cart_count(response) -> str:
    match = re.search(r'id="cart-count"[^>]*?(hidden)?>(\d+)<', response.content.decode())
    return "" if match is None or match.group(1) else match.group(2)


@pytest.fixture
def catalog(db):
    return PhoneCatalog()


@pytest.fixture
def phones(store, catalog):
    spu = catalog.phone(store)
    return sku_of(spu, "128G"), sku_of(spu, "256G")


@pytest.fixture
def member(db):
    user = UserFactory(username="xiaohong")
    user.set_password("xiao-hong-2026")
    user.save()
    return user


def log_in(client: Client, next_url: str = "/cart/"):
    return client.post(
        f"/accounts/login/?next={next_url}", {"username": "xiaohong", "password": "xiao-hong-2026"}, follow=False
    )


def test_a_visitors_cart_is_kept_shown_with_a_count_and_merged_into_the_members_at_login(phones, member):
    small, large = phones
    cart_services.cart_add(user=member, sku_id=small.pk, quantity=1)  # from another visit, logged in
    visitor = Client()
    product = f"/products/{small.spu_id}/"

    added = visitor.post("/cart/add/", {"sku": small.pk, "quantity": 2, "next": product})
    assert added.status_code == 302 and added.url == product
    visitor.post("/cart/add/", {"sku": large.pk, "quantity": 1, "next": product})
    page = visitor.get(product)
    assert "已加入购物车" in text(page) and cart_count(page) == "3"
    cart = visitor.get("/cart/")
    assert cart_count(cart) == "3"
    assert "¥18997.00" in text(cart)  # 2 x 5999.00 + 6999.00, today's list prices
    assert CartItem.objects.filter(user=member).count() == 1  # nothing written for the visitor

    assert log_in(visitor).url == "/cart/"
    lines = dict(CartItem.objects.filter(user=member).values_list("sku_id", "quantity"))
    assert lines == {small.pk: 3, large.pk: 1}  # merged with what the member had
    assert cart_count(visitor.get("/cart/")) == "4"
    visitor.post("/accounts/logout/")
    assert cart_count(Client().get("/cart/")) == ""  # a new visitor: no cart


def test_the_visitors_cart_refuses_what_is_not_for_sale_and_caps_a_line_changing_nothing_else(phones, catalog):
    small, large = phones
    visitor = Client()
    visitor.post("/cart/add/", {"sku": small.pk, "quantity": MAX_QUANTITY})
    visitor.post("/cart/add/", {"sku": small.pk, "quantity": 5})
    small.spu.status = SpuStatus.OFF_SHELF
    small.spu.save()
    other = catalog.phone(small.store, title="荣耀 Magic6")
    other.status = SpuStatus.OFF_SHELF
    other.save()

    refused = visitor.post("/cart/add/", {"sku": sku_of(other).pk, "quantity": 1}, follow=True)
    assert "该商品不在售" in text(refused)
    bad = visitor.post("/cart/add/", {"sku": large.pk, "quantity": 0}, follow=True)
    assert "数量至少为 1" in text(bad)
    assert visitor.session["guest_cart"] == {str(small.pk): MAX_QUANTITY}  # capped; the refused ones not added
    assert "购物车空空如也" in text(visitor.get("/cart/"))  # its goods went off the shelf meanwhile

    visitor.post(f"/cart/guest/{small.pk}/remove/")
    assert "guest_cart" not in visitor.session


def test_a_visitor_with_a_cart_is_not_served_the_shared_copy_of_a_page(phones, settings):
    settings.CATALOG_RESPONSE_CACHE_SECONDS = 30
    small, _ = phones
    product = f"/products/{small.spu_id}/"
    assert cart_count(Client().get(product)) == ""  # the shared copy, made here
    visitor = Client()
    visitor.post("/cart/add/", {"sku": small.pk, "quantity": 1})
    visitor.cookies.pop("messages", None)  # the message shown, only the cart tells this visitor apart
    assert cart_count(visitor.get(product)) == "1"
    assert cart_count(Client().get(product)) == ""


def test_buy_now_checks_out_that_sku_alone_and_leaves_the_cart_as_it_is(phones, member):
    small, large = phones
    address = address_of(member)
    cart_services.cart_add(user=member, sku_id=small.pk, quantity=1)
    visitor = Client()

    bought = visitor.post("/checkout/buy-now/", {"sku": large.pk, "quantity": 2})
    checkout = f"/checkout/?coupons=auto&buy=1&sku={large.pk}&quantity=2"
    assert bought.status_code == 302 and bought.url == checkout
    assert visitor.get(checkout).status_code == 302  # to the login page, and back
    assert log_in(visitor, next_url=checkout.replace("&", "%26").replace("?", "%3F")).url == checkout
    page = visitor.get(checkout)
    assert "¥13998.00" in text(page) and "¥5999.00" not in text(page)  # 2 x 6999.00, not the cart's phone

    submitted = visitor.post(
        "/checkout/",
        {
            "address": address.pk,
            "coupons": "auto",
            "points": 0,
            "buy": "1",
            "sku": large.pk,
            "quantity": 2,
            "expected_payable": "13998.00",
            "idempotency_key": "buy-now-0123456789abcdef",
        },
    )
    assert submitted.status_code in (200, 302)
    [order] = StoreOrder.objects.filter(user=member)
    assert [(line.sku_id, line.quantity) for line in order.lines.all()] == [(large.pk, 2)]
    assert order.payable == Decimal("13998.00")
    assert list(CartItem.objects.filter(user=member).values_list("sku_id", "quantity")) == [(small.pk, 1)]


def test_buy_now_with_a_bad_quantity_goes_back_saying_why(phones):
    small, _ = phones
    product = f"/products/{small.spu_id}/"
    back = Client().post("/checkout/buy-now/", {"sku": small.pk, "quantity": "x", "next": product}, follow=True)
    assert back.redirect_chain[-1][0] == product
    assert "整数" in text(back)


def test_buy_now_of_goods_no_longer_for_sale_says_so_and_places_nothing(phones, member):
    small, _ = phones
    address = address_of(member)
    small.spu.status = SpuStatus.OFF_SHELF
    small.spu.save()
    browser = Client()
    browser.force_login(member)
    for sku in (small.pk, 2**62):  # off the shelf; no such SKU
        page = browser.get(f"/checkout/?buy=1&sku={sku}&quantity=1")
        assert page.status_code in (200, 302)
        submitted = browser.post(
            "/checkout/",
            {
                "address": address.pk,
                "coupons": "auto",
                "buy": "1",
                "sku": sku,
                "quantity": 1,
                "expected_payable": "5999.00",
                "idempotency_key": f"buy-now-gone-{sku}-0123456789",
            },
            follow=True,
        )
        assert submitted.status_code == 200
    assert not StoreOrder.objects.filter(user=member).exists()


def test_a_coupon_is_claimed_from_the_product_page_and_the_shopper_stays_on_it(phones, member, settings):
    from coupons.models import UserCoupon
    from tests.coupons.factories import coupon_template

    settings.CATALOG_RESPONSE_CACHE_SECONDS = 0
    small, _ = phones
    coupon = coupon_template(store=small.store, name="店铺满1000减50", value=Decimal("50"), threshold=Decimal("1000"))
    product = f"/products/{small.spu_id}/"
    visitor_page = Client().get(product).content.decode()
    assert f'<a class="claim" href="/accounts/login/?next={product}">' in visitor_page  # a visitor logs in to claim
    browser = Client()
    browser.force_login(member)

    first = browser.post(f"/me/coupons/center/{coupon.pk}/claim/", {"next": product}, follow=True)
    assert first.redirect_chain[-1][0] == product and "店铺满1000减50" in text(first)
    again = browser.post(f"/me/coupons/center/{coupon.pk}/claim/", {"next": product}, follow=True)
    assert again.redirect_chain[-1][0] == product
    assert UserCoupon.objects.filter(user=member, template=coupon).count() == 1  # one per member
    away = browser.post(f"/me/coupons/center/{coupon.pk}/claim/", {"next": "https://evil.example/"})
    assert away.url == "/me/coupons/center/"  # never to another site


@pytest.mark.parametrize("junk", ["9" * 5000, "²", "١٢", "-1", "1e3"])
def test_numbers_in_the_checkouts_address_that_are_not_numbers_are_read_as_nothing(phones, member, junk):
    small, _ = phones
    browser = Client()
    browser.force_login(member)
    page = browser.get(f"/checkout/?buy=1&sku={small.pk}&quantity={junk}&points={junk}&address={junk}")
    assert page.status_code == 200
    assert "¥5999.00" in text(page)  # one of it, no points
    assert browser.get(f"/checkout/?buy=1&sku={junk}").status_code == 302  # no SKU: the (empty) cart
