"""What the OpenAPI schema says of input holds: a JSON body's values have the schema's types, money is a string of
the documented form, pages and page sizes are positive numbers, and an empty optional query parameter is none."""

import pytest

pytestmark = pytest.mark.django_db

HOME = {"name": "张三", "phone": "13912345678", "region": "310104", "detail": "漕溪北路 88 号 1201 室"}


@pytest.mark.parametrize(
    "change",
    [
        {"region": 310104},  # a code is a string: PostgreSQL would have found it all the same
        {"is_default": 1},
        {"name": 5},
        {"detail": ["漕溪北路"]},
    ],
)
def test_a_value_of_another_json_type_than_the_schemas_is_refused(shopper_api, change):
    response = shopper_api.post("/api/v1/me/addresses/", {**HOME, **change})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == list(change)


@pytest.mark.parametrize("region", ["31010", " 310104", "３１０１０４", "3101041"])
def test_a_region_code_is_six_ascii_digits(shopper_api, region):
    response = shopper_api.post("/api/v1/me/addresses/", {**HOME, "region": region})

    assert response.status_code == 400
    assert response.json()["fields"]["region"] == ["A region is its 6-digit code as a string."]


def test_a_quantity_sent_as_text_is_refused_before_anything_is_looked_up(shopper_api):
    response = shopper_api.post("/api/v1/cart/items/", {"sku": "1", "quantity": 1})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["sku"]


@pytest.mark.parametrize("amount", [5, 5.5, "1e2", "5.555", "٣"])
def test_money_is_a_string_with_at_most_two_decimals(shopper_api, amount):
    response = shopper_api.post("/api/v1/checkout/preview/", {"stored_value": amount})

    assert response.status_code == 400
    assert response.json()["fields"]["stored_value"] == [
        'A string of digits with at most 2 decimals, such as "199.00".'
    ]


@pytest.mark.parametrize("amount", ["5", "5.5", "5.50"])
def test_money_strings_of_the_documented_form_pass(shopper_api, amount):
    response = shopper_api.post("/api/v1/checkout/preview/", {"stored_value": amount})

    assert "stored_value" not in response.json().get("fields", {})


@pytest.mark.parametrize("query", ["page_size=0", "page_size=-1", "page_size=ten"])
def test_a_page_size_that_is_not_a_positive_number_is_refused(shopper_api, query):
    response = shopper_api.get(f"/api/v1/me/addresses/?{query}")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["page_size"]


def test_pages_are_numbers_and_an_empty_parameter_is_no_parameter(shopper_api):
    for n in range(3):
        shopper_api.post("/api/v1/me/addresses/", {**HOME, "detail": f"地址 {n}"})

    assert shopper_api.get("/api/v1/me/addresses/?page=last").status_code == 404
    assert shopper_api.get("/api/v1/me/addresses/?page_size=2&page=2").json()["count"] == 3
    assert len(shopper_api.get("/api/v1/me/addresses/?page_size=1000").json()["results"]) == 3  # 100 at most
    empty = shopper_api.get("/api/v1/me/addresses/?page=&page_size=")
    assert empty.status_code == 200 and len(empty.json()["results"]) == 3
    assert shopper_api.get("/api/v1/me/coupons/?status=").status_code == 200


def test_regions_are_a_plain_list_and_their_parent_a_code(api):
    children = api.get("/api/v1/regions/?parent=310000")

    assert children.status_code == 200
    assert [region["code"] for region in children.json()] == ["310100"]  # Shanghai has one city: itself
    assert api.get("/api/v1/regions/?parent=31").status_code == 400
