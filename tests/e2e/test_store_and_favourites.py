"""A shopper goes from a product to its store's home page, filters it by a category, claims the store's coupon,
keeps the store and a product among their favourites, and tidies /me/favourites/ (issue 13 item 12)."""

import re

import pytest

from catalog.models import ProductFavourite, StoreFavourite
from coupons.models import UserCoupon
from tests.catalog.factories import PhoneCatalog, StorefrontCategoryFactory
from tests.coupons.factories import coupon_template
from tests.e2e.conftest import screenshot
from tests.factories import StoreFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shop():
    """华强数码 sells two phones (手机) and a phone case (配件), and gives a store coupon."""
    catalog = PhoneCatalog()
    store = StoreFactory(name="华强数码")
    digital = StorefrontCategoryFactory(name="数码", backend_categories=[catalog.root])
    StorefrontCategoryFactory(name="手机", parent=digital, backend_categories=[catalog.phones])
    StorefrontCategoryFactory(name="配件", parent=digital, backend_categories=[catalog.accessories])
    mate = catalog.phone(store, title="华为 Mate 60 Pro 手机", prices=("5999.00", "6999.00"))
    catalog.phone(store, title="华为 nova 12 手机", prices=("2999.00", "3299.00"))
    case = catalog.phone(store, title="华为 手机壳", prices=("59.00", "69.00"))
    case.category = catalog.accessories
    case.save(update_fields=["category"])
    coupon = coupon_template(store=store, name="华强满100减10")
    shopper = UserFactory(username="sunqi")
    shopper.set_password("sun-qi-pass-2026")
    shopper.save()
    return {"store": store, "mate": mate, "coupon": coupon, "shopper": shopper}


def test_a_shopper_visits_a_store_claims_its_coupon_and_keeps_favourites(page, shop):
    store, mate = shop["store"], shop["mate"]
    page.goto(page.base_url + f"/products/{mate.pk}/")
    page.locator("a.store-link").click()
    page.wait_for_url(f"**/stores/{store.pk}/")
    assert page.locator("h1.store-name").inner_text() == "华强数码"
    assert page.locator(".product-card").count() == 3
    screenshot(page, "store-home")

    categories = page.locator('[data-facet="category"]')
    categories.get_by_role("link", name="手机 2").click()
    page.wait_for_url(re.compile(rf"/stores/{store.pk}/c/\d+/$"))
    assert sorted(page.locator(".product-title").all_inner_texts()) == ["华为 Mate 60 Pro 手机", "华为 nova 12 手机"]
    filtered = page.url

    # A visitor logs in to claim, and comes back to the filtered page.
    page.get_by_role("link", name="登录后领取").click()
    page.get_by_label("用户名").fill("sunqi")
    page.get_by_label("密码").fill("sun-qi-pass-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(filtered)
    page.locator(f'.coupon[data-coupon="{shop["coupon"].pk}"]').get_by_role("button", name="立即领取").click()
    page.wait_for_url(filtered)
    assert "华强满100减10" in page.locator(".messages").inner_text()
    assert UserCoupon.objects.filter(user=shop["shopper"], template=shop["coupon"]).count() == 1

    page.get_by_role("button", name="收藏店铺").click()
    page.wait_for_url(filtered)
    assert page.locator(".favourite-button.on").inner_text().strip().endswith("已收藏")
    screenshot(page, "store-favourited")

    page.get_by_role("link", name="华为 Mate 60 Pro 手机").click()
    page.wait_for_url(f"**/products/{mate.pk}/")
    page.locator(".buy-box").get_by_role("button", name="收藏").click()
    page.wait_for_url(f"**/products/{mate.pk}/")
    assert page.locator(".favourite-button").get_attribute("aria-pressed") == "true"
    assert "1 人收藏" in page.locator(".favourite-count").inner_text()

    page.goto(page.base_url + "/me/favourites/")
    assert page.locator(".favourite-title").all_inner_texts() == ["华为 Mate 60 Pro 手机"]
    page.get_by_role("link", name="店铺", exact=True).click()
    page.wait_for_url("**/me/favourites/?tab=stores")
    assert page.locator(".favourite-title").all_inner_texts() == ["华强数码"]
    screenshot(page, "my-favourite-stores")

    page.get_by_role("button", name="取消收藏").click()
    page.wait_for_url("**/me/favourites/?tab=stores")
    assert page.locator(".favourite-title").count() == 0
    assert "还没有收藏的店铺" in page.locator(".favourites").inner_text()
    assert not StoreFavourite.objects.filter(user=shop["shopper"]).exists()
    assert list(ProductFavourite.objects.filter(user=shop["shopper"]).values_list("spu_id", flat=True)) == [mate.pk]
