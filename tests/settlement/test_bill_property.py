"""The bill run against the pure rules, as a property: random orders (lines, quantities, discounts split between the
store and the platform, freight) and random refunds, some before billing and some after, posted and billed by the
SQL of settlement.services, must give every line HQ's take exactly as settlement.rules computes it, every bill the
exact sum of its lines, and every cent of what was paid, less what was refunded, on the bills."""

from datetime import timedelta
from decimal import Decimal
from itertools import count

import pytest
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orders.models import OrderEvent, OrderLine, OrderStatus, Refund, RefundLine, RefundStatus, StoreOrder, Trade
from settlement import rules, services
from settlement.models import Bill, BillLine
from tests.catalog.factories import PhoneCatalog
from tests.factories import FinanceFactory, StoreFactory, UserFactory, WarehouseFactory
from tests.orders.helpers import sku_of

pytestmark = pytest.mark.django_db

CENTS = st.integers(min_value=1, max_value=2_000_000)
LINE = st.tuples(
    st.integers(min_value=1, max_value=5),  # quantity
    CENTS,  # unit price, in cents
    st.integers(min_value=0, max_value=30),  # the store's discount, % of the gross
    st.integers(min_value=0, max_value=20),  # the platform's discount, % of the gross
)
ORDER = st.tuples(st.lists(LINE, min_size=1, max_size=3), st.integers(min_value=0, max_value=3000))  # freight cents
# A refund: which order and line (indexes taken modulo), how many units, what share of what is left, and whether it
# comes before the first bill or between the first and the second.
REFUND = st.tuples(st.integers(0, 9), st.integers(0, 9), st.integers(1, 5), st.integers(1, 100), st.booleans())
numbers = count(1)


class Shop:
    """A store with terms (a flat commission, or tiers by period) and what its orders need to exist."""

    def __init__(self, rate: Decimal, tiers):
        self.store, self.member, self.finance = StoreFactory(), UserFactory(), FinanceFactory()
        self.sku = sku_of(PhoneCatalog().phone(self.store))
        self.warehouse = WarehouseFactory(store=self.store)
        services.terms_set(
            store=self.store,
            by=self.finance,
            terms=services.TermsInput(
                effective_from=timezone.localdate(),
                mode="sales_share",
                cycle="monthly",
                hold_days=0,
                rate=rate,
                sales_tiers=tiers,
            ),
        )

    def order(self, lines, freight_cents: int) -> StoreOrder:
        number = next(numbers)
        trade = Trade.objects.create(trade_no=f"T{number}", user=self.member, payable=0, expires_at=timezone.now())
        order = StoreOrder.objects.create(
            order_no=f"O{number}",
            payment_no=f"PN{number}",
            trade=trade,
            user=self.member,
            store=self.store,
            status=OrderStatus.COMPLETED,
            subtotal=0,
            discount=0,
            freight=Decimal(freight_cents) / 100,
            payable=Decimal(freight_cents) / 100,  # its lines' totals are added below
            receiver_name="收货人",
            receiver_phone="13800000000",
            receiver_region_id="310104",
            receiver_address="上海",
        )
        for quantity, unit_cents, store_share, platform_share in lines:
            unit = Decimal(unit_cents) / 100
            gross = unit * quantity
            store_part = (gross * store_share / 100).quantize(Decimal("0.01"))
            platform_part = (gross * platform_share / 100).quantize(Decimal("0.01"))
            line = OrderLine.objects.create(
                order=order,
                sku=self.sku,
                spu_id=self.sku.spu_id,
                title="手机",
                unit_price=unit,
                quantity=quantity,
                amount=gross,
                coupon_discount=store_part + platform_part,
                payable=gross - store_part - platform_part,
                commission_percent=Decimal(5),
                warehouse=self.warehouse,
            )
            for amount, platform in ((store_part, 0), (platform_part, platform_part)):
                if amount:
                    line.discounts.create(source="coupon", amount=amount, platform_amount=platform)
        totals = order.lines.aggregate(subtotal=Sum("amount"), discount=Sum("coupon_discount"))
        StoreOrder.objects.filter(pk=order.pk).update(
            **totals, payable=totals["subtotal"] - totals["discount"] + order.freight
        )
        for type in ("paid", "receipt_confirmed"):  # today: under the terms in force from today
            OrderEvent.objects.create(order=order, type=type)
        return order

    def refund(self, order: StoreOrder, line: OrderLine, quantity: int, share: int) -> None:
        """Refund `quantity` units (at most what is left) and `share` % of what is left of the line's payable."""
        refunded = RefundLine.objects.filter(line=line).aggregate(q=Sum("quantity"), a=Sum("amount"))
        quantity_left = line.quantity - (refunded["q"] or 0)
        left = line.payable - (refunded["a"] or 0)
        if quantity_left <= 0:
            return
        quantity = min(quantity, quantity_left)
        amount = left if quantity == quantity_left else (left * share / 100).quantize(Decimal("0.01"))
        refund = Refund.objects.create(
            refund_no=f"R{next(numbers)}",
            order=order,
            user=self.member,
            kind="refund_only",
            status=RefundStatus.REFUNDED,
            amount=amount,
            reason="property",
            refunded_at=timezone.now(),
        )
        RefundLine.objects.create(refund=refund, line=line, quantity=quantity, amount=amount)
        OrderEvent.objects.create(order=order, type="refund_refunded", refund=refund)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    orders=st.lists(ORDER, min_size=1, max_size=4),
    refunds=st.lists(REFUND, max_size=6),
    rate=st.integers(min_value=0, max_value=3000).map(lambda bp: Decimal(bp) / 100),
    tiered=st.booleans(),
)
def test_bills_take_what_the_rules_say_and_account_for_every_cent(db, orders, refunds, rate, tiered):
    with transaction.atomic():
        tiers = [(Decimal("1000.00"), rate / 2), (Decimal("50000.00"), rate / 4)] if tiered else []
        shop = Shop(rate, tiers)
        placed = [shop.order(lines, freight) for lines, freight in orders]
        lines = [list(order.lines.order_by("pk")) for order in placed]

        def refund_all(before_billing: bool) -> None:
            for order_index, line_index, quantity, share, before in refunds:
                if before == before_billing:
                    order = placed[order_index % len(placed)]
                    order_lines = lines[order_index % len(placed)]
                    shop.refund(order, order_lines[line_index % len(order_lines)], quantity, share)

        refund_all(before_billing=True)
        first = _bill(shop, timezone.localdate())
        refund_all(before_billing=False)
        _bill(shop, timezone.localdate() + timedelta(days=1))

        if first is not None:
            _takes_follow_the_rules(first, shop)
        for bill in Bill.objects.filter(store=shop.store):
            _is_the_sum_of_its_lines(bill)
        _every_cent_is_on_the_bills(shop, placed)
        transaction.set_rollback(True)


def _bill(shop: Shop, until) -> Bill | None:
    run = services.bill_run_start(until=until, store_ids=[shop.store.pk], by=shop.finance)
    services.bill_run_execute(run_id=run.pk)
    return Bill.objects.filter(store=shop.store, period_end=until).first()


def _takes_follow_the_rules(bill: Bill, shop: Shop) -> None:
    """The first bill's takes are settle()'s over its lines: the tier chosen by the period, each rounded."""
    billed = list(BillLine.objects.filter(bill=bill, line__isnull=False).order_by("pk"))
    terms = shop.store.settlement_terms.get().as_rules()
    parts = [rules.Parts(row.gross, row.store_discounts, row.platform_discounts) for row in billed]
    expected = rules.settle([rules.Line(part, row.quantity) for part, row in zip(parts, billed, strict=True)], terms)
    assert [row.hq_take for row in billed] == [part.hq_take for part in expected]


def _is_the_sum_of_its_lines(bill: Bill) -> None:
    totals = BillLine.objects.filter(bill=bill).aggregate(
        gross=Sum("gross"),
        store=Sum("store_discounts"),
        platform=Sum("platform_discounts"),
        take=Sum("hq_take"),
        freight=Sum("freight"),
    )
    figures = (bill.gross, bill.store_discounts, bill.platform_discounts, bill.hq_take, bill.freight)
    assert figures == tuple(value or 0 for value in totals.values())


def _every_cent_is_on_the_bills(shop: Shop, placed: list[StoreOrder]) -> None:
    """What was paid for each line, less what was refunded of it, is what its bill lines say; a line refunded in
    full gave back all of HQ's take."""
    for order in placed:
        for line in order.lines.all():
            billed = BillLine.objects.filter(line=line).aggregate(
                payable=Sum("gross") - Sum("store_discounts") - Sum("platform_discounts"),
                take=Sum("hq_take"),
                quantity=Sum("quantity"),
            )
            refunded = RefundLine.objects.filter(line=line).aggregate(a=Sum("amount"), q=Sum("quantity"))
            assert billed["payable"] == line.payable - (refunded["a"] or 0)
            assert billed["quantity"] == line.quantity - (refunded["q"] or 0)
            if billed["quantity"] == 0:
                assert billed["take"] == 0
        freight = BillLine.objects.filter(order=order, line__isnull=True).aggregate(f=Sum("freight"))["f"] or 0
        assert freight == order.freight
