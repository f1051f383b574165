"""The store finder (decision 0037): stores by distance with hours, pickup and a map link, by API and page; the
chosen store remembered in the session and on the member."""

from decimal import Decimal

import pytest
from django.test import Client

from stores.models import ChosenStore, StoreStatus, StoreType
from tests.conftest import client_for
from tests.factories import StoreFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shops():
    """Three shops of Shanghai and one of Hangzhou, the People's Square (31.2304, 121.4737) in between."""
    near = StoreFactory(
        name="人民广场店",
        type=StoreType.DIRECT,
        latitude=Decimal("31.232000"),
        longitude=Decimal("121.475000"),
        offers_pickup=True,
        opening_hours="周一至周日 09:00-21:00",
    )
    far = StoreFactory(name="浦东店", type=StoreType.FRANCHISE, latitude=Decimal("31.22"), longitude=Decimal("121.54"))
    StoreFactory(name="停业店", latitude=Decimal("31.231"), longitude=Decimal("121.474"), status=StoreStatus.CLOSED)
    hangzhou = StoreFactory(
        name="西湖店", region_id="330106", latitude=Decimal("30.2779"), longitude=Decimal("120.1315")
    )
    return near, far, hangzhou


def test_nearby_api_lists_open_stores_nearest_first_with_hours_pickup_and_a_map_link(shops, api):
    near, far, _hangzhou = shops

    rows = api.get("/api/v1/stores/nearby/", {"lat": "31.2304", "lng": "121.4737"}).json()["results"]

    assert [row["id"] for row in rows] == [near.pk, far.pk]  # the closed shop is left out, Hangzhou is too far
    first = rows[0]
    assert (first["opening_hours"], first["offers_pickup"]) == ("周一至周日 09:00-21:00", True)
    assert 0.1 < first["distance_km"] < 0.3
    assert 6 < rows[1]["distance_km"] < 7
    assert first["map_link"].startswith("https://uri.amap.com/marker?position=121.475000%2C31.232000")


def test_the_finder_page_by_location_and_by_city_and_a_bad_location(shops):
    page = Client()

    located = page.get("/stores/nearby/", {"lat": "31.2304", "lng": "121.4737"}).content.decode()
    assert located.index("人民广场店") < located.index("浦东店") and "西湖店" not in located
    assert "公里" in located and "uri.amap.com" in located
    by_city = page.get("/stores/nearby/", {"city": "杭州市"}).content.decode()
    assert "西湖店" in by_city and "浦东店" not in by_city
    assert page.get("/stores/nearby/", {"lat": "91", "lng": "0"}).status_code == 400


def test_choosing_a_store_is_kept_in_the_session_and_for_a_member_on_their_row(shops):
    near, _far, _hangzhou = shops
    member = UserFactory()
    page = Client()
    page.force_login(member)

    response = page.post("/stores/choose/", {"store": near.pk})

    assert response.status_code == 302 and response.url == f"/stores/{near.pk}/"
    assert page.session["chosen_store_id"] == near.pk
    assert ChosenStore.objects.get(member=member).store == near
    assert "人民广场店" in page.get("/stores/nearby/").content.decode()
    page.post("/stores/choose/", {"store": ""})
    assert not ChosenStore.objects.filter(member=member).exists()
    assert page.post("/stores/choose/", {"store": 999999}).status_code == 404


def test_the_choose_api_refuses_a_closed_store_and_forgets_with_null(shops):
    member = UserFactory()
    api = client_for(member)
    closed = StoreFactory(status=StoreStatus.CLOSED)

    assert api.post("/api/v1/stores/choose/", {"store": closed.pk}, format="json").status_code == 404
    assert (
        api.post("/api/v1/stores/choose/", {"store": shops[0].pk}, format="json").json()["store"]["id"] == shops[0].pk
    )
    assert api.post("/api/v1/stores/choose/", {"store": None}, format="json").json() == {"store": None}
    assert not ChosenStore.objects.exists()
