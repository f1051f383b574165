"""The seller backend's freight template pages: a template by piece with a default rate, a region rate,
free shipping and undeliverable regions; errors beside their row; edit; another store's is not found."""

import pytest

from logistics.models import FreightTemplate
from stores.models import StaffRole
from tests.factories import MembershipFactory, StoreFactory
from tests.stores.seller import html, seller_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(owner):
    return seller_client(owner)


def template_post(**fields) -> dict:
    body = {
        "name": "江浙沪包邮",
        "basis": "piece",
        "undeliverable": ["540000"],
        "rates-TOTAL_FORMS": "2",
        "rates-INITIAL_FORMS": "0",
        "rates-0-first_units": "1",
        "rates-0-first_fee": "10",
        "rates-0-additional_units": "1",
        "rates-0-additional_fee": "5",
        "rates-1-regions": ["650000"],
        "rates-1-first_units": "1",
        "rates-1-first_fee": "20",
        "rates-1-additional_units": "1",
        "rates-1-additional_fee": "10",
        "free-TOTAL_FORMS": "2",
        "free-INITIAL_FORMS": "0",
        "free-0-regions": ["310000", "320000", "330000"],
        "free-0-min_amount": "99",
    }
    body.update(fields)
    return body


def test_a_template_by_piece_is_saved_with_its_rates_conditions_and_regions(client, store):
    response = client.post("/seller/freight-templates/new/", template_post())
    assert response.status_code == 302, html(response)
    template = FreightTemplate.objects.get(store=store)
    rates = sorted((rule.first_fee, [r.code for r in rule.regions.all()]) for rule in template.rates.all())
    assert rates == [(10, []), (20, ["650000"])]
    [free] = template.free_shipping.all()
    assert (free.min_amount, sorted(r.code for r in free.regions.all())) == (99, ["310000", "320000", "330000"])
    assert [r.code for r in template.undeliverable_regions.all()] == ["540000"]
    page = html(client.get(f"/seller/freight-templates/{template.pk}/"))
    assert 'value="江浙沪包邮"' in page and '<option value="650000" selected>' in page


def test_an_incomplete_row_is_refused_beside_it(client):
    response = client.post("/seller/freight-templates/new/", template_post(**{"rates-1-first_fee": ""}))
    assert response.status_code == 200
    second_row = html(response).split('name="rates-1-regions"')[1].split("</tr>")[0]
    assert 'class="error"' in second_row
    response = client.post(
        "/seller/freight-templates/new/",
        template_post(**{"rates-0-regions": [], "rates-1-regions": []}),
    )
    assert "Only one rate may be the default" in html(response)
    assert not FreightTemplate.objects.exists()


def test_bad_region_codes_and_counts_are_refused_without_a_500(client):
    body = template_post(**{"undeliverable": ["999999"], "rates-TOTAL_FORMS": "9999", "free-0-min_count": "-1"})
    assert client.post("/seller/freight-templates/new/", body).status_code == 200
    assert not FreightTemplate.objects.exists()


def test_edit_replaces_the_rules_and_another_stores_template_is_not_found(client, store):
    client.post("/seller/freight-templates/new/", template_post())
    template = FreightTemplate.objects.get()
    response = client.post(f"/seller/freight-templates/{template.pk}/", template_post(basis="free", name="全国包邮"))
    assert response.status_code == 302
    template.refresh_from_db()
    assert (template.name, template.basis, template.rates.count()) == ("全国包邮", "free", 0)
    other = seller_client(MembershipFactory(store=StoreFactory()).user)
    assert other.get(f"/seller/freight-templates/{template.pk}/").status_code == 404
    assert other.post(f"/seller/freight-templates/{template.pk}/retire/").status_code == 404


def test_a_clerk_reads_templates_but_cannot_change_them(store, client):
    client.post("/seller/freight-templates/new/", template_post())
    clerk = seller_client(MembershipFactory(store=store, role=StaffRole.CLERK).user)
    template = FreightTemplate.objects.get()
    assert clerk.get(f"/seller/freight-templates/{template.pk}/").status_code == 200
    assert clerk.post(f"/seller/freight-templates/{template.pk}/", template_post(name="x")).status_code == 403
    assert clerk.post(f"/seller/freight-templates/{template.pk}/retire/").status_code == 403
