from decimal import Decimal

import pytest

from logistics import freight, selectors
from logistics.models import FreightTemplate
from stores.models import StoreEvent

pytestmark = pytest.mark.django_db

BY_WEIGHT = {
    "name": "按重量",
    "basis": "weight",
    "rates": [
        {"first_units": "1", "first_fee": "8.00", "additional_units": "1", "additional_fee": "2.00"},
        {
            "regions": ["650000", "540000"],
            "first_units": "1",
            "first_fee": "20.00",
            "additional_units": "0.5",
            "additional_fee": "5.00",
        },
    ],
    "free_shipping": [{"min_amount": "99.00"}, {"regions": ["310000"], "min_count": 2}],
    "undeliverable": ["710000", "810000"],
}


def test_a_manager_creates_a_template_that_the_freight_engine_charges_by_it(owner_api, store):
    response = owner_api.post("/api/v1/seller/freight-templates/", BY_WEIGHT)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["undeliverable"] == ["710000", "810000"]
    assert body["rates"][1]["regions"] == ["540000", "650000"]  # by code
    assert StoreEvent.objects.filter(store=store, type="freight_template_saved").exists()

    template = selectors.engine_templates(template_ids=[body["id"]])[body["id"]]
    # 2.3 kg to Beijing: first kg 8.00 + two started kilos 2 x 2.00 = 12.00
    beijing = freight.template_fee(
        template, [freight.FreightItem(template=body["id"], quantity=1, weight=Decimal("2.3"))], "110101"
    )
    # The same to Urumqi (Xinjiang rate): 20.00 + ceil(1.3 / 0.5) = 3 x 5.00 = 35.00
    urumqi = freight.template_fee(
        template, [freight.FreightItem(template=body["id"], quantity=1, weight=Decimal("2.3"))], "650102"
    )
    # Two pieces to Shanghai are free (count condition for Shanghai)
    shanghai = freight.template_fee(
        template, [freight.FreightItem(template=body["id"], quantity=2, weight=Decimal("1"))], "310104"
    )
    assert (beijing, urumqi, shanghai) == (Decimal("12.00"), Decimal("35.00"), Decimal("0.00"))
    assert not template.delivers_to("710100")


def test_put_replaces_the_whole_configuration(owner_api):
    template_id = owner_api.post("/api/v1/seller/freight-templates/", BY_WEIGHT).json()["id"]

    response = owner_api.put(
        f"/api/v1/seller/freight-templates/{template_id}/",
        {
            "name": "按件",
            "basis": "piece",
            "rates": [{"first_units": "1", "first_fee": "6.00", "additional_units": "1", "additional_fee": "1.00"}],
        },
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["basis"], len(body["rates"]), body["free_shipping"], body["undeliverable"]) == (
        "按件",
        "piece",
        1,
        [],
        [],
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"rates": []}, "rates"),
        ({"basis": "distance"}, "basis"),
        ({"undeliverable": ["999999"]}, "undeliverable"),
        ({"free_shipping": [{"regions": ["310000"]}]}, "free_shipping"),
        ({"rates": [{"first_units": "0", "first_fee": "1", "additional_units": "1", "additional_fee": "1"}]}, "rates"),
        ({"rates": [BY_WEIGHT["rates"][0], BY_WEIGHT["rates"][0]]}, "rates"),
    ],
)
def test_a_bad_template_names_the_field_and_saves_nothing(owner_api, change, field):
    response = owner_api.post("/api/v1/seller/freight-templates/", {**BY_WEIGHT, **change})

    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not FreightTemplate.objects.exists()


def test_a_free_template_needs_no_rate_and_charges_nothing(owner_api):
    response = owner_api.post("/api/v1/seller/freight-templates/", {"name": "包邮", "basis": "free"})

    template = selectors.engine_templates(template_ids=[response.json()["id"]])[response.json()["id"]]
    fee = freight.template_fee(template, [freight.FreightItem(template=template.id, quantity=3)], "440304")
    assert fee == Decimal("0.00")


def test_another_stores_template_is_404_and_clerks_only_read(owner_api, clerk_api, other_store_owner_api):
    template_id = owner_api.post("/api/v1/seller/freight-templates/", BY_WEIGHT).json()["id"]

    assert other_store_owner_api.get(f"/api/v1/seller/freight-templates/{template_id}/").status_code == 404
    assert other_store_owner_api.delete(f"/api/v1/seller/freight-templates/{template_id}/").status_code == 404
    assert clerk_api.get(f"/api/v1/seller/freight-templates/{template_id}/").status_code == 200
    assert clerk_api.delete(f"/api/v1/seller/freight-templates/{template_id}/").status_code == 403
    assert FreightTemplate.objects.get(pk=template_id).is_active


def test_a_retired_template_leaves_the_list_but_still_prices_old_goods(owner_api):
    template_id = owner_api.post("/api/v1/seller/freight-templates/", BY_WEIGHT).json()["id"]

    assert owner_api.delete(f"/api/v1/seller/freight-templates/{template_id}/").status_code == 204

    assert owner_api.get("/api/v1/seller/freight-templates/").json()["count"] == 0
    assert template_id in selectors.engine_templates(template_ids=[template_id])


def test_engine_templates_take_six_queries_however_many_templates(owner_api, django_assert_num_queries):
    ids = [
        owner_api.post("/api/v1/seller/freight-templates/", {**BY_WEIGHT, "name": f"T{n}"}).json()["id"]
        for n in range(5)
    ]

    # templates, rates, rate regions, free-shipping rules, their regions, undeliverable regions
    with django_assert_num_queries(6):
        selectors.engine_templates(template_ids=ids)


def test_a_minimum_count_past_what_the_column_holds_is_refused_not_a_server_error(owner_api):
    body = {**BY_WEIGHT, "free_shipping": [{"min_count": 2**40}]}

    response = owner_api.post("/api/v1/seller/freight-templates/", body)

    assert response.status_code == 400
    too_many = ["Ensure this value is less than or equal to 2147483647."]
    assert response.json()["fields"]["free_shipping"] == {"0": {"min_count": too_many}}
    assert not FreightTemplate.objects.exists()
