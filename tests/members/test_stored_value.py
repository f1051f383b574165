"""The stored-value ledger (储值): load, spend, refund, the balance never below zero, and the member's API."""

import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from marketplace.exceptions import InvalidInput
from members import services
from members.models import StoredValueEntry, StoredValueReason, User
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def balance_of(member) -> Decimal:
    return User.objects.values_list("stored_value_balance", flat=True).get(pk=member.pk)


def test_loading_then_spending_keeps_the_ledger_and_the_balance_in_step():
    member = UserFactory()

    services.stored_value_load(user=member, amount=Decimal("200.00"), reference="redeem:1")
    spent = services.stored_value_spend(user=member, amount=Decimal("75.50"), reference="T2026001")

    assert balance_of(member) == Decimal("124.50")
    assert (spent.delta, spent.balance_after, spent.reason) == (
        Decimal("-75.50"),
        Decimal("124.50"),
        StoredValueReason.SPEND,
    )
    assert sum(StoredValueEntry.objects.filter(user=member).values_list("delta", flat=True)) == Decimal("124.50")


def test_spending_more_than_the_balance_is_refused_and_changes_nothing():
    member = UserFactory()
    services.stored_value_load(user=member, amount=Decimal("50.00"), reference="redeem:1")

    with pytest.raises(services.InsufficientStoredValue) as refused:
        services.stored_value_spend(user=member, amount=Decimal("50.01"), reference="T1")

    assert (refused.value.code, refused.value.status) == ("insufficient_stored_value", 409)
    assert balance_of(member) == Decimal("50.00")
    assert StoredValueEntry.objects.filter(user=member).count() == 1


@pytest.mark.parametrize("amount", [Decimal("0.00"), Decimal("-1.00"), Decimal("1.005")])
def test_amounts_are_positive_and_to_the_cent(amount):
    member = UserFactory()

    with pytest.raises(InvalidInput):
        services.stored_value_load(user=member, amount=amount, reference="x")

    assert not StoredValueEntry.objects.exists()


def test_a_refund_is_given_once_by_its_reference():
    member = UserFactory()
    services.stored_value_load(user=member, amount=Decimal("100.00"), reference="redeem:1")
    services.stored_value_spend(user=member, amount=Decimal("60.00"), reference="T1")

    first = services.stored_value_refund(user=member, amount=Decimal("60.00"), reference="refund:9")
    again = services.stored_value_refund(user=member, amount=Decimal("60.00"), reference="refund:9")

    assert first.pk == again.pk
    assert balance_of(member) == Decimal("100.00")
    assert StoredValueEntry.objects.filter(reason=StoredValueReason.REFUND).count() == 1


def test_a_refund_reference_reused_with_another_amount_is_refused():
    member = UserFactory()
    services.stored_value_refund(user=member, amount=Decimal("10.00"), reference="refund:9")

    with pytest.raises(InvalidInput):
        services.stored_value_refund(user=member, amount=Decimal("11.00"), reference="refund:9")

    assert balance_of(member) == Decimal("10.00")


def test_the_database_refuses_a_negative_balance_even_around_the_services():
    member = UserFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=member.pk).update(stored_value_balance=Decimal("-0.01"))


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_spends_of_ten_from_fifty_let_exactly_five_through():
    member = UserFactory()
    services.stored_value_load(user=member, amount=Decimal("50.00"), reference="redeem:1")
    outcomes: list[str] = []
    start = threading.Barrier(20)

    def spend(n: int) -> None:
        try:
            start.wait()
            services.stored_value_spend(user=member, amount=Decimal("10.00"), reference=f"T{n}")
            outcomes.append("ok")
        except services.InsufficientStoredValue:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=spend, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert (outcomes.count("ok"), outcomes.count("refused")) == (5, 15)
    assert balance_of(member) == Decimal("0.00")
    assert StoredValueEntry.objects.filter(user=member, reason=StoredValueReason.SPEND).count() == 5


def test_the_member_reads_the_balance_and_the_ledger_newest_first():
    member = UserFactory()
    services.stored_value_load(user=member, amount=Decimal("100.00"), reference="redeem:1")
    services.stored_value_spend(user=member, amount=Decimal("30.00"), reference="T1")
    services.stored_value_load(user=UserFactory(), amount=Decimal("999.00"), reference="redeem:2")

    response = client_for(member).get("/api/v1/me/stored-value/")

    assert response.status_code == 200
    body = response.json()
    assert (body["balance"], body["count"]) == ("70.00", 2)
    assert [(entry["delta"], entry["balance_after"], entry["reason"]) for entry in body["results"]] == [
        ("-30.00", "70.00", "spend"),
        ("100.00", "100.00", "load"),
    ]
    assert client_for(member).get("/api/v1/me/").json()["stored_value"] == "70.00"


def test_the_ledger_is_for_members_only(api):
    assert api.get("/api/v1/me/stored-value/").status_code == 401


def test_operators_read_the_ledger_in_the_admin_but_cannot_write_it(client):
    member = UserFactory()
    entry = services.stored_value_load(user=member, amount=Decimal("100.00"), reference="redeem:1")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    listed = client.get("/admin/members/storedvalueentry/?reason=load")
    shown = client.get(f"/admin/members/storedvalueentry/{entry.pk}/change/")
    added = client.get("/admin/members/storedvalueentry/add/")
    deleted = client.post(f"/admin/members/storedvalueentry/{entry.pk}/delete/", {"post": "yes"})

    assert (listed.status_code, shown.status_code) == (200, 200)
    assert member.username in listed.content.decode()
    assert (added.status_code, deleted.status_code) == (403, 403)
    assert StoredValueEntry.objects.filter(pk=entry.pk).exists()
