"""Settlement terms and supply prices (API.md "Settlement and finance"): finance writes versions, a version in
force never changes, the payout account is shown masked, and the store's owner and manager read their own."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from members.models import Role
from settlement.models import SettlementTerms, SupplyPrice
from settlement.rules import Line, Parts, settle
from settlement.selectors import terms_in_force
from tests.catalog.factories import BackendCategoryFactory, PhoneCatalog
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance_api(db):
    return client_for(UserFactory(is_staff=True, roles=[Role.FINANCE]))


def terms(**changes) -> dict:
    today = timezone.localdate()
    return {
        "mode": "sales_share",
        "rate": "6.00",
        "sales_tiers": [{"from": "10000.00", "rate": "5.00"}, {"from": "50000.00", "rate": "4.00"}],
        "cycle": "weekly",
        "hold_days": 7,
        "effective_from": str(today),
        "bank_name": "招商银行",
        "account_name": "鲜果铺子有限公司",
        "account_number": "6225880212345678",
        **changes,
    }


def test_a_store_finance_never_set_terms_for_is_settled_at_its_onboarding_commission(finance_api, store):
    response = finance_api.get(f"/api/v1/finance/stores/{store.pk}/terms/")

    assert response.status_code == 200
    body = response.json()
    assert (body["mode"], body["rate"], body["cycle"], body["hold_days"]) == ("sales_share", "5.00", "monthly", 7)
    assert body["versions"] == []


def test_finance_adds_a_version_that_settles_from_its_day_with_the_account_masked(finance_api, store):
    response = finance_api.put(f"/api/v1/finance/stores/{store.pk}/terms/", terms(), format="json")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["sales_tiers"] == [{"from": "10000.00", "rate": "5.00"}, {"from": "50000.00", "rate": "4.00"}]
    assert body["account_number"] == "**** 5678"
    assert "6225880212345678" not in response.content.decode()
    in_force = terms_in_force(store=store, on=timezone.localdate())
    [settled] = settle([Line(Parts(Decimal("12000.00"), Decimal("0"), Decimal("0")), 1)], in_force.as_rules())
    assert settled.hq_take == Decimal("600.00")  # the 10,000 tier: 5 %


def test_the_terms_in_force_never_change_but_a_coming_version_may_be_replaced(finance_api, store):
    url = f"/api/v1/finance/stores/{store.pk}/terms/"
    tomorrow = str(timezone.localdate() + timedelta(days=1))
    finance_api.put(url, terms(), format="json")

    again_today = finance_api.put(url, terms(rate="9.00"), format="json")
    coming = finance_api.put(url, terms(effective_from=tomorrow, rate="7.00"), format="json")
    replaced = finance_api.put(url, terms(effective_from=tomorrow, rate="8.00"), format="json")
    past = finance_api.put(url, terms(effective_from=str(timezone.localdate() - timedelta(days=1))), format="json")

    assert (again_today.status_code, again_today.json()["code"]) == (409, "invalid_transition")
    assert (coming.status_code, replaced.status_code) == (200, 200)
    assert (past.status_code, list(past.json()["fields"])) == (400, ["effective_from"])
    assert [(str(v.effective_from), v.rate) for v in SettlementTerms.objects.order_by("effective_from")] == [
        (str(timezone.localdate()), Decimal("6.00")),
        (tomorrow, Decimal("8.00")),
    ]
    assert replaced.json()["rate"] == "6.00"  # today's version is still the one in force


def test_the_payout_account_carries_over_when_a_version_does_not_give_one(finance_api, store):
    url = f"/api/v1/finance/stores/{store.pk}/terms/"
    tomorrow = timezone.localdate() + timedelta(days=1)
    finance_api.put(url, terms(), format="json")
    body = terms(effective_from=str(tomorrow), rate="7.00")
    for name in ("bank_name", "account_name", "account_number"):
        del body[name]

    assert finance_api.put(url, body, format="json").status_code == 200
    assert SettlementTerms.objects.get(effective_from=tomorrow).account_number == "6225880212345678"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"mode": "profit_share", "margin_bands": []}, "margin_bands"),
        ({"category_rates": [{"category": 999999, "rate": "2"}]}, "category_rates"),
        ({"sales_tiers": [{"from": "100", "rate": "5"}, {"from": "100", "rate": "4"}]}, "sales_tiers"),
        ({"rate": "101"}, "rate"),
        ({"account_number": "12ab"}, "account_number"),
        ({"cycle": "yearly"}, "cycle"),
    ],
)
def test_terms_that_cannot_settle_anything_are_refused_and_nothing_is_written(finance_api, store, changes, field):
    response = finance_api.put(f"/api/v1/finance/stores/{store.pk}/terms/", terms(**changes), format="json")

    assert (response.status_code, response.json()["code"]) == (400, "validation_error")
    assert field in response.json()["fields"]
    assert not SettlementTerms.objects.exists()


def test_a_category_rate_is_kept_for_an_existing_category(finance_api, store):
    category = BackendCategoryFactory()

    response = finance_api.put(
        f"/api/v1/finance/stores/{store.pk}/terms/",
        terms(category_rates=[{"category": category.pk, "rate": "2.50"}]),
        format="json",
    )

    assert response.json()["category_rates"] == [{"category": category.pk, "rate": "2.50"}]


def test_only_finance_sets_terms(api, shopper_api, owner_api, operator_api, store):
    url = f"/api/v1/finance/stores/{store.pk}/terms/"

    statuses = [
        client.put(url, terms(), format="json").status_code for client in (api, shopper_api, owner_api, operator_api)
    ]

    assert statuses == [401, 403, 403, 403]
    assert not SettlementTerms.objects.exists()


def test_the_store_reads_its_own_terms_and_a_clerk_does_not(finance_api, owner_api, clerk_api, store):
    finance_api.put(f"/api/v1/finance/stores/{store.pk}/terms/", terms(), format="json")

    owner = owner_api.get("/api/v1/seller/settlement/terms/")
    clerk = clerk_api.get("/api/v1/seller/settlement/terms/")

    assert (owner.status_code, owner.json()["rate"], owner.json()["account_number"]) == (200, "6.00", "**** 5678")
    assert clerk.status_code == 403


def test_supply_prices_are_written_over_and_an_unknown_sku_writes_nothing(finance_api, store):
    skus = list(PhoneCatalog().phone(store).skus.order_by("pk"))
    url = f"/api/v1/finance/stores/{store.pk}/supply-prices/"

    first = finance_api.put(url, [{"sku": skus[0].pk, "price": "4200.00"}], format="json")
    second = finance_api.put(
        url, [{"sku": skus[0].pk, "price": "4100.00"}, {"sku": skus[1].pk, "price": "5000"}], format="json"
    )
    unknown = finance_api.put(
        url, [{"sku": skus[0].pk, "price": "1.00"}, {"sku": 999999, "price": "1.00"}], format="json"
    )

    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json() == [{"sku": skus[0].pk, "price": "4100.00"}, {"sku": skus[1].pk, "price": "5000.00"}]
    assert (unknown.status_code, list(unknown.json()["fields"])) == (400, ["sku"])
    assert dict(SupplyPrice.objects.values_list("sku_id", "price")) == {
        skus[0].pk: Decimal("4100.00"),
        skus[1].pk: Decimal("5000.00"),
    }
