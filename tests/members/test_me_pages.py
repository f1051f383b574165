"""The member's own pages under /me/: the summary, coupons (wallet, center, redeem), points and addresses."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from coupons import services as coupon_services
from coupons.models import UserCoupon
from members import services as member_services
from members.models import Address
from tests.coupons.factories import coupon_template
from tests.factories import OperatorFactory, StoreFactory, UserFactory

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def member(db):
    return UserFactory(username="hanmeimei")


@pytest.fixture
def browser(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def address_form(**changes) -> dict:
    form = {
        "address-name": "韩梅梅",
        "address-phone": "13912345678",
        "address-province": "310000",
        "address-city": "310100",
        "address-district": "310104",
        "address-detail": "漕溪北路 1 号",
    }
    return {key: value for key, value in (form | changes).items() if value is not None}


@pytest.mark.parametrize("path", ["/me/", "/me/points/", "/me/addresses/", "/me/coupons/", "/me/coupons/center/"])
def test_the_me_pages_need_a_login(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


def test_the_summary_shows_growth_points_and_stored_value(browser, member):
    member_services.points_earn(user=member, points=1200, reference="S1")
    member_services.stored_value_load(user=member, amount=Decimal("88.50"), reference="card")
    member_services.growth_add(user=member, growth=350)

    page = html(browser.get("/me/"))

    assert 'data-testid="points">1200<' in page
    assert 'data-testid="stored-value">¥88.50<' in page
    assert 'data-testid="growth">350<' in page


def test_the_points_page_lists_the_ledger_newest_first(browser, member):
    member_services.points_earn(user=member, points=300, reference="S100")
    member_services.points_spend(user=member, points=100, reference="T200")

    page = html(browser.get("/me/points/?page=abc"))

    rows = re.findall(r'<td class="muted">(\w+)</td><td class="num (?:plus|minus)">([+-]?\d+)</td>', page)
    assert rows == [("T200", "-100"), ("S100", "+300")]
    assert 'data-testid="points">200<' in page


def test_adding_addresses_the_first_is_the_default_and_another_can_become_it(browser, member):
    browser.post("/me/addresses/", address_form())
    response = browser.post("/me/addresses/", address_form(**{"address-name": "李雷", "address-district": ""}))

    first, second = Address.objects.filter(user=member).order_by("pk")
    assert response.status_code == 302
    assert (first.is_default, first.region_id) == (True, "310104")
    assert (second.is_default, second.region_id) == (False, "310100")  # no district: the city

    browser.post(f"/me/addresses/{second.pk}/default/")
    browser.post(f"/me/addresses/{second.pk}/delete/")

    first.refresh_from_db()
    assert first.is_default
    assert list(Address.objects.filter(user=member)) == [first]


def test_an_address_is_edited_from_its_own_form_filled_in_and_anothers_is_not_found(browser, member):
    """Issue 13 item 12: editing an address (only adding and deleting existed)."""
    browser.post("/me/addresses/", address_form())
    address = Address.objects.get(user=member)

    form = html(browser.get(f"/me/addresses/{address.pk}/edit/"))
    changed = browser.post(
        f"/me/addresses/{address.pk}/edit/",
        address_form(**{"address-name": "李雷", "address-district": "310101", "address-detail": "南京东路 9 号"}),
    )
    refused = browser.post(f"/me/addresses/{address.pk}/edit/", address_form(**{"address-phone": "123"}))

    assert 'value="韩梅梅"' in form and '<option value="310104" selected>' in form  # filled in, district chosen
    assert changed.status_code == 302
    address.refresh_from_db()
    assert (address.name, address.region_id, address.detail) == ("李雷", "310101", "南京东路 9 号")
    assert refused.status_code == 400 and Address.objects.get(pk=address.pk).phone == "13912345678"
    assert f"/me/addresses/{address.pk}/edit/" in html(browser.get("/me/addresses/"))
    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.get(f"/me/addresses/{address.pk}/edit/").status_code == 404


def test_a_bad_address_shows_errors_next_to_the_fields(browser, member):
    response = browser.post(
        "/me/addresses/",
        address_form(**{"address-phone": "12345", "address-city": None, "address-province": "999999"}),
    )

    page = html(response)
    assert response.status_code == 200
    invalid = re.findall(r'<div class="field invalid">\s*<label for="id_address-(\w+)">', page)
    assert set(invalid) >= {"phone", "province", "city"}
    assert not Address.objects.filter(user=member).exists()
    assert 'data-region-child="id_address-city"' in page


def test_the_city_select_is_filled_for_the_chosen_province_when_the_form_comes_back(browser):
    page = html(browser.post("/me/addresses/", address_form(**{"address-name": ""})))

    assert '<option value="310100" selected>上海市</option>' in page
    assert '<option value="310104" selected>徐汇区</option>' in page


def test_another_members_address_is_not_found(browser):
    theirs = Address.objects.create(user=UserFactory(), name="X", phone="13912345678", region_id="310104", detail="1")

    assert browser.post(f"/me/addresses/{theirs.pk}/delete/").status_code == 404
    assert browser.post(f"/me/addresses/{theirs.pk}/default/").status_code == 404
    assert Address.objects.filter(pk=theirs.pk).exists()


def test_claiming_in_the_coupon_center_and_the_limit_message(browser, member):
    template = coupon_template(name="平台满100减10")
    center = html(browser.get("/me/coupons/center/"))
    assert f'data-template="{template.pk}"' in center and "平台满100减10" in center

    browser.post(f"/me/coupons/center/{template.pk}/claim/")
    again = browser.post(f"/me/coupons/center/{template.pk}/claim/", follow=True)
    missing = browser.post("/me/coupons/center/999999/claim/", follow=True)

    assert UserCoupon.objects.filter(user=member, template=template).count() == 1
    assert 'class="message error"' in html(again) and 'class="message error"' in html(missing)
    wallet = html(browser.get("/me/coupons/"))
    assert "平台满100减10" in wallet and "¥10" in wallet


def test_the_wallet_tabs_split_unused_used_and_expired(browser, member):
    fresh = coupon_services.coupon_claim(template=coupon_template(name="新券"), user=member)
    old = coupon_services.coupon_claim(template=coupon_template(name="旧券"), user=member)
    UserCoupon.objects.filter(pk=old.pk).update(valid_to=timezone.now() - timedelta(minutes=1))

    unused = html(browser.get("/me/coupons/"))
    expired = html(browser.get("/me/coupons/?status=expired"))
    nonsense = browser.get("/me/coupons/?status=<script>")

    assert f'data-coupon="{fresh.pk}"' in unused and f'data-coupon="{old.pk}"' not in unused
    assert f'data-coupon="{old.pk}"' in expired and f'data-coupon="{fresh.pk}"' not in expired
    assert nonsense.status_code == 200


def test_redeeming_a_gift_card_loads_stored_value_and_a_bad_code_is_a_message(browser, member):
    _batch, [code] = coupon_services.stored_value_batch_create(
        by=OperatorFactory(),
        name="礼品卡",
        quantity=1,
        amount=Decimal("50.00"),
        redeemable_to=timezone.now() + timedelta(days=30),
    )

    loaded = browser.post("/me/coupons/redeem/", {"code": code}, follow=True)
    reused = browser.post("/me/coupons/redeem/", {"code": code}, follow=True)
    empty = browser.post("/me/coupons/redeem/", {"code": ""}, follow=True)

    member.refresh_from_db()
    assert member.stored_value_balance == Decimal("50.00")
    assert "50.00" in html(loaded) and 'class="message success"' in html(loaded)
    assert 'class="message error"' in html(reused) and 'class="message error"' in html(empty)


def test_a_store_coupon_names_its_store_in_the_wallet(browser, member):
    store = StoreFactory(name="华强数码")
    coupon_services.coupon_claim(template=coupon_template(name="店铺券", store=store), user=member)

    assert "华强数码" in html(browser.get("/me/coupons/"))
