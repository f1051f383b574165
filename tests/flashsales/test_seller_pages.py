"""The seller's flash-sale pages: the list with what each session sold, the draft form (the API's rules, the
refusals beside what they name), edit, publish and cancel; clerks look but do not change."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from flashsales.models import FlashSession, SessionStatus
from flashsales.services import flash_attempt
from stores.models import StaffRole
from tests.catalog.factories import PhoneCatalog
from tests.factories import MembershipFactory, StoreFactory, UserFactory
from tests.flashsales.helpers import published_session
from tests.orders.helpers import available, sku_of
from tests.stores.seller import html, seller_client

pytestmark = pytest.mark.django_db
NEW = "/seller/flash/new/"


@pytest.fixture
def client(owner):
    return seller_client(owner)


def session_form(*items: dict, extra: int = 1, **fields) -> dict:
    """What the form posts: the session's fields, then its item rows and blank ones."""
    starts = timezone.localtime() + timedelta(hours=1)
    body = {
        "name": "午间秒杀",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "per_member_limit": "1",
        "exclusive": "on",
        "item-TOTAL_FORMS": str(len(items) + extra),
        "item-INITIAL_FORMS": "0",
        **fields,
    }
    for index, item in enumerate([*items, *[{}] * extra]):
        body.update({f"item-{index}-{name}": str(value) for name, value in item.items()})
    return body


def cell_errors(response, index: int, column: str) -> list[str]:
    page = html(response)
    at = page.index(f'name="item-{index}-{column}"')
    cell = page[page.rindex("<td", 0, at) : page.index("</td>", at)]
    return [part.split("</small>")[0] for part in cell.split('<small class="error">')[1:]]


def test_a_manager_creates_a_draft_from_the_form(client, store):
    sku = sku_of(PhoneCatalog().phone(store, stock=10))

    response = client.post(NEW, session_form({"sku": sku.pk, "flash_price": "3999.00", "quantity": "3"}))

    assert response.status_code == 302, html(response)
    session = FlashSession.objects.get()
    assert (session.store, session.status, session.name) == (store, SessionStatus.DRAFT, "午间秒杀")
    assert list(session.items.values_list("sku_id", "quantity")) == [(sku.pk, 3)]
    assert available(sku) == 10  # a draft takes nothing


def test_a_flash_price_at_the_skus_price_is_refused_in_its_cell(client, store):
    sku = sku_of(PhoneCatalog().phone(store, stock=10))

    response = client.post(NEW, session_form({"sku": sku.pk, "flash_price": "5999.00", "quantity": "3"}))

    assert response.status_code == 200
    assert cell_errors(response, 0, "flash_price") == ["A flash price is below the SKU&#x27;s price."]
    assert not FlashSession.objects.exists()


def test_the_api_serializers_words_land_beside_the_field_and_the_cell(client, store):
    sku = sku_of(PhoneCatalog().phone(store, stock=10))

    response = client.post(NEW, session_form({"sku": sku.pk, "flash_price": "1.00", "quantity": "0"}, name=""))

    page = html(response)
    assert "This field is required." in page.split('data-field="name"')[1].split("data-field=")[0]
    assert cell_errors(response, 0, "quantity") == ["Ensure this value is greater than or equal to 1."]
    assert not FlashSession.objects.exists()


def test_no_item_is_refused_for_the_items_as_a_whole(client, store):
    response = client.post(NEW, session_form())
    assert response.status_code == 200
    assert "Ensure this field has at least 1 elements." in html(response)


def test_another_stores_sku_is_refused_in_its_cell(client, store):
    foreign = sku_of(PhoneCatalog().phone(StoreFactory(), stock=5))

    response = client.post(NEW, session_form({"sku": foreign.pk, "flash_price": "1.00", "quantity": "1"}))

    assert cell_errors(response, 0, "sku") == ["Unknown SKU."]
    assert not FlashSession.objects.exists()


def test_a_draft_is_edited_publish_takes_its_units_and_the_list_shows_what_it_sold(client, store):
    sku = sku_of(PhoneCatalog().phone(store, stock=10))
    assert client.post(NEW, session_form({"sku": sku.pk, "flash_price": "3999.00", "quantity": "3"})).status_code == 302
    session = FlashSession.objects.get()
    starts = timezone.localtime() - timedelta(minutes=1)
    form = client.get(f"/seller/flash/{session.pk}/edit/")
    assert 'value="3999.00"' in html(form)

    edited = session_form(
        {"sku": sku.pk, "flash_price": "2999.00", "quantity": "4"},
        starts_at=starts.strftime("%Y-%m-%dT%H:%M"),
        ends_at=(starts + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
    )
    assert client.post(f"/seller/flash/{session.pk}/edit/", edited).status_code == 302
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.post(f"/seller/flash/{session.pk}/publish/").status_code == 302
    flash_attempt(session_id=session.pk, sku_id=sku.pk, user_id=UserFactory().pk)
    session.items.update(sold=1)  # as an order would buy it

    page = html(client.get("/seller/flash/"))
    assert available(sku) == 6
    assert '<td data-testid="flash-sold">1 / 4</td>' in page
    assert "On now" in page
    assert "华为 Mate 60 Pro 手机 黑色 / 128G" in page and "¥2999.00 × 4" in page
    refused = client.get(f"/seller/flash/{session.pk}/edit/", follow=True)
    assert "Only a draft session is edited." in html(refused)


def test_cancelling_from_the_list_returns_the_units_of_a_session_not_started(client, store):
    session, sku = published_session(store, stock=10, quantity=4, starts_in=timedelta(hours=1))

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(f"/seller/flash/{session.pk}/cancel/", follow=True)

    assert "“10点场” is cancelled." in html(response)
    assert FlashSession.objects.get().status == SessionStatus.CANCELLED
    assert available(sku) == 10


def test_a_clerk_sees_the_list_without_its_buttons_and_may_not_write(store):
    session, _sku = published_session(store)
    clerk = MembershipFactory(store=store, role=StaffRole.CLERK).user
    browser = seller_client(clerk)

    page = html(browser.get("/seller/flash/"))

    assert session.name in page
    assert "/seller/flash/new/" not in page and "/cancel/" not in page
    assert browser.post(f"/seller/flash/{session.pk}/cancel/").status_code == 403
    assert browser.get(NEW).status_code == 403
    assert FlashSession.objects.get().cancelled_at is None


def test_another_stores_session_is_not_found(store):
    session, _sku = published_session(store)
    stranger = seller_client(MembershipFactory(store=StoreFactory(), role=StaffRole.OWNER).user)
    assert stranger.post(f"/seller/flash/{session.pk}/cancel/").status_code == 404
    assert stranger.get(f"/seller/flash/{session.pk}/edit/").status_code == 404


def test_the_list_costs_the_same_queries_for_one_session_or_three(client, store):
    phone = PhoneCatalog().phone(store, stock=10)

    def draft_of(sku) -> None:
        response = client.post(NEW, session_form({"sku": sku.pk, "flash_price": "1.00", "quantity": "1"}))
        assert response.status_code == 302

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/seller/flash/").status_code == 200
        return len(captured)

    draft_of(sku_of(phone))
    one = queries()
    draft_of(sku_of(phone, "256G"))
    draft_of(sku_of(phone))
    assert queries() == one
