"""The settlement rules (settlement.rules), worked to the cent for each mode, and held as properties over random
lines and random refunds: every cent of what the shopper paid is accounted for, per line and per bill."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from settlement.rules import Line, MarginBand, Mode, Parts, SalesTier, Terms, reversal, settle

D = Decimal
NOTHING = Parts(D("0.00"), D("0.00"), D("0.00"), D("0.00"))


def line(gross, store="0", platform="0", *, quantity=1, categories=(), cost=None, supply=None) -> Line:
    return Line(
        Parts(D(gross), D(store), D(platform)),
        quantity,
        categories,
        D(cost) if cost else None,
        D(supply) if supply else None,
    )


def test_sales_share_takes_the_rate_of_net_sales_and_pays_the_platforms_discounts_to_the_store():
    # 5999.00 phone, 200.00 off by a store coupon, 300.00 by a platform coupon: the shopper paid 5499.00.
    [settled] = settle([line("5999.00", "200.00", "300.00")], Terms(Mode.SALES_SHARE, rate=D("5")))

    assert settled.net_sales == D("5799.00")
    assert settled.hq_take == D("289.95")  # 5 % of 5799.00
    assert settled.store_due == D("5509.05")
    assert settled.payable == D("5499.00")
    assert settled.payable == settled.store_due + settled.hq_take - settled.platform_discounts


def test_a_category_rate_wins_over_the_tier_and_the_nearest_ancestor_decides():
    terms = Terms(Mode.SALES_SHARE, rate=D("5"), category_rates={10: D("2"), 1: D("8")})
    phone, shirt, other = settle(
        [line("100.00", categories=(10, 1)), line("100.00", categories=(20, 1)), line("100.00", categories=(30,))],
        terms,
    )

    assert (phone.hq_take, shirt.hq_take, other.hq_take) == (D("2.00"), D("8.00"), D("5.00"))


def test_sales_tiers_are_chosen_by_the_periods_net_sales_at_their_boundary():
    terms = Terms(
        Mode.SALES_SHARE, rate=D("6"), sales_tiers=(SalesTier(D("10000"), D("5")), SalesTier(D("50000"), D("4")))
    )

    below = settle([line("9999.99")], terms)
    at = settle([line("6000.00"), line("4000.00")], terms)
    top = settle([line("50000.00")], terms)

    assert below[0].hq_take == D("600.00")  # 6 % of 9999.99 = 599.9994
    assert [part.hq_take for part in at] == [D("300.00"), D("200.00")]
    assert top[0].hq_take == D("2000.00")


def test_price_difference_takes_the_supply_price_of_the_units():
    [settled] = settle([line("300.00", "20.00", quantity=3, supply="70.00")], Terms(Mode.PRICE_DIFFERENCE))

    assert settled.hq_take == D("210.00")
    assert settled.store_due == D("70.00")  # 280.00 net sales, 210.00 of goods


def test_profit_share_gives_the_store_its_bands_share_of_the_profit():
    bands = (MarginBand(D("0"), D("70")), MarginBand(D("20"), D("60")))
    # 1000.00 net sales, cost 850.00: 15 % margin, the store keeps 70 % of 150.00.
    low = settle([line("1000.00", quantity=10, cost="85.00")], Terms(Mode.PROFIT_SHARE, margin_bands=bands))
    # cost 800.00: 20 % margin exactly, the second band: 60 % of 200.00.
    at = settle([line("1000.00", quantity=10, cost="80.00")], Terms(Mode.PROFIT_SHARE, margin_bands=bands))

    assert (low[0].store_due, low[0].hq_take) == (D("105.00"), D("895.00"))
    assert (at[0].store_due, at[0].hq_take) == (D("120.00"), D("880.00"))


def test_a_store_of_hqs_own_gives_nothing():
    [settled] = settle([line("88.00", "8.00", "10.00")], Terms(Mode.NONE))

    assert (settled.hq_take, settled.store_due) == (D("0.00"), D("80.00"))


def test_a_refund_reverses_every_part_in_proportion_and_the_last_takes_what_is_left():
    settled = Parts(D("300.00"), D("10.00"), D("20.00"), D("14.50"))  # payable 270.00

    first = reversal(settled, amount=D("90.00"), quantity=1, quantity_left=3)
    left = settled - first
    last = reversal(left, amount=left.payable, quantity=2, quantity_left=2)

    assert first == Parts(D("100.00"), D("3.33"), D("6.67"), D("4.83"))
    assert first.payable == D("90.00")
    assert settled - first - last == NOTHING


@st.composite
def lines_and_refunds(draw):
    """A line: gross, the two discounts inside it, a quantity; then refunds of random numbers of its units."""
    quantity = draw(st.integers(min_value=1, max_value=5))
    gross = draw(st.integers(min_value=0, max_value=2_000_000))
    store = draw(st.integers(min_value=0, max_value=gross))
    platform = draw(st.integers(min_value=0, max_value=gross - store))
    parts = Parts(*(D(cents) / 100 for cents in (gross, store, platform)))
    refunds = draw(st.lists(st.integers(min_value=1, max_value=quantity), max_size=quantity))
    return parts, quantity, refunds


TERMS = st.sampled_from(
    [
        Terms(Mode.SALES_SHARE, rate=D("5")),
        Terms(Mode.SALES_SHARE, rate=D("6"), sales_tiers=(SalesTier(D("100"), D("3.5")),)),
        Terms(Mode.PRICE_DIFFERENCE),
        Terms(Mode.PROFIT_SHARE, margin_bands=(MarginBand(D("0"), D("70")), MarginBand(D("20"), D("60")))),
        Terms(Mode.NONE),
    ]
)


@given(st.lists(lines_and_refunds(), min_size=1, max_size=6), TERMS)
def test_every_cent_is_accounted_for_per_line_and_per_bill_whatever_the_refunds(cases, terms):
    """Refunds cut each unit's share of what is left (as the orders center does); the parts never go below
    zero, a line refunded in full leaves nothing, and the money identity holds for each line and the bill."""
    lines = [Line(parts, quantity, (), D("1.00"), D("2.00")) for parts, quantity, _ in cases]
    bill = NOTHING
    for (_parts, quantity, refunds), settled in zip(cases, settle(lines, terms), strict=True):
        left, units = settled, quantity
        for wanted in refunds:
            back_units = min(wanted, units)
            if not back_units:
                break
            amount = (left.payable * back_units / units).quantize(D("0.01"))
            back = reversal(left, amount=amount, quantity=back_units, quantity_left=units)
            assert back.payable == (left.payable if back_units == units else amount)
            left, units = left - back, units - back_units
            assert min(left.gross, left.store_discounts, left.platform_discounts, left.payable) >= 0
        assert left.payable == left.store_due + left.hq_take - left.platform_discounts
        if units == 0:
            assert left == NOTHING
        bill += left
    assert bill.payable == bill.store_due + bill.hq_take - bill.platform_discounts
