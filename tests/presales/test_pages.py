"""The presale's pages: the storefront's list and a presale's page (with the member's deposit and the way to pay the
balance), the home page's section, the product page's badge, and the seller's list and form."""

import pytest
from django.test import Client

from presales.models import Presale
from tests.factories import UserFactory
from tests.presales.helpers import move_to, pay_deposit, published_presale

pytestmark = pytest.mark.django_db


def english(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def test_the_presale_page_offers_the_deposit_in_its_window(store):
    presale, _sku = published_presale(store)

    page = english().get(f"/presale/{presale.pk}/").content.decode()

    assert all(text in page for text in ("新品预售", "¥100.00", "¥300.00", "¥5699.00"))
    assert f'value="presale:{presale.pk}"' in page and "Pay the deposit" in page


def test_a_member_with_a_deposit_is_offered_the_balance_in_its_window(store):
    presale, sku = published_presale(store)
    member = UserFactory()
    deposit = pay_deposit(member, presale, sku)
    move_to(presale, "balance")

    page = english(member).get(f"/presale/{presale.pk}/").content.decode()

    assert "Deposit paid" in page
    assert f"play=presale_balance%3A{deposit.pk}" in page


def test_the_home_page_and_the_list_show_a_presale_taking_deposits(store):
    presale, _sku = published_presale(store)

    home = english().get("/").content.decode()
    listing = english().get("/presale/").content.decode()

    assert f"/presale/{presale.pk}/" in home and "新品预售" in listing


def test_the_product_page_carries_the_presale_badge(store):
    presale, sku = published_presale(store)

    page = english().get(f"/products/{sku.spu_id}/").content.decode()

    assert 'data-testid="presale-badge"' in page and f"/presale/{presale.pk}/" in page


def test_the_seller_page_lists_the_stores_presales_and_its_form_saves_a_draft(store, owner):
    _presale, sku = published_presale(store)
    client = english(owner)

    listing = client.get("/seller/presales/").content.decode()
    form = client.get("/seller/presales/new/")
    saved = client.post(
        "/seller/presales/new/",
        {
            "name": "第二次预售",
            "sku": sku.pk,
            "deposit": "50.00",
            "counted": "150.00",
            "deposit_starts_at": "2030-01-01T10:00",
            "deposit_ends_at": "2030-01-02T10:00",
            "balance_starts_at": "2030-01-03T10:00",
            "balance_ends_at": "2030-01-04T10:00",
            "per_member_limit": "1",
            "exclusive": "on",
        },
    )

    assert "新品预售" in listing and form.status_code == 200
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert Presale.objects.filter(store=store, name="第二次预售", status="draft").count() == 1
