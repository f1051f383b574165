"""The seller backend's doors and the stores center's pages: who may open what, the store profile, staff
accounts (owner only) and warehouses."""

import pytest

from stores.models import StaffRole, StoreEvent, StoreMembership, StoreStatus, Warehouse
from tests.factories import MembershipFactory, StoreFactory, UserFactory, WarehouseFactory
from tests.stores.seller import field_error, html, seller_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(store):
    return MembershipFactory(store=store, role=StaffRole.CLERK).user


@pytest.fixture
def manager(store):
    return MembershipFactory(store=store, role=StaffRole.MANAGER).user


def test_an_anonymous_visitor_is_sent_to_the_login_page():
    from django.test import Client

    response = Client().get("/seller/products/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/seller/products/"


def test_a_shopper_gets_a_page_saying_the_backend_is_for_store_staff(shopper):
    response = seller_client(shopper).get("/seller/")
    assert response.status_code == 403
    assert "for store staff" in html(response)


def test_a_clerk_cannot_open_the_owners_pages_nor_managers_pages(clerk):
    client = seller_client(clerk)
    for path in ("/seller/staff/", "/seller/promotions/", "/seller/promotions/new/", "/seller/coupons/new/"):
        assert client.get(path).status_code == 403, path
    assert client.post("/seller/staff/", {"username": "sneaky", "role": "manager"}).status_code == 403
    assert not StoreMembership.objects.filter(user__username="sneaky").exists()
    # ...and the navigation does not offer them.
    page = html(client.get("/seller/orders/"))
    assert "/seller/staff/" not in page and "/seller/promotions/" not in page


def test_a_manager_cannot_manage_staff(manager):
    assert seller_client(manager).get("/seller/staff/").status_code == 403


def test_the_owner_adds_a_clerk_and_sees_the_initial_password_once(owner, store):
    client = seller_client(owner)
    response = client.post("/seller/staff/", {"username": "new_clerk", "role": "clerk"}, follow=True)
    assert response.status_code == 200
    membership = StoreMembership.objects.get(user__username="new_clerk")
    assert (membership.store, membership.role) == (store, StaffRole.CLERK)
    assert "initial password" in html(response)
    assert "initial password" not in html(client.get("/seller/staff/"))


def test_staff_form_errors_are_shown_next_to_their_fields(owner):
    UserFactory(username="taken")
    client = seller_client(owner)
    response = client.post("/seller/staff/", {"username": "x", "role": "owner"})
    assert response.status_code == 200
    assert field_error(response, "id_username")
    assert field_error(response, "id_role")
    response = client.post("/seller/staff/", {"username": "taken", "role": "clerk"})
    assert field_error(response, "id_username"), html(response)


def test_the_owner_removes_a_clerk_but_not_another_stores(owner, clerk):
    other = MembershipFactory(store=StoreFactory(), role=StaffRole.CLERK)
    client = seller_client(owner)
    assert client.post(f"/seller/staff/{other.pk}/remove/").status_code == 404
    membership = StoreMembership.objects.get(user=clerk)
    assert client.post(f"/seller/staff/{membership.pk}/remove/").status_code == 302
    assert not StoreMembership.objects.filter(user=clerk).exists()
    assert StoreMembership.objects.filter(pk=other.pk).exists()


def test_the_profile_is_edited_by_a_manager_and_only_read_by_a_clerk(manager, clerk, store):
    response = seller_client(manager).post(
        "/seller/profile/", {"name": "新店名", "phone": "021-5555 0000", "address": "南京西路 2 号", "intro": "你好"}
    )
    assert response.status_code == 302
    store.refresh_from_db()
    assert (store.name, store.phone, store.address, store.intro) == ("新店名", "021-5555 0000", "南京西路 2 号", "你好")
    assert StoreEvent.objects.filter(store=store, type="profile_updated").exists()
    assert seller_client(clerk).post("/seller/profile/", {"name": "x"}).status_code == 403
    assert '<form method="post" novalidate>' not in html(seller_client(clerk).get("/seller/profile/"))


def test_a_bad_phone_is_refused_next_to_the_field(owner, store):
    response = seller_client(owner).post("/seller/profile/", {"name": "A", "phone": "not a phone", "address": "B"})
    assert response.status_code == 200
    assert field_error(response, "id_phone")
    store.refresh_from_db()
    assert store.name != "A"


def test_warehouses_are_listed_and_added_with_a_duplicate_name_refused(owner, store):
    WarehouseFactory(store=store, name="上海仓")
    WarehouseFactory(name="别人的仓")
    client = seller_client(owner)
    page = html(client.get("/seller/warehouses/"))
    assert "上海仓" in page and "别人的仓" not in page
    response = client.post("/seller/warehouses/", {"name": "上海仓", "region": "310100", "address": "1 号"})
    assert field_error(response, "id_name")
    response = client.post("/seller/warehouses/", {"name": "北京仓", "region": "110100", "address": "2 号"})
    assert response.status_code == 302
    assert Warehouse.objects.filter(store=store, name="北京仓", region_id="110100").exists()


def test_a_frozen_stores_staff_may_look_but_not_change(owner, store):
    store.status = StoreStatus.FROZEN
    store.save()
    client = seller_client(owner)
    assert client.get("/seller/profile/").status_code == 200
    assert client.post("/seller/profile/", {"name": "x", "phone": "13900000000", "address": "y"}).status_code == 403


def test_pages_are_in_chinese_by_default(owner):
    from django.test import Client

    client = Client()
    client.force_login(owner)
    assert 'lang="zh-hans"' in html(client.get("/seller/"))


@pytest.mark.parametrize(
    "path",
    [
        "/seller/profile/",
        "/seller/staff/",
        "/seller/warehouses/",
        "/seller/products/new/",
        "/seller/products/new/?category=x",
        "/seller/promotions/new/",
        "/seller/coupons/new/",
        "/seller/freight-templates/new/",
        "/seller/parcels/999999/ship/",
        "/seller/refunds/999999/approve/",
        "/seller/products/999999/stock/",
        "/seller/products/999999/images/",
    ],
)
def test_an_empty_or_garbled_post_is_answered_without_a_500(owner, path):
    client = seller_client(owner)
    for body in ({}, {"skus-total": "-1", "rates-TOTAL_FORMS": "x", "kind": "\x00", "page": "9" * 30}):
        assert client.post(path, body).status_code < 500, (path, body)
    assert client.get(path + ("&" if "?" in path else "?") + "page=-1&status=%00").status_code < 500
