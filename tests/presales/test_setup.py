"""Setting a presale up: the one check (windows in order, a deposit counting for at least itself and less than the
price, the store's own SKU), publishing and cancelling a draft, each with its event."""

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest

from marketplace.exceptions import InvalidInput, InvalidTransition
from presales.models import PresaleEventType, PresaleStatus
from presales.services import presale_cancel, presale_create, presale_publish
from tests.catalog.factories import PhoneCatalog
from tests.factories import OperatorFactory, StoreFactory
from tests.orders.helpers import sku_of
from tests.presales.helpers import presale_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def sku(store):
    return sku_of(PhoneCatalog().phone(store))


def refused_field(store, values) -> list[str]:
    with pytest.raises(InvalidInput) as refused:
        presale_create(store=store, by=OperatorFactory(), values=values)
    return list(refused.value.fields)


def test_a_store_sets_up_a_draft_for_its_own_sku(store, sku):
    presale = presale_create(store=store, by=OperatorFactory(), values=presale_input(sku))

    assert (presale.status, presale.deposit, presale.counted, presale.extra) == (
        PresaleStatus.DRAFT,
        Decimal("100.00"),
        Decimal("300.00"),
        Decimal("200.00"),
    )
    assert not presale.platform_funded
    assert [event.type for event in presale.events.all()] == [PresaleEventType.CREATED]


def test_another_stores_sku_is_unknown(sku):
    assert refused_field(StoreFactory(), presale_input(sku)) == ["sku"]


def test_an_operator_may_name_any_stores_sku_and_the_platform_funds_it(sku):
    presale = presale_create(store=None, by=OperatorFactory(), values=presale_input(sku))
    assert presale.platform_funded


def test_a_deposit_counts_for_at_least_itself_and_less_than_the_price(store, sku):
    assert refused_field(store, presale_input(sku, deposit="100.00", counted="99.99")) == ["counted"]
    assert refused_field(store, presale_input(sku, counted="5999.00")) == ["counted"]
    assert refused_field(store, presale_input(sku, deposit="0.00", counted="10.00")) == ["deposit"]


def test_the_balance_window_opens_once_the_deposit_window_has_closed(store, sku):
    values = presale_input(sku)
    overlapping = replace(values, balance_starts_at=values.deposit_ends_at - timedelta(minutes=1))
    assert refused_field(store, overlapping) == ["balance_starts_at"]
    assert refused_field(store, replace(values, deposit_ends_at=values.deposit_starts_at)) == ["deposit_ends_at"]
    assert refused_field(store, replace(values, balance_ends_at=values.balance_starts_at)) == ["balance_ends_at"]


def test_publishing_shows_a_draft_once(store, sku):
    presale = presale_create(store=store, by=OperatorFactory(), values=presale_input(sku))

    presale_publish(presale=presale, by=None)

    presale.refresh_from_db()
    assert presale.status == PresaleStatus.PUBLISHED
    with pytest.raises(InvalidTransition):
        presale_publish(presale=presale, by=None)


def test_a_cancelled_draft_is_never_shown(store, sku):
    presale = presale_create(store=store, by=OperatorFactory(), values=presale_input(sku))

    presale_cancel(presale=presale, by=None)

    presale.refresh_from_db()
    assert presale.status == PresaleStatus.CANCELLED
    with pytest.raises(InvalidTransition):
        presale_publish(presale=presale, by=None)
