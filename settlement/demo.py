"""The finance center's demo (manage.py seed_demo): terms of every mode on the demo stores, completed orders over
past periods of the Shenzhen store, and its bills in every state: paid by hand, carried forward, paying through
the provider, confirmed, disputed with an adjustment awaiting approval, confirmed by the store, issued (HQ's own
store); a gateway statement with a difference; the reports' rollups of it all. Made once: a second seed finds the
bills and leaves them."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from logistics.models import Carrier
from members.demo import demo_user
from members.models import Role
from orders.aftersales.services import RefundLineRequest, refund_approve, refund_request
from orders.demo import goods_in_stock, pay_trade, place_order, ship_order
from orders.lifecycle.receipt import order_confirm_receipt
from orders.models import GatewayEvent, Payment
from orders.pricing import LineRequest
from settlement import services
from settlement.models import Bill, Cycle, Mode, SettlementTerms, SupplyPrice
from settlement.reports.services import rollup_refresh

# Days ago: the Shenzhen store's orders (placed, paid and shipped that day, received three days later, held seven)
# and the bill runs that close its periods, one order a period but the second's: a refund of the first order, 80
# days ago, after its bill, makes that period's bill negative. A last run, today, bills HQ's own store.
ORDERS_DAYS_AGO = (105, 72, 57, 42, 30)
RUNS_DAYS_AGO = (90, 75, 60, 45, 30, 15, 0)
REFUND_DAYS_AGO = 80


def seed(demo: dict) -> None:
    finance, second = _finance_users(demo)
    _terms(demo, finance)
    sz = demo["stores"]["sz"]
    if not Bill.objects.filter(store=sz).exists():
        _history(demo, finance, second)
    services.ledger_post()
    rollup_refresh()  # the reports show the demo's orders at once, not after the beat's next run
    demo["accounts"] += [("finance (second)", second.username, "/admin/ (settlement), approves adjustments")]


def _finance_users(demo: dict):
    """The demo finance user may also pay out bills; a second one proposes what the first approves."""
    finance = demo_user("finance", is_staff=True)
    finance.user_permissions.add(Permission.objects.get(codename="pay_bill"))
    second = demo_user("finance2", is_staff=True)
    second.groups.add(Group.objects.get(name=Role.FINANCE))
    return finance, second


def _terms(demo: dict, finance) -> None:
    """Every mode, in force since long before the demo's orders (written directly: the service only takes terms
    from today on). Supply prices for the direct store's goods."""
    since = timezone.localdate() - timedelta(days=365)
    stores = demo["stores"]
    account = {"bank_name": "招商银行深圳分行", "account_name": "华强数码专营店", "account_number": "6225880112345678"}
    versions = {
        "hq": {"mode": Mode.NONE},
        "sh": {"mode": Mode.PRICE_DIFFERENCE, "cycle": Cycle.WEEKLY},
        "hz": {
            "mode": Mode.PROFIT_SHARE,
            "margin_bands": [
                {"from_margin": "0.00", "store_share": "70.00"},
                {"from_margin": "20.00", "store_share": "60.00"},
            ],
        },
        "sz": {
            "mode": Mode.SALES_SHARE,
            "rate": Decimal("5.00"),
            "sales_tiers": [{"from": "50000.00", "rate": "4.00"}],
            "hold_days": 7,
            **account,
        },
    }
    for key, fields in versions.items():
        SettlementTerms.objects.get_or_create(
            store=stores[key], effective_from=since, defaults={"created_by": finance, "hold_days": 0, **fields}
        )
    for sku_id in goods_in_stock(stores["sh"])[:5]:
        SupplyPrice.objects.get_or_create(
            store=stores["sh"], sku_id=sku_id, defaults={"price": Decimal("1.00"), "updated_by": finance}
        )


def _history(demo: dict, finance, second) -> None:
    now, sz = timezone.now(), demo["stores"]["sz"]
    shopper, clerk = demo["shoppers"][0], sz.memberships.get(role="clerk").user
    orders = [_received(shopper, sz, clerk, now - timedelta(days=days)) for days in ORDERS_DAYS_AGO]
    _run(RUNS_DAYS_AGO[0])
    line = orders[0].lines.get()
    refund = refund_request(
        order=orders[0], user=shopper, kind="refund_only", lines=[RefundLineRequest(line.pk, 1)], reason="质量问题"
    )
    refund_approve(refund=refund, by=clerk)
    orders[0].events.filter(refund=refund).update(at=now - timedelta(days=REFUND_DAYS_AGO))
    for days in RUNS_DAYS_AGO[1:]:
        _run(days)
    _states(list(Bill.objects.filter(store=sz).order_by("period_end")), sz, finance, second)
    _statement(finance, orders[-1])


def _received(user, store, clerk, when):
    """One order of the store's cheapest goods, paid and shipped at `when` and received three days later."""
    (order,) = pay_trade(place_order(user, [_line(store)], when=when), when=when)
    carrier = Carrier.objects.filter(is_active=True).order_by("pk").first()
    ship_order(order, carrier=carrier, by=clerk, when=when)
    order_confirm_receipt(order=order, by=user, now=when + timedelta(days=3))
    _backdate_receipt(order, when + timedelta(days=3))
    return order


def _line(store) -> LineRequest:
    return LineRequest(goods_in_stock(store)[0], 2)


def _backdate_receipt(order, when) -> None:
    """Events are stamped when written; the demo's receipt happened in the past."""
    order.events.filter(type="receipt_confirmed").update(at=when)
    order.events.filter(type="paid").update(at=when - timedelta(days=3))


def _run(days_ago: int) -> None:
    run = services.bill_run_start(until=timezone.localdate() - timedelta(days=days_ago), by=None)
    services.bill_run_execute(run_id=run.pk)


def _states(bills: list[Bill], store, finance, second) -> None:
    """Walk the Shenzhen store's bills to every state, oldest first (HQ's bill stays issued)."""
    paid, carried, paying, confirmed, disputed, store_confirmed = bills
    owner = store.memberships.get(role="owner").user
    for bill in (paid, paying, confirmed):
        services.bill_store_confirm(bill=bill, by=owner)
        services.bill_confirm(bill=bill, by=finance)
    services.payout_manual(bill=paid, by=finance, reference="CMB-DEMO-0001")
    services.payout_start(bill=paying, by=finance)
    services.bill_dispute(bill=disputed, by=owner, reason="第 3 单少算了 12 元运费补贴")
    services.adjustment_propose(bill=disputed, by=second, amount=Decimal("12.00"), reason="补运费补贴")
    services.bill_store_confirm(bill=store_confirmed, by=owner)
    assert carried.status == "carried_forward", carried.status


def _statement(finance, order) -> None:
    """The simulated gateway's statement of the last order's day, with its payment's amount off by a yuan."""
    payment = Payment.objects.get(trade_id=order.trade_id)
    GatewayEvent.objects.filter(payment_no=payment.payment_no).update(received_at=payment.succeeded_at)  # its day
    day = timezone.localtime(payment.succeeded_at).date()
    text = services.simulated_statement_csv(day=day)
    rows = text.splitlines()
    header, first = rows[0], rows[1].split(",")
    first[2] = f"{Decimal(first[2]) - 1:.2f}"
    altered = "\n".join([header, ",".join(first), *rows[2:]]) + "\n"
    services.statement_import(
        gateway="simulated", day=day, content=altered.encode(), file_name="demo-statement.csv", by=finance
    )
