"""A shopper browses the storefront in Chromium: home, a category, a brand facet, a product and its specs."""

import re

import pytest

from catalog import selectors
from orders.models import CartItem
from tests.catalog.factories import PhoneCatalog, StorefrontCategoryFactory
from tests.e2e.conftest import screenshot
from tests.factories import StoreFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shop(monkeypatch):
    """数码 (with a 手机 child) selling two Huawei phones and an iPhone; facet counts computed afresh."""
    monkeypatch.setattr(selectors, "FACETS_CACHE_SECONDS", 0)
    catalog = PhoneCatalog()
    store = StoreFactory(name="华强数码")
    digital = StorefrontCategoryFactory(name="数码", backend_categories=[catalog.root])
    StorefrontCategoryFactory(name="手机", parent=digital, backend_categories=[catalog.phones])
    mate = catalog.phone(store, title="华为 Mate 60 Pro 手机", prices=("5999.00", "6999.00"), colours=("黑色", "白色"))
    catalog.phone(store, title="华为 nova 12 手机", prices=("2999.00", "3299.00"))
    catalog.phone(store, title="苹果 iPhone 15 手机", brand=catalog.apple, prices=("5399.00", "6199.00"))
    return {"catalog": catalog, "mate": mate}


def test_a_shopper_finds_a_phone_by_category_and_brand_and_prices_its_specs(page, shop):
    page.goto(page.base_url + "/")
    assert page.locator(".product-card").count() == 3
    screenshot(page, "storefront-home")

    page.locator(".category-nav").get_by_role("link", name="数码", exact=True).click()
    page.wait_for_url(re.compile(r"/c/\d+/$"))
    assert page.locator("h1.page-title").inner_text() == "数码"
    # The "in stock only" filter is a label with its checkbox: no stray round mark of the cart's select buttons.
    in_stock = page.locator("label.check")
    assert in_stock.evaluate("label => getComputedStyle(label, '::before').content") in ("none", "normal")
    brand_facet = page.locator('[data-facet="brand"]')
    assert brand_facet.get_by_role("link", name="华为 2").is_visible()
    screenshot(page, "storefront-category")

    brand_facet.get_by_role("link", name="华为 2").click()
    page.wait_for_url(re.compile(r"brand="))
    cards = page.locator(".product-title")
    assert sorted(cards.all_inner_texts()) == ["华为 Mate 60 Pro 手机", "华为 nova 12 手机"]
    assert page.locator(".chip").count() == 1
    screenshot(page, "storefront-category-brand")

    page.get_by_role("link", name="华为 Mate 60 Pro 手机").click()
    page.wait_for_url(f"**/products/{shop['mate'].pk}/")
    price = page.locator("#price")
    assert price.inner_text() == "¥5999.00"  # the lowest price, "from"
    assert page.locator("#price-from").is_visible()

    page.locator('.spec-value[data-value="白色"]').click()
    page.locator('.spec-value[data-value="256G"]').click()
    assert price.inner_text() == "¥6999.00"
    assert page.locator("#market-price").inner_text() == "¥7999.00"
    assert not page.locator("#price-from").is_visible()
    page.locator('.spec-value[data-value="128G"]').click()
    assert price.inner_text() == "¥5999.00"
    assert page.locator('.spec-value[data-value="128G"]').get_attribute("aria-pressed") == "true"
    screenshot(page, "storefront-product")

    with page.expect_navigation():  # choosing a language submits the switch form
        page.select_option("#language-select", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Log in").is_visible()
    assert page.locator("h1.product-name").inner_text() == "华为 Mate 60 Pro 手机"  # the goods keep their names
    screenshot(page, "storefront-product-english")


def test_a_logged_in_shopper_adds_the_chosen_spec_to_the_cart(page, shop):
    shopper = UserFactory(username="zhaoliu")
    shopper.set_password("zhao-liu-pass-2026")
    shopper.save()
    page.goto(page.base_url + f"/accounts/login/?next=/products/{shop['mate'].pk}/")
    page.get_by_label("用户名").fill("zhaoliu")
    page.get_by_label("密码").fill("zhao-liu-pass-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"**/products/{shop['mate'].pk}/")

    page.locator("#add-button").click()  # nothing chosen yet: the page asks for the specs
    assert "颜色" in page.locator("#cart-message").inner_text()

    page.locator('.spec-value[data-value="黑色"]').click()
    page.locator('.spec-value[data-value="256G"]').click()
    page.locator(".step[data-step='1']").click()
    page.locator("#add-button").click()
    page.locator("#cart-message.ok").wait_for()
    screenshot(page, "storefront-product-added")
    # The add answers only the line and the cart's units (Prefer: return=minimal): the header shows them.
    assert page.locator("#cart-count").inner_text() == "2"
    assert "2" in page.locator("#cart-message").inner_text()

    line = CartItem.objects.get(user=shopper)
    assert line.quantity == 2
    assert line.sku.specs == {"颜色": "黑色", "内存": "256G"}


def test_the_search_finds_a_brand_by_its_english_name_and_a_coupon_is_claimed_with_a_red_button(page, shop):
    """Issue 13 items 2 and 5: "Huawei" found nothing; 立即领取 and 立即付款 were grey browser buttons."""
    page.goto(page.base_url + "/search/?q=Huawei")
    assert sorted(page.locator(".product-title").all_inner_texts()) == ["华为 Mate 60 Pro 手机", "华为 nova 12 手机"]
    page.goto(page.base_url + "/")
    colour = page.evaluate(
        """() => { const b = document.createElement("button"); b.className = "button small";
                   document.body.append(b); return getComputedStyle(b).backgroundColor; }"""
    )
    assert colour not in ("rgb(239, 239, 239)", "rgba(0, 0, 0, 0)", "rgb(240, 240, 240)")  # the accent, not grey
