"""Reconciliation (对账) in the finance console, as finance staff use it: the simulated gateway's statement downloaded
from the page and imported through its form shows its counts; a file that cannot be read is refused with its 400
and imports nothing; a difference is resolved with a note, once; the items are filtered by result; others are
refused; each page runs the same queries for 2 items or 20. Trade is made as test_reconciliation.py makes it."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from settlement.models import MatchResult, Statement, StatementItem
from stores.models import StaffRole
from tests.factories import FinanceFactory, MembershipFactory, OperatorFactory, UserFactory
from tests.settlement.test_finance_pages import browser, queries, text

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def finance():
    return FinanceFactory(username="fin_recon")


def upload(client, content: str | bytes, day=None):
    content = content.encode() if isinstance(content, str) else content
    return client.post(
        "/finance/reconciliation/",
        {
            "gateway": "simulated",
            "day": str(day or timezone.localdate()),
            "file": SimpleUploadedFile("statement.csv", content, content_type="text/csv"),
        },
    )


def statement_with(items: int, by) -> Statement:
    """A statement of `items` items, written directly (the pages only read them): the first matched, the rest
    payments only in the gateway's statement."""
    day = timezone.localdate()
    statement = Statement.objects.create(gateway="simulated", day=day, file_name="s.csv", imported_by=by)
    StatementItem.objects.bulk_create(
        StatementItem(
            statement=statement,
            kind="payment",
            reference=f"PX-{number:03d}",
            their_amount=Decimal("10.50"),
            our_amount=Decimal("10.50") if number == 0 else None,
            result=MatchResult.MATCHED if number == 0 else MatchResult.ONLY_IN_STATEMENT,
        )
        for number in range(items)
    )
    return statement


def row(page: str, reference: str) -> str:
    """The table row of an item, from its opening tag to its end."""
    start = page.index(f'data-item="{reference}"')
    return page[start : page.index("</tr>", start)]


def test_the_simulated_statement_downloaded_and_imported_from_the_page_shows_its_counts(finance, day_of_trade):
    client = browser(finance)
    downloaded = client.get("/finance/reconciliation/simulated/", {"day": str(timezone.localdate())})
    first, _ = day_of_trade["payments"]
    rows = downloaded.content.decode().strip().splitlines()
    kept = [line for line in rows if f",{first}," not in line]  # the gateway lost a payment
    kept = [line.replace(",5999.00,", ",5990.00,") if day_of_trade["refund"] in line else line for line in kept]
    kept.append("payment,PX-UNKNOWN,12.50,2026-12-06 10:00:00")  # one we never heard of

    imported = upload(client, "\n".join(kept) + "\n")
    statement = Statement.objects.get()
    page = text(client.get(imported["Location"]))
    listed = text(client.get("/finance/reconciliation/"))

    assert downloaded["Content-Disposition"] == f'attachment; filename="simulated-{timezone.localdate():%Y%m%d}.csv"'
    assert rows[0] == "kind,reference,amount,time" and len(rows) == 4
    assert imported.status_code == 302 and imported["Location"] == f"/finance/reconciliation/{statement.pk}/"
    assert (statement.file_name, statement.imported_by, statement.items.count()) == ("statement.csv", finance, 4)
    assert "1 matched, 3 differences" in page
    assert 'data-figure="matched">1<' in page and 'data-figure="open">3<' in page
    refund = row(page, day_of_trade["refund"])
    assert 'data-figure="theirs">¥5990.00<' in refund and 'data-figure="ours">¥5999.00<' in refund
    assert 'data-figure="ours">-<' in row(page, "PX-UNKNOWN") and "¥12.50" in row(page, "PX-UNKNOWN")
    assert 'data-figure="theirs">-<' in row(page, first) and "¥5999.00" in row(page, first)
    assert f'data-statement="{statement.pk}"' in listed and "fin_recon" in listed
    assert 'data-figure="items">4<' in listed and 'data-figure="differences">3<' in listed


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"ref,amount\nP1,1.00\n", "The first row must be"),
        (b"kind,reference,amount,time\npayment,P1,1.001,x\n", "Row 2: the amount is not a sum of money."),
        ("kind,reference,amount,time\n".encode("utf-16"), "The file is not UTF-8 text."),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_its_400_and_imports_nothing(finance, content, says):
    refused = upload(browser(finance), content)

    assert refused.status_code == 400
    assert text(refused).count(says) == 2  # above the page and beside the file field
    assert not Statement.objects.exists() and not StatementItem.objects.exists()


def test_a_form_without_a_file_is_a_400(finance):
    refused = browser(finance).post("/finance/reconciliation/", {"gateway": "simulated", "day": "2026-12-01"})

    assert refused.status_code == 400 and not Statement.objects.exists()


def test_the_simulated_statement_needs_a_day(finance):
    refused = browser(finance).get("/finance/reconciliation/simulated/", {"day": "2026-13-01"})

    assert refused.status_code == 400 and "Enter a valid date." in text(refused)
    assert 'action="/finance/reconciliation/"' in text(refused)  # the import form, not posted to the download


def test_a_difference_is_resolved_with_a_note_once(finance):
    statement = statement_with(3, finance)
    difference = statement.items.get(reference="PX-001")
    matched = statement.items.get(reference="PX-000")
    client = browser(finance)

    empty = client.post(f"/finance/reconciliation/items/{difference.pk}/resolve/", {"note": "  "})
    filtered = f"/finance/reconciliation/items/{difference.pk}/resolve/?result=only_in_statement"
    resolved = client.post(filtered, {"note": "网关多记一笔，已退回"})
    page = text(client.get(f"/finance/reconciliation/{statement.pk}/"))
    again = client.post(f"/finance/reconciliation/items/{difference.pk}/resolve/", {"note": "再次"})
    on_matched = client.post(f"/finance/reconciliation/items/{matched.pk}/resolve/", {"note": "无差异"})

    assert empty.status_code == 400 and "Say how the difference was resolved." in text(empty)
    assert resolved.status_code == 302
    assert resolved["Location"] == f"/finance/reconciliation/{statement.pk}/?result=only_in_statement"
    difference.refresh_from_db()
    assert (difference.note, difference.resolved_by) == ("网关多记一笔，已退回", finance)
    resolved_row = row(page, "PX-001")
    assert "data-resolved" in resolved_row and "网关多记一笔，已退回" in resolved_row and "fin_recon" in resolved_row
    assert "resolve/" not in resolved_row and "resolve/" in row(page, "PX-002")
    assert 'data-figure="open">1<' in page
    assert again.status_code == 409 and "Only an open difference is resolved." in text(again)
    assert on_matched.status_code == 409 and "Only an open difference is resolved." in text(on_matched)
    difference.refresh_from_db()
    matched.refresh_from_db()
    assert (difference.note, difference.resolved_by) == ("网关多记一笔，已退回", finance)
    assert (matched.note, matched.resolved_at) == ("", None)


def test_a_refused_resolve_keeps_the_statements_filter_and_pages(finance):
    statement = statement_with(60, finance)
    matched = statement.items.get(reference="PX-000")
    path = f"/finance/reconciliation/items/{matched.pk}/resolve/?page=2&open=on"

    refused = browser(finance).post(path, {"note": "x"})

    page = text(refused)
    assert refused.status_code == 409
    assert f'action="/finance/reconciliation/{statement.pk}/"' in page  # the filter form
    assert f'href="/finance/reconciliation/{statement.pk}/?page=1&amp;open=on"' in page  # the pager
    assert 'data-item="PX-000"' not in page and 'data-item="PX-051"' in page  # page 2 of the open differences


def test_the_items_are_filtered_by_result_and_open_differences(finance):
    statement = statement_with(4, finance)
    browser(finance).post(
        f"/finance/reconciliation/items/{statement.items.get(reference='PX-001').pk}/resolve/", {"note": "已核实"}
    )
    client = browser(finance)

    def shown(query: dict) -> list[str]:
        page = text(client.get(f"/finance/reconciliation/{statement.pk}/", query))
        return [number for number in ("PX-000", "PX-001", "PX-002", "PX-003") if f'data-item="{number}"' in page]

    assert shown({}) == ["PX-000", "PX-001", "PX-002", "PX-003"]
    assert shown({"result": "matched"}) == ["PX-000"]
    assert shown({"result": "only_in_statement"}) == ["PX-001", "PX-002", "PX-003"]
    assert shown({"result": "only_in_books"}) == []
    assert shown({"open": "on"}) == ["PX-002", "PX-003"]
    assert shown({"result": "nonsense"}) == ["PX-000", "PX-001", "PX-002", "PX-003"]  # the filter is dropped


def test_the_navigation_links_reconciliation(finance):
    home = text(browser(finance).get("/finance/"))
    own = text(browser(finance).get("/finance/reconciliation/"))

    assert '<li><a href="/finance/reconciliation/">Reconciliation</a></li>' in home
    assert '<a href="/finance/reconciliation/" aria-current="page">Reconciliation</a>' in own


def test_a_visitor_logs_in_first_and_anyone_else_is_refused(store, finance):
    statement = statement_with(2, finance)
    difference = statement.items.get(reference="PX-001")
    shopper, operator = UserFactory(), OperatorFactory()
    owner = MembershipFactory(store=store, role=StaffRole.OWNER).user
    pages = [
        "/finance/reconciliation/",
        f"/finance/reconciliation/{statement.pk}/",
        f"/finance/reconciliation/simulated/?day={timezone.localdate()}",
    ]

    anonymous = browser().get(f"/finance/reconciliation/{statement.pk}/")
    read = {browser(user).get(page).status_code for user in (shopper, operator, owner) for page in pages}
    written = {
        browser(user).post(f"/finance/reconciliation/items/{difference.pk}/resolve/", {"note": "x"}).status_code
        for user in (shopper, operator, owner)
    } | {upload(browser(user), "kind,reference,amount,time\n").status_code for user in (shopper, operator, owner)}
    superuser = browser(UserFactory(is_superuser=True, is_staff=True))

    assert anonymous.status_code == 302
    assert anonymous["Location"] == f"/accounts/login/?next=/finance/reconciliation/{statement.pk}/"
    assert read == written == {403}
    assert [superuser.get(page).status_code for page in pages] == [200, 200, 200]
    difference.refresh_from_db()
    assert difference.resolved_at is None and Statement.objects.count() == 1


def test_each_reconciliation_page_runs_the_same_queries_for_2_items_or_20(finance):
    client = browser(finance)
    small = statement_with(2, finance)
    few = (queries(client, "/finance/reconciliation/"), queries(client, f"/finance/reconciliation/{small.pk}/"))

    big = statement_with(20, finance)
    for _ in range(18):
        statement_with(1, finance)

    assert Statement.objects.count() == 20 and big.items.count() == 20
    # The session, the user, their groups; the list: the count, the page of statements (counts, who imported).
    assert queries(client, "/finance/reconciliation/") == few[0] == 5
    # The session, the user, their groups; the statement and its counts, its items (count, page, who resolved).
    assert queries(client, f"/finance/reconciliation/{big.pk}/") == few[1] == 6
