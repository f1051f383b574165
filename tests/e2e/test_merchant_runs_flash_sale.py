"""A store owner in Chromium sets a flash session up from the seller backend (its SKU picked by name, a flash price
and quantity), publishes it (its units leave sellable stock), sees it in the list with what it sold, and cancels
it before it starts (the units come back)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from flashsales.models import FlashSession, SessionStatus
from stores.models import StaffRole
from tests.catalog.factories import PhoneCatalog
from tests.e2e.conftest import screenshot
from tests.factories import MembershipFactory, StoreFactory, UserFactory
from tests.flashsales.helpers import clear_gates
from tests.orders.helpers import available, sku_of

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "flash-owner-pass-2026"


def test_an_owner_publishes_a_flash_session_and_cancels_it_before_it_starts(page):
    clear_gates()
    store = StoreFactory(name="华强数码")
    owner = MembershipFactory(store=store, role=StaffRole.OWNER, user=UserFactory(username="qian_owner")).user
    owner.set_password(PASSWORD)
    owner.save()
    sku = sku_of(PhoneCatalog().phone(store, title="华为 nova 12 手机", stock=10))
    page.on("dialog", lambda dialog: dialog.accept())

    page.goto(page.base_url + "/seller/flash/")
    page.fill("#id_username", "qian_owner")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(re.compile(r"/seller/flash/$"))
    page.locator("a[href='/seller/flash/new/']").click()
    starts = timezone.localtime() + timedelta(hours=2)
    page.fill("#id_name", "午间秒杀")
    page.fill("#id_starts_at", starts.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_ends_at", (starts + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.select_option("#id_item-0-sku", str(sku.pk))
    page.fill("#id_item-0-flash_price", "3999.00")
    page.fill("#id_item-0-quantity", "4")
    screenshot(page, "seller-flash-form")
    page.locator("form.panel button[type=submit]").click()
    page.wait_for_url(re.compile(r"/seller/flash/$"))

    session = FlashSession.objects.get()
    row = page.locator(f"#flash-session-{session.pk}")
    row.locator("form[action$='/publish/'] button").click()
    page.wait_for_url(re.compile(r"/seller/flash/$"))
    assert page.locator(f"#flash-session-{session.pk} [data-testid=flash-sold]").inner_text() == "0 / 4"
    assert available(sku) == 6
    screenshot(page, "seller-flash-list")

    page.locator(f"#flash-session-{session.pk} form[action$='/cancel/'] button").click()
    page.wait_for_url(re.compile(r"/seller/flash/$"))
    assert FlashSession.objects.get().status == SessionStatus.CANCELLED
    assert available(sku) == 10
    clear_gates()
