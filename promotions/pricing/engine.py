"""The pricing pipeline (DESIGN.md "Pricing pipeline"): one pure function from a cart to its breakdown, shared
by the cart page, the checkout preview, order submission and refunds.

1. base unit price; 1b. a play's price (flash sale), its own lane; 2. item promotions; 3. store promotions, then
platform promotions, lane by lane (3b. instead, an assisted order's special discount, decision 0042); 4. store
coupons, then platform coupons; 5. points, then stored value (a payment, not a discount); 6. freight per store
order.

What a promotion gives is its rule's to say (promotions/pricing/kinds/): the engine asks each rule its lane, the
lines it covers and its offer, and keeps no table of kinds.
"""

from collections import defaultdict
from decimal import Decimal

from logistics.freight import FreightItem, FreightTemplate, store_order_freight
from marketplace.amounts import ZERO
from promotions.pricing import item_lane
from promotions.pricing.award import Award
from promotions.pricing.base_price import base_unit_price
from promotions.pricing.breakdown import CartBreakdown, CouponReport, LineBreakdown, Source, StoreBreakdown
from promotions.pricing.coupons import CouponDesk
from promotions.pricing.eligibility import promotion_fits_line, promotion_is_live
from promotions.pricing.lanes import Lane, Level, level_of
from promotions.pricing.ledger import DiscountSource, Ledger, LineState
from promotions.pricing.points import spend_points
from promotions.pricing.stored_value import pay_with_stored_value
from promotions.pricing.types import STORE_FUNDED, Agreement, CartInput, CartLine, Coupon, Promotion

# Within a level the gift and add-on lanes run first: a gift changes no payable, and an add-on buy changes only
# its add-on lines, so 满赠 and 换购 thresholds are tested on the goods amount the cart shows, before 满减.
LANES_OF_A_LEVEL = (Lane.GIFT, Lane.ADD_ON, Lane.ORDER)
# Store promotions first; platform promotions are tested on what the store ones left, as coupons are (DESIGN.md:
# store coupons, then platform coupons) and as a cross-store 跨店满减 counts the store-discounted prices.
LEVELS_IN_ORDER = (Level.STORE, Level.PLATFORM)


def price_cart(cart: CartInput) -> CartBreakdown:
    """Price a cart: the same input always gives the same breakdown, and nothing outside `cart` is read."""
    templates = {template.id: template for template in cart.freight_templates}
    ledger = Ledger([_open_line(line, cart, templates) for line in cart.lines])
    priced = [line for line in ledger.lines if line.valid]
    # An assisted order's agreed prices are the deal: no promotion cuts them again (decision 0042).
    live = [] if cart.agreement else [promotion for promotion in cart.promotions if promotion_is_live(promotion, cart)]
    _apply_play_lane(ledger, priced)
    fitting = _index_fits(live, priced)
    _apply_item_lane(ledger, live, fitting)
    awards: list[Award] = []
    for level in LEVELS_IN_ORDER:
        for lane in LANES_OF_A_LEVEL:
            group = [p for p in live if p.rule.lane is lane and level_of(p.store) is level]
            awards += _run_group(ledger, group, fitting)
    if cart.agreement is not None:
        _apply_agreement(ledger, cart.agreement, priced)
    desk = _apply_coupons(cart, ledger, priced)
    # Freight is charged on the goods payable after coupons: points pay for goods like money does, so they
    # must not decide whether an order ships free.
    freight = _freight_by_store(cart, templates, priced)
    points = spend_points(cart, ledger, priced)
    stored_value = pay_with_stored_value(cart, priced)
    return CartBreakdown(
        stores=_stores(cart, ledger, awards, freight),
        discounts=ledger.applied,
        coupons=CouponReport(tuple(desk.applied), tuple(desk.usable), tuple(desk.unusable)),
        points=points,
        warnings=tuple(desk.warnings),
        stored_value=stored_value,
    )


def _invalid_reason(line: CartLine, region: str | None, templates: dict[int, FreightTemplate]) -> str:
    if not line.on_shelf:
        return "off_shelf"
    if line.quantity < line.min_quantity:
        return "below_minimum"
    if line.available is not None and line.quantity > line.available:
        return "out_of_stock"
    template = templates[line.freight_template] if line.freight_template is not None else None
    if region is not None and template is not None and not template.delivers_to(region):
        return "undeliverable"
    return ""


def _open_line(line: CartLine, cart: CartInput, templates: dict[int, FreightTemplate]) -> LineState:
    unit_price = base_unit_price(line, cart.member)
    reason = _invalid_reason(line, cart.region, templates)
    return LineState(line, unit_price, unit_price * line.quantity, reason=reason)


def _index_fits(live: list[Promotion], priced: list[LineState]) -> dict[int, list[LineState]]:
    """Which valid lines each live promotion fits, once per call. A flash-sale or group-buy price is already the
    deal, so item promotions do not cut it again."""
    fitting: dict[int, list[LineState]] = {}
    for promotion in live:
        item = promotion.rule.lane is Lane.ITEM
        lines = [
            line
            for line in priced
            if promotion_fits_line(promotion, line.line)
            and not (item and line.line.special_price is not None)
            and not _play_excludes(line.line, item)
        ]
        for line in lines:
            line.promotions.append(promotion.id)
        fitting[promotion.id] = lines
    return fitting


def _play_excludes(line: CartLine, item: bool) -> bool:
    """A play's line takes no item promotion (its price is the deal), and no promotion at all when the play is
    exclusive (its seller's choice, the default)."""
    return line.play is not None and (item or line.play.exclusive)


def _apply_play_lane(ledger: Ledger, priced: list[LineState]) -> None:
    """Each play line: from the SKU's price to the play's, one component funded as the play says."""
    for line in priced:
        play = line.line.play
        if play is not None and play.unit_price < line.unit_price:
            source = DiscountSource(Source.PLAY, play.source_id, play.kind, play.funding, play.name)
            ledger.give_exact(source, line, (line.unit_price - play.unit_price) * line.line.quantity)


def _apply_agreement(ledger: Ledger, agreement: Agreement, priced: list[LineState]) -> None:
    """The store's special discount over its lines of the agreement, apportioned by what each owes."""
    lines = [line for line in priced if line.line.store == agreement.store]
    source = DiscountSource(Source.SPECIAL, agreement.source_id, "special_discount", STORE_FUNDED, agreement.name)
    ledger.give(source, agreement.discount, lines)


def _source(promotion: Promotion) -> DiscountSource:
    return DiscountSource(Source.PROMOTION, promotion.id, str(promotion.kind), promotion.funded_by, promotion.name)


def _apply_item_lane(ledger: Ledger, live: list[Promotion], fitting: dict[int, list[LineState]]) -> None:
    candidates: dict[int, list[Promotion]] = defaultdict(list)
    for promotion in live:
        if promotion.rule.lane is Lane.ITEM:
            for line in fitting[promotion.id]:
                candidates[id(line)].append(promotion)
    for line in ledger.lines:
        chosen = item_lane.pick_item_promotion(line, candidates.get(id(line), []))
        if chosen is not None:
            ledger.give_exact(_source(chosen), line, item_lane.line_discount(chosen, line))


def _switched_away(line: LineState, promotion: Promotion, group: set[int]) -> bool:
    """The shopper switched this line to a rival in the same exclusive group (seed 002: 可以选择修改促销方案)."""
    chosen = line.line.chosen_promotion
    return chosen in group and chosen != promotion.id


def _free_lines(
    promotion: Promotion, fitting: dict[int, list[LineState]], taken: set[int], group: set[int]
) -> list[LineState]:
    """Lines the promotion may still take: not taken in this group, and not switched by the shopper to a rival."""
    return [
        line for line in fitting[promotion.id] if id(line) not in taken and not _switched_away(line, promotion, group)
    ]


def _run_group(ledger: Ledger, promotions: list[Promotion], fitting: dict[int, list[LineState]]) -> list[Award]:
    """One exclusive group: the best offer for the shopper wins its lines, the rest are offered what is left.

    Greedy by the largest discount (the highest tier for gifts), the older promotion on a tie; the shopper's
    switch in the cart pins a line to the promotion they chose.
    """
    group = {promotion.id for promotion in promotions}
    pending = list(promotions)
    taken: set[int] = set()
    awards: list[Award] = []
    while pending:
        offers = [
            offer
            for promotion in pending
            if (offer := promotion.rule.evaluate(promotion, _free_lines(promotion, fitting, taken, group)))
        ]
        if not offers:
            break
        winner = max(offers, key=lambda offer: (offer.score, -offer.promotion.id))
        _grant(ledger, winner)
        taken.update(id(line) for line in winner.lines)
        pending.remove(winner.promotion)
        awards.append(winner)
    return awards


def _grant(ledger: Ledger, award: Award) -> None:
    source = _source(award.promotion)
    if award.gifts:
        ledger.record_gifts(source, tuple((gift.sku, gift.quantity) for gift in award.gifts))
    if award.discount > 0:
        ledger.give(source, award.discount, award.lines, award.weights)


def _apply_coupons(cart: CartInput, ledger: Ledger, priced: list[LineState]) -> CouponDesk:
    desk = CouponDesk(cart, ledger, [], [], [], [])
    by_store: dict[int, list[LineState]] = defaultdict(list)
    for line in priced:
        by_store[line.line.store].append(line)
    store_coupons: dict[int, list[Coupon]] = defaultdict(list)
    platform_coupons: list[Coupon] = []
    for coupon in cart.coupons:
        (platform_coupons if coupon.store is None else store_coupons[coupon.store]).append(coupon)
    for store, coupons in store_coupons.items():
        desk.settle_round(coupons, by_store.get(store, []), "one_coupon_per_store")
    desk.settle_round(platform_coupons, priced, "one_platform_coupon_per_order")
    known = {coupon.id for coupon in cart.coupons}
    desk.unusable += [(cid, "unknown_coupon") for cid in cart.chosen_coupons or () if cid not in known]
    return desk


def _freight_by_store(
    cart: CartInput, templates: dict[int, FreightTemplate], priced: list[LineState]
) -> dict[int, Decimal]:
    if cart.region is None:
        return {}
    items: dict[int, list[FreightItem]] = defaultdict(list)
    for state in priced:
        line = state.line
        if line.freight_template is not None:
            item = FreightItem(line.freight_template, line.quantity, line.weight, line.volume, state.payable)
            items[line.store].append(item)
    return {store: store_order_freight(templates, store_items, cart.region) for store, store_items in items.items()}


def _gift_store(award: Award) -> int:
    """A store promotion's gifts come from its store; a platform one's from the store that sold the most of the
    goods that earned them (its warehouse ships the parcel the gift travels in)."""
    if award.promotion.store is not None:
        return award.promotion.store
    owed_by_store: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for line in award.lines:
        owed_by_store[line.line.store] += line.payable
    return max(owed_by_store, key=lambda store: (owed_by_store[store], -store))


def _gift_lines(awards: list[Award]) -> dict[int, list[LineBreakdown]]:
    gifts: dict[int, list[LineBreakdown]] = defaultdict(list)
    for award in (award for award in awards if award.gifts):
        store = _gift_store(award)
        for gift in award.gifts:
            gifts[store].append(
                LineBreakdown(None, gift.sku, store, gift.quantity, ZERO, gift=True, promotions=(award.promotion.id,))
            )
    return gifts


def _stores(
    cart: CartInput, ledger: Ledger, awards: list[Award], freight: dict[int, Decimal]
) -> tuple[StoreBreakdown, ...]:
    names = {promotion.id: promotion.name for promotion in cart.promotions}
    lines: dict[int, list[LineBreakdown]] = defaultdict(list)
    for state in ledger.lines:
        lines[state.line.store].append(state.freeze())
    for store, gifts in _gift_lines(awards).items():
        lines[store] += gifts
    return tuple(StoreBreakdown(store, tuple(lines[store]), freight.get(store, ZERO), names) for store in lines)
