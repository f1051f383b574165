import pytest

from marketplace.models import Region, RegionLevel

pytestmark = pytest.mark.django_db


def test_every_province_and_prefecture_city_is_shipped_with_its_official_code():
    assert Region.objects.provinces().count() == 34
    assert Region.objects.get(code="310000").name == "上海市"
    assert Region.objects.get(code="440300").name == "深圳市"
    assert Region.objects.filter(level=RegionLevel.CITY).count() > 330


def test_districts_hang_under_their_city_and_directly_governed_counties_under_their_province():
    xuhui = Region.objects.select_related("parent__parent").get(code="310104")
    jiyuan = Region.objects.get(code="419001")  # 济源: county-level city governed by Henan itself

    assert (xuhui.name, xuhui.parent.code, xuhui.parent.parent.code) == ("徐汇区", "310100", "310000")
    assert jiyuan.parent_id == "410000"
    assert xuhui.province_code == "310000"


def test_the_region_api_lists_provinces_then_the_children_of_one(api):
    provinces = api.get("/api/v1/regions/").json()
    shanghai = api.get("/api/v1/regions/", {"parent": "310100"}).json()

    assert len(provinces) == 34
    assert {"code": "110000", "name": "北京市", "level": "province"} in provinces
    assert {"code": "310104", "name": "徐汇区", "level": "district"} in shanghai


def test_an_unknown_parent_is_a_validation_error(api):
    response = api.get("/api/v1/regions/", {"parent": "999999"})

    assert response.status_code == 400
    assert "parent" in response.json()["fields"]


def test_an_address_writes_its_province_city_and_district_a_municipality_once(db):
    assert Region.objects.get(code="330105").full_name == "浙江省 杭州市 拱墅区"
    assert Region.objects.get(code="310101").full_name == "上海市 黄浦区"
    assert Region.objects.get(code="330000").full_name == "浙江省"
