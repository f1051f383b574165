import pytest

from members.models import User
from stores.models import StaffRole, StoreMembership, Warehouse
from tests.conftest import client_for
from tests.factories import MembershipFactory, WarehouseFactory

pytestmark = pytest.mark.django_db


def test_the_owner_opens_a_clerk_account_that_can_log_in_with_the_initial_password(owner_api, store, api):
    response = owner_api.post("/api/v1/seller/staff/", {"username": "xiaowang", "role": "clerk"})

    assert response.status_code == 201
    body = response.json()
    assert (body["username"], body["role"]) == ("xiaowang", "clerk")
    membership = StoreMembership.objects.get(user__username="xiaowang")
    assert (membership.store, membership.role) == (store, StaffRole.CLERK)
    login = api.post("/api/v1/auth/token/", {"username": "xiaowang", "password": body["initial_password"]})
    assert login.status_code == 200
    assert store.events.filter(type="staff_added", data__user_id=membership.user_id).exists()


@pytest.mark.parametrize("role", ["owner", "boss"])
def test_the_owner_cannot_create_another_owner_or_an_unknown_role(owner_api, role):
    response = owner_api.post("/api/v1/seller/staff/", {"username": "xiaowang", "role": role})

    assert response.status_code == 400
    assert "role" in response.json()["fields"]
    assert not User.objects.filter(username="xiaowang").exists()


def test_a_taken_username_is_refused(owner_api, shopper):
    response = owner_api.post("/api/v1/seller/staff/", {"username": shopper.username.upper(), "role": "clerk"})

    assert response.status_code == 400
    assert "username" in response.json()["fields"]


def test_managers_and_clerks_cannot_manage_staff(store, clerk_api):
    manager_api = client_for(MembershipFactory(store=store, role=StaffRole.MANAGER).user)

    for client in (manager_api, clerk_api):
        response = client.post("/api/v1/seller/staff/", {"username": "xiaowang", "role": "clerk"})
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"
    assert not User.objects.filter(username="xiaowang").exists()


def test_a_shopper_is_not_store_staff(shopper_api):
    response = shopper_api.get("/api/v1/seller/staff/")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_the_staff_list_shows_only_the_owners_own_store(owner_api, store, other_store_owner_api):
    MembershipFactory(store=store, role=StaffRole.CLERK)

    mine = owner_api.get("/api/v1/seller/staff/").json()
    theirs = other_store_owner_api.get("/api/v1/seller/staff/").json()

    assert mine["count"] == 2
    assert theirs["count"] == 1
    assert {row["id"] for row in mine["results"]}.isdisjoint({row["id"] for row in theirs["results"]})


def test_removing_another_stores_clerk_is_404_and_removes_nothing(owner_api, other_store_owner_api, store):
    clerk = MembershipFactory(store=store, role=StaffRole.CLERK)

    response = other_store_owner_api.delete(f"/api/v1/seller/staff/{clerk.pk}/")

    assert response.status_code == 404
    assert StoreMembership.objects.filter(pk=clerk.pk).exists()
    assert owner_api.delete(f"/api/v1/seller/staff/{clerk.pk}/").status_code == 204
    assert not StoreMembership.objects.filter(pk=clerk.pk).exists()
    assert User.objects.filter(pk=clerk.user_id).exists()


def test_the_owner_cannot_remove_themself(owner_api, owner):
    membership = owner.store_membership

    response = owner_api.delete(f"/api/v1/seller/staff/{membership.pk}/")

    assert response.status_code == 409
    assert StoreMembership.objects.filter(pk=membership.pk).exists()


def test_warehouses_are_created_by_managers_and_listed_per_store(owner_api, clerk_api, store, other_store_owner_api):
    created = owner_api.post("/api/v1/seller/warehouses/", {"name": "嘉定仓", "region": "310114", "address": "嘉定区"})
    WarehouseFactory()  # another store's

    assert created.status_code == 201
    assert Warehouse.objects.get(pk=created.json()["id"]).store == store
    assert [w["name"] for w in clerk_api.get("/api/v1/seller/warehouses/").json()["results"]] == ["嘉定仓"]
    assert other_store_owner_api.get("/api/v1/seller/warehouses/").json()["count"] == 0
    refused = clerk_api.post("/api/v1/seller/warehouses/", {"name": "二仓", "region": "310114", "address": "x"})
    assert refused.status_code == 403


def test_a_duplicate_warehouse_name_is_refused(owner_api):
    owner_api.post("/api/v1/seller/warehouses/", {"name": "主仓", "region": "310114", "address": "x"})

    response = owner_api.post("/api/v1/seller/warehouses/", {"name": "主仓", "region": "310114", "address": "y"})

    assert response.status_code == 400
    assert "name" in response.json()["fields"]
