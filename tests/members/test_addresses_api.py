import pytest

from members.models import Address
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOME = {"name": "张三", "phone": "13912345678", "region": "310104", "detail": "漕溪北路 88 号 1201 室"}


def test_the_first_address_becomes_the_default_and_a_new_default_replaces_it(shopper_api):
    first = shopper_api.post("/api/v1/me/addresses/", HOME)
    second = shopper_api.post("/api/v1/me/addresses/", {**HOME, "detail": "公司", "is_default": True})

    assert first.status_code == second.status_code == 201
    assert first.json()["is_default"] is True
    assert first.json()["region_name"] == "徐汇区"
    listing = shopper_api.get("/api/v1/me/addresses/").json()["results"]
    assert [(a["detail"], a["is_default"]) for a in listing] == [("公司", True), ("漕溪北路 88 号 1201 室", False)]


def test_deleting_the_default_makes_the_newest_remaining_one_default(shopper_api):
    ids = [shopper_api.post("/api/v1/me/addresses/", {**HOME, "detail": f"地址 {n}"}).json()["id"] for n in range(3)]

    assert shopper_api.delete(f"/api/v1/me/addresses/{ids[0]}/").status_code == 204

    assert Address.objects.get(pk=ids[2]).is_default
    assert Address.objects.filter(is_default=True).count() == 1


def test_patch_changes_only_the_fields_given(shopper_api):
    address_id = shopper_api.post("/api/v1/me/addresses/", HOME).json()["id"]

    response = shopper_api.patch(f"/api/v1/me/addresses/{address_id}/", {"region": "310115", "detail": "张江"})

    assert response.status_code == 200
    address = Address.objects.get(pk=address_id)
    assert (address.region_id, address.detail, address.name, address.is_default) == ("310115", "张江", "张三", True)


@pytest.mark.parametrize(("field", "value"), [("region", "999999"), ("phone", "110"), ("detail", "")])
def test_a_bad_address_names_the_field_and_saves_nothing(shopper_api, field, value):
    response = shopper_api.post("/api/v1/me/addresses/", {**HOME, field: value})

    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not Address.objects.exists()


def test_another_members_address_is_404_for_read_change_and_delete(shopper_api):
    stranger = client_for(UserFactory())
    address_id = stranger.post("/api/v1/me/addresses/", HOME).json()["id"]

    assert shopper_api.get(f"/api/v1/me/addresses/{address_id}/").status_code == 404
    assert shopper_api.patch(f"/api/v1/me/addresses/{address_id}/", {"detail": "x"}).status_code == 404
    assert shopper_api.delete(f"/api/v1/me/addresses/{address_id}/").status_code == 404
    assert shopper_api.get("/api/v1/me/addresses/").json()["count"] == 0
    assert Address.objects.get(pk=address_id).detail == HOME["detail"]


def test_the_points_page_shows_the_balance_and_the_ledger_newest_first(shopper_api, shopper):
    from members import services

    services.points_earn(user=shopper, points=200, reference="T1")
    services.points_spend(user=shopper, points=50, reference="T2")

    body = shopper_api.get("/api/v1/me/points/").json()

    assert body["balance"] == 150
    assert [(e["delta"], e["balance_after"], e["reason"]) for e in body["results"]] == [
        (-50, 150, "spend"),
        (200, 200, "earn"),
    ]
