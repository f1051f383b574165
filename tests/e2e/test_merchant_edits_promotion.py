"""A store owner in Chromium creates a spend-and-save promotion that starts tomorrow, opens it again with Edit (the
form filled with its values), raises its threshold and discount, and sees the new tier in the list; a promotion
that has started offers no Edit."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from promotions import pricing, services
from promotions.models import Promotion
from stores.models import StaffRole
from tests.catalog.factories import PhoneCatalog
from tests.e2e.conftest import screenshot
from tests.factories import MembershipFactory, StoreFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "promo-owner-pass-2026"


@pytest.fixture
def shop():
    store = StoreFactory(name="华强数码")
    owner = MembershipFactory(store=store, role=StaffRole.OWNER, user=UserFactory(username="li_owner")).user
    owner.set_password(PASSWORD)
    owner.save()
    PhoneCatalog().phone(store, title="华为 nova 12 手机")
    return {"store": store, "owner": owner}


def log_in(page) -> None:
    page.goto(page.base_url + "/seller/")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.fill("#id_username", "li_owner")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(re.compile(r"/seller/$"))


def test_an_owner_edits_the_tier_of_a_promotion_that_starts_tomorrow(page, shop):
    now = timezone.now()
    running = services.promotion_create(
        store=shop["store"],
        by=shop["owner"],
        name="正在进行的折扣",
        kind="item_discount",
        rules={"percent": "95"},
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=3),
        scope=pricing.GoodsScope(all=True),
    )
    log_in(page)
    page.goto(page.base_url + "/seller/promotions/new/")
    tomorrow = timezone.localtime() + timedelta(days=1)
    page.fill("#id_name", "明日满减")
    page.select_option("#id_kind", "full_reduction")
    page.fill("#id_starts_at", tomorrow.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_ends_at", (tomorrow + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_tiers", "100:10")
    page.get_by_role("button", name="创建促销").click()
    page.wait_for_url(re.compile(r"/seller/promotions/$"))
    created = Promotion.objects.get(name="明日满减")
    row = page.locator(f"#promotion-{created.pk}")
    assert "满¥100.00减¥10.00" in row.inner_text() and "未开始" in row.inner_text()
    assert page.locator(f"#promotion-{running.pk}").get_by_role("link", name="编辑").count() == 0

    row.get_by_role("link", name="编辑").click()
    page.wait_for_url(re.compile(rf"/seller/promotions/{created.pk}/edit/$"))
    assert page.input_value("#id_name") == "明日满减"
    assert page.input_value("#id_tiers") == "100.00:10.00"
    screenshot(page, "seller-promotion-edit")
    page.fill("#id_tiers", "200:30")
    page.get_by_role("button", name="保存促销").click()

    page.wait_for_url(re.compile(r"/seller/promotions/$"))
    assert "满¥200.00减¥30.00" in page.locator(f"#promotion-{created.pk}").inner_text()
    screenshot(page, "seller-promotion-edited")
    created.refresh_from_db()
    assert created.rules == {"tiers": [{"threshold": "200.00", "discount": "30.00"}]}
    assert list(created.events.values_list("type", flat=True)) == ["updated", "created"]
