"""Reconciliation (对账): the simulated gateway's statement of a day, imported by finance and matched against our
books; each difference found, and resolved with a note."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from settlement.models import Statement
from tests.conftest import client_for
from tests.factories import FinanceFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def finance():
    return client_for(FinanceFactory())


def statement_of(finance, day=None) -> str:
    response = finance.get("/api/v1/finance/statements/simulated/", {"day": str(day or timezone.localdate())})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return response.content.decode()


def upload(finance, text: str | bytes, day=None):
    content = text.encode() if isinstance(text, str) else text
    return finance.post(
        "/api/v1/finance/reconciliations/",
        {
            "gateway": "simulated",
            "day": str(day or timezone.localdate()),
            "file": SimpleUploadedFile("statement.csv", content, content_type="text/csv"),
        },
        format="multipart",
    )


def test_the_gateways_statement_of_the_day_matches_our_books(finance, day_of_trade):
    text = statement_of(finance)

    imported = upload(finance, text)

    rows = text.strip().splitlines()
    assert rows[0] == "kind,reference,amount,time"
    assert {row.split(",")[1] for row in rows[1:]} == {*day_of_trade["payments"], day_of_trade["refund"]}
    assert imported.status_code == 201, imported.json()
    assert (imported.json()["items_total"], imported.json()["matched"], imported.json()["open_differences"]) == (
        3,
        3,
        0,
    )


def test_each_difference_is_found_and_resolved_with_a_note(finance, day_of_trade):
    first, _ = day_of_trade["payments"]
    rows = statement_of(finance).strip().splitlines()
    kept = [row for row in rows if f",{first}," not in row]  # the gateway lost a payment
    kept = [row.replace(",5999.00,", ",5990.00,") if day_of_trade["refund"] in row else row for row in kept]
    kept.append("payment,PX-UNKNOWN,12.50,2026-12-06 10:00:00")  # one we never heard of

    statement = upload(finance, "\n".join(kept) + "\n").json()
    items = finance.get(f"/api/v1/finance/reconciliations/{statement['id']}/items/", {"open": "true"}).json()
    found = {item["reference"]: (item["result"], item["their_amount"], item["our_amount"]) for item in items["results"]}
    refund_item = next(item for item in items["results"] if item["reference"] == day_of_trade["refund"])
    empty = finance.post(f"/api/v1/finance/reconciliation-items/{refund_item['id']}/resolve/", {"note": " "})
    resolved = finance.post(
        f"/api/v1/finance/reconciliation-items/{refund_item['id']}/resolve/", {"note": "网关手续费 9 元，已确认"}
    )
    again = finance.post(f"/api/v1/finance/reconciliation-items/{refund_item['id']}/resolve/", {"note": "再次"})

    assert found == {
        first: ("only_in_books", None, "5999.00"),
        day_of_trade["refund"]: ("amount_differs", "5990.00", "5999.00"),
        "PX-UNKNOWN": ("only_in_statement", "12.50", None),
    }
    assert (empty.status_code, empty.json()["code"]) == (400, "validation_error")
    assert resolved.json()["note"] == "网关手续费 9 元，已确认" and resolved.json()["resolved_by"]
    assert (again.status_code, again.json()["code"]) == (409, "invalid_transition")
    summary = finance.get(f"/api/v1/finance/reconciliations/{statement['id']}/").json()
    assert (summary["matched"], summary["open_differences"]) == (1, 2)  # the second payment matched


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"ref,amount\nP1,1.00\n", "first row"),
        (b"kind,reference,amount,time\npayment,P1,abc,x\n", "not a number"),
        (b"kind,reference,amount,time\npayment,P1,1.001,x\n", "not a sum of money"),
        (b"kind,reference,amount,time\npayment,P1,NaN,x\n", "not a sum of money"),
        (b"kind,reference,amount,time\npayment,P1,1.00,x\npayment,P1,2.00,x\n", "appears twice"),
        (b"kind,reference,amount,time\ncoupon,P1,1.00,x\n", "is not kind"),
        ("kind,reference,amount,time\n".encode("utf-16"), "UTF-8"),
    ],
)
def test_a_statement_that_cannot_be_read_says_which_row_and_changes_nothing(finance, content, says):
    response = upload(finance, content)

    assert (response.status_code, response.json()["code"]) == (400, "validation_error")
    assert says in response.json()["fields"]["file"][0]
    assert not Statement.objects.exists()


def test_a_quiet_day_has_an_empty_statement_that_matches(finance):
    imported = upload(finance, statement_of(finance)).json()

    assert (imported["items_total"], imported["open_differences"]) == (0, 0)  # nothing to match is no error
