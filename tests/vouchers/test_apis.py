"""The e-voucher API and pages as their users see them: a manager sets a product's terms, the shopper lists their
vouchers with code, QR and stores and has unused uses refunded, a clerk redeems by code and reads refusal codes."""

from decimal import Decimal

import pytest

from catalog.models import Spu
from stores.models import StaffRole
from tests.conftest import client_for
from tests.factories import MembershipFactory, StoreFactory, UserFactory
from tests.orders.helpers import phones
from tests.vouchers.helpers import buy, clerk_of, tea_tasting, vouchers_of
from vouchers.models import VoucherTerms

pytestmark = pytest.mark.django_db


def test_a_manager_sets_terms_and_a_wrong_store_is_a_400_naming_it(store):
    spu = phones(store)
    manager = client_for(MembershipFactory(store=store, role=StaffRole.MANAGER).user)
    url = f"/api/v1/seller/voucher-goods/{spu.pk}/terms/"

    foreign = StoreFactory()
    refused = manager.put(url, {"uses": 2, "valid_days": 30, "stores": [foreign.pk]}, format="json")
    assert refused.status_code == 400 and refused.json()["fields"]["store_ids"] == [str(foreign.pk)]
    both = manager.put(url, {"valid_days": 3, "valid_until": "2030-01-01"}, format="json")
    assert both.status_code == 400 and "valid_days" in both.json()["fields"]

    saved = manager.put(url, {"uses": 5, "valid_days": 30, "stores": [store.pk]}, format="json")
    assert saved.status_code == 200, saved.json()
    assert saved.json() == {
        "product": spu.pk,
        "stores": [store.pk],
        "uses": 5,
        "valid_days": 30,
        "valid_from": None,
        "valid_until": None,
        "refund_on_expiry": True,
    }
    assert manager.get(url).json()["uses"] == 5
    assert manager.delete(url).status_code == 204
    assert not VoucherTerms.objects.filter(spu=spu).exists()
    assert Spu.objects.filter(pk=spu.pk).exists()


def test_the_shopper_sees_code_qr_stores_and_uses_and_has_unused_uses_refunded(store):
    member = UserFactory()
    [voucher] = vouchers_of(buy(member, tea_tasting(store, uses=2)))
    api = client_for(member)

    [listed] = api.get("/api/v1/me/vouchers/").json()["results"]
    assert listed["code"] == voucher.code and listed["qr_svg"].startswith("<svg")
    assert (listed["uses_left"], listed["value"], listed["status"]) == (2, "100.00", "active")
    assert [s["id"] for s in listed["stores"]] == [store.pk]
    assert client_for(UserFactory()).get("/api/v1/me/vouchers/").json()["results"] == []

    refunded = api.post(f"/api/v1/me/vouchers/{voucher.pk}/refund/")
    assert refunded.status_code == 200, refunded.json()
    assert (refunded.json()["status"], refunded.json()["refunded_amount"]) == ("refunded", "100.00")
    again = api.post(f"/api/v1/me/vouchers/{voucher.pk}/refund/")
    assert (again.status_code, again.json()["code"]) == (409, "voucher_not_refundable")


def test_a_clerk_redeems_by_code_and_refusals_carry_their_codes(store):
    [voucher] = vouchers_of(buy(UserFactory(), tea_tasting(store, uses=3)))
    clerk = client_for(clerk_of(store))

    redeemed = clerk.post("/api/v1/seller/vouchers/redeem/", {"code": voucher.code, "uses": 2}, format="json")
    assert redeemed.status_code == 201, redeemed.json()
    assert (redeemed.json()["amount"], redeemed.json()["uses_left"]) == ("66.66", 1)
    too_many = clerk.post("/api/v1/seller/vouchers/redeem/", {"code": voucher.code, "uses": 2}, format="json")
    assert (too_many.status_code, too_many.json()["code"]) == (409, "voucher_too_many_uses")
    unknown = clerk.post("/api/v1/seller/vouchers/redeem/", {"code": "123123123123"}, format="json")
    assert (unknown.status_code, unknown.json()["code"]) == (404, "voucher_not_found")
    letters = clerk.post("/api/v1/seller/vouchers/redeem/", {"code": "abc"}, format="json")
    assert letters.status_code == 400
    other = client_for(clerk_of(StoreFactory()))
    elsewhere = other.post("/api/v1/seller/vouchers/redeem/", {"code": voucher.code}, format="json")
    assert (elsewhere.status_code, elsewhere.json()["code"]) == (409, "voucher_wrong_store")
    [row] = clerk.get("/api/v1/seller/vouchers/redemptions/").json()["results"]
    assert (row["code"], row["uses"], row["amount"]) == (voucher.code, 2, "66.66")
    assert other.get("/api/v1/seller/vouchers/redemptions/").json()["results"] == []


def test_the_counter_page_redeems_and_shows_refusals_in_chinese_and_english(client, store):
    [voucher] = vouchers_of(buy(UserFactory(), tea_tasting(store)))
    client.force_login(clerk_of(store))

    done = client.post("/seller/vouchers/", {"code": voucher.code, "uses": "1"}, follow=True)
    assert done.status_code == 200 and voucher.code in done.content.decode()
    voucher.refresh_from_db()
    assert voucher.uses_left == 0
    refused = client.post("/seller/vouchers/", {"code": voucher.code, "uses": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "This e-voucher has no uses left." in refused.content.decode()
    refused_zh = client.post("/seller/vouchers/", {"code": voucher.code, "uses": "1"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert refused_zh.status_code == 200


def test_my_vouchers_page_shows_the_code_qr_and_uses_left(client, store):
    member = UserFactory()
    [voucher] = vouchers_of(buy(member, tea_tasting(store, uses=3)))
    client.force_login(member)
    page = client.get("/me/vouchers/").content.decode()
    assert voucher.code in page and "<svg" in page and store.name in page

    refunded = client.post(f"/me/vouchers/{voucher.pk}/refund/", follow=True)
    assert refunded.status_code == 200
    voucher.refresh_from_db()
    assert (voucher.status, voucher.refunded_amount) == ("refunded", Decimal("100.00"))


def test_the_terms_page_saves_the_terms_of_a_product(client, store):
    spu = phones(store)
    client.force_login(MembershipFactory(store=store, role=StaffRole.MANAGER).user)
    assert client.get(f"/seller/vouchers/goods/{spu.pk}/terms/").status_code == 200
    response = client.post(
        f"/seller/vouchers/goods/{spu.pk}/terms/",
        {"uses": "4", "valid_days": "90", "refund_on_expiry": "on", "stores": [str(store.pk)]},
    )
    assert response.status_code == 302
    terms = VoucherTerms.objects.get(spu=spu)
    assert (terms.uses, terms.valid_days, [s.pk for s in terms.stores.all()]) == (4, 90, [store.pk])
    assert spu.title in client.get("/seller/vouchers/goods/").content.decode()
