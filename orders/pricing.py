"""From rows to the pure pricing engine and back: the one place the cart, the checkout preview and order
submission build a `CartInput` (promotions.pricing), so that all three price a cart the same way.

The number of queries is fixed, whatever the number of lines: the SKUs with their stock, their categories'
ancestors, the member's level, the live promotions and the member's uses of them, the points rule, whether the
member buys for an approved company (and then its wholesale terms and negotiated prices: companies.selectors), and
(with an address) the freight templates."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from functools import reduce
from operator import or_

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from catalog.models import BackendCategory, Sku, SpuStatus, Stock
from catalog.selectors import ancestors_and_self, line_picture, skus_sold_by, skus_with_availability
from companies.deals.selectors import DealCheckout
from companies.selectors import NO_TERMS, BusinessTerms, SkuTerms, business_terms
from flashsales.services import LivePlay, member_live_holds
from logistics.selectors import engine_templates
from marketplace.compiled import CompiledRead
from members.models import User
from members.selectors import is_new_member, level_price_percent, points_lots
from members.services.points import points_rule
from orders.plays import PlayChoice, PlayLine, play_for
from promotions import pricing
from promotions.pricing.types import HUNDRED
from promotions.selectors import engine_promotions
from stores.models import Store, StoreStatus

GRAMS_PER_KG = Decimal(1000)
MM3_PER_M3 = Decimal(10**9)


@dataclass(frozen=True)
class LineRequest:
    """A line to price: a SKU and quantity, optionally a cart line id and the promotion the shopper chose."""

    sku_id: int
    quantity: int
    line_id: int | None = None
    chosen_promotion: int | None = None
    seller_id: int | None = None  # a franchise or direct store selling HQ's SKU through its listing


@dataclass(frozen=True)
class PricedCart:
    """The engine's breakdown, with the rows it was built from (the cart page shows titles and pictures)."""

    breakdown: pricing.CartBreakdown
    skus: dict[int, Sku]
    promotion_names: dict[int, str]


def price_lines(
    *,
    user: User | None,
    lines: Sequence[LineRequest],
    now: datetime,
    channel: pricing.Channel = pricing.Channel.WEB,
    region: str | None = None,
    coupons: tuple[pricing.Coupon, ...] = (),
    chosen_coupons: tuple[int, ...] | None = None,
    points: int = 0,
    stored_value: Decimal = Decimal("0.00"),
    with_plays: bool = False,
    play: PlayChoice | None = None,
    deal: DealCheckout | None = None,
) -> PricedCart:
    """`with_plays`: lines checked out past the cart ("buy now", the API's lines) take the member's live flash-sale
    holds at their flash price (one query more); the cart itself does not (a hold is checked out at once).
    `play`: the one line is bought through that marketing play (orders/plays.py), at the price it gives.
    `deal`: the lines are an accepted deal's, at its agreed prices with its special discount (decision 0042)."""
    skus = _skus(lines)
    known = [line for line in lines if line.sku_id in skus]
    ancestors = _category_ancestors(skus.values())
    store_ids = {sku.seller_id for sku in skus.values()}
    member_plays = _member_plays(user, known, play, now) if with_plays or play else {}
    business = business_terms(user=user, sku_ids=skus, day=timezone.localdate(now))
    cart = pricing.CartInput(
        lines=tuple(
            _deal_line(
                _business_line(
                    _cart_line(
                        line, skus[line.sku_id], ancestors, with_freight=region is not None, play=member_plays.get(line)
                    ),
                    business.of(line.sku_id),
                ),
                deal,
            )
            for line in known
        ),
        now=now,
        member=_member(user, now, business),
        channel=channel,
        region=region,
        promotions=engine_promotions(store_ids=store_ids, at=now, user_id=user.pk if user else None),
        coupons=coupons,
        chosen_coupons=chosen_coupons,
        points=points,
        points_rule=_points_rule() if points else None,
        points_lots=_points_lots(user) if points else (),
        stored_value=stored_value,
        freight_templates=_freight_templates(skus.values()) if region else (),
        agreement=_agreement(deal),
    )
    return PricedCart(
        breakdown=pricing.price_cart(cart),
        skus=skus,
        promotion_names={promotion.id: promotion.name for promotion in cart.promotions},
    )


def with_best_warehouse(skus, *, store_id=None):
    """Each SKU annotated with `warehouse`: the selling store's warehouse (`store_id`, else the SKU's own store's)
    with the most available, as stock_reserve chooses when nothing changes meanwhile. Order submission writes its
    lines with it before it reserves (last, under the row locks, where the choice is made again)."""
    stocks = Stock.objects.filter(sku_id=OuterRef("pk"), warehouse__store_id=store_id or OuterRef("store_id"))
    best = stocks.order_by((F("reserved") - F("on_hand")).asc(), "pk").values("warehouse_id")[:1]
    return skus.annotate(warehouse=Subquery(best))


def _own_skus(sku_ids: list[int]):
    """The SKUs sold by their own store, with their product, category, stores, `available` there, the best
    warehouse, `category_path`: the leaf category and its ancestors (an mptt range read in the same statement), and
    `line_picture`: the picture an order line keeps (catalog.selectors.line_picture)."""
    path = BackendCategory.objects.filter(
        tree_id=OuterRef("spu__category__tree_id"),
        lft__lte=OuterRef("spu__category__lft"),
        rght__gte=OuterRef("spu__category__rght"),
    ).values("pk")
    skus = skus_with_availability(Sku.objects.filter(pk__any=sku_ids)).annotate(
        category_path=ArraySubquery(path), line_picture=line_picture()
    )
    return with_best_warehouse(skus).select_related("spu__category", "spu__store", "store")


# Read for every cart, preview and submission: compiled and prepared once (decision 0036).
OWN_SKUS = CompiledRead(_own_skus, sku_ids=[-7_301_947])


def own_skus(sku_ids: list[int]) -> dict[int, Sku]:
    """SKUs sold by their own store (OWN_SKUS), each with `seller_id` and `selling_store`: that store."""
    skus = {}
    for sku in OWN_SKUS.instances(sku_ids=sku_ids) if sku_ids else ():
        sku.seller_id, sku.selling_store, sku.listed, sku.store_price = sku.store_id, sku.store, True, None
        skus[sku.pk] = sku
    return skus


def _skus(lines: Sequence[LineRequest]) -> dict[int, Sku]:
    """The lines' SKUs, each with `seller_id`, `selling_store` and, for the SKU's own store, `available` there.
    A line a franchise or direct store sells (docs/decisions/0037) reads its SKU as that store sells it: the
    store's stock, its own price where HQ allows one, and whether it still lists the product (two queries more
    per such store, none when no line names one)."""
    skus = own_skus([line.sku_id for line in lines if line.seller_id is None])
    by_seller: dict[int, list[int]] = defaultdict(list)
    for line in lines:
        if line.seller_id is not None:
            by_seller[line.seller_id].append(line.sku_id)
    sellers = Store.objects.in_bulk(list(by_seller)) if by_seller else {}
    for seller_id, sku_ids in by_seller.items():
        sold = with_best_warehouse(skus_sold_by(sku_ids=sku_ids, store_id=seller_id), store_id=seller_id)
        for sku in sold.annotate(line_picture=line_picture()).select_related("spu__category", "spu__store"):
            sku.seller_id, sku.selling_store = seller_id, sellers[seller_id]
            skus[sku.pk] = sku
    return skus


def _category_ancestors(skus) -> dict[int, frozenset[int]]:
    """Each leaf category -> itself and its ancestors, for scopes that name a category at any level: read with the
    SKU (`category_path`), else one query for the SKUs read without it (those a franchise store sells)."""
    paths = {sku.spu.category_id: frozenset(sku.category_path) for sku in skus if hasattr(sku, "category_path")}
    missing = {sku.spu.category for sku in skus if sku.spu.category_id not in paths}
    if not missing:
        return paths
    rows = list(BackendCategory.objects.filter(reduce(or_, (ancestors_and_self(c) for c in missing))))
    return paths | {
        leaf.pk: frozenset(row.pk for row in rows if row.tree_id == leaf.tree_id and row.lft <= leaf.lft <= row.rght)
        for leaf in missing
    }


def _member_plays(
    user: User | None, lines: Sequence[LineRequest], play: PlayChoice | None, now: datetime
) -> dict[LineRequest, PlayLine]:
    """The lines bought through a play: the one the checkout names (the play prices it or says why not), else each
    line the member holds a live flash-sale hold for, of the held quantity (one query)."""
    if user is None or not user.is_authenticated:
        return {}
    if play is not None:  # the checkout names one line with its play
        chosen = play_for(play.kind)
        return {
            line: chosen.line(user=user, ref=play.ref, sku_id=line.sku_id, quantity=line.quantity, now=now)
            for line in lines
        }
    holds = member_live_holds(user_id=user.pk, sku_ids=[line.sku_id for line in lines], now=now)
    return {
        line: PlayLine(price=_flash_price(hold), held=hold.quantity)
        for line in lines
        if (hold := holds.get(line.sku_id)) is not None and hold.quantity == line.quantity
    }


def _cart_line(
    line: LineRequest, sku: Sku, ancestors: dict[int, frozenset[int]], *, with_freight: bool, play: PlayLine | None
) -> pricing.CartLine:
    """`with_freight` False (no address yet): no freight is charged, so the templates are not loaded and the line
    names none. `play`: the line is priced by a marketing play, and the units the play holds for the member (a
    flash sale's, out of sellable stock since the session was published) count as available."""
    spu = sku.spu
    for_sale = sku.is_active and spu.status == SpuStatus.ON_SHELF and sku.store.status == StoreStatus.ACTIVE
    return pricing.CartLine(
        line_id=line.line_id,
        sku=sku.pk,
        store=sku.seller_id,
        quantity=line.quantity,
        price=sku.store_price or sku.price,
        categories=ancestors.get(spu.category_id, frozenset()),
        brand=spu.brand_id,
        freight_template=spu.freight_template_id if with_freight else None,
        weight=Decimal(sku.weight_g) / GRAMS_PER_KG,
        volume=Decimal(sku.length_mm * sku.width_mm * sku.height_mm) / MM3_PER_M3,
        on_shelf=for_sale and sku.listed,
        available=sku.available + play.held if play is not None else sku.available,
        chosen_promotion=line.chosen_promotion,
        play=play.price if play is not None else None,
    )


def _business_line(line: pricing.CartLine, terms: SkuTerms) -> pricing.CartLine:
    """A business buyer's terms on the line (decision 0039): tiers, the negotiated price, the minimum quantity."""
    if terms is NO_TERMS:
        return line
    return replace(
        line,
        wholesale_tiers=tuple(pricing.WholesaleTier(quantity, price) for quantity, price in terms.tiers),
        negotiated_price=terms.negotiated_price,
        min_quantity=terms.min_quantity,
    )


def _deal_line(line: pricing.CartLine, deal: DealCheckout | None) -> pricing.CartLine:
    """An accepted deal's line costs exactly its agreed price, whatever the buyer's standing terms (the contract
    says that price), and the agreed quantity stands even below the SKU's minimum order quantity."""
    if deal is None:
        return line
    agreed = {sku: price for sku, _quantity, price in deal.lines}
    return replace(line, special_price=agreed.get(line.sku), min_quantity=1)


def _agreement(deal: DealCheckout | None) -> pricing.Agreement | None:
    if deal is None:
        return None
    return pricing.Agreement(
        source_id=deal.deal_id, store=deal.store_id, discount=deal.special_discount, name=deal.name
    )


FLASH_SALE = "flash_sale"


def _flash_price(hold: LivePlay) -> pricing.PlayPrice:
    """A flash sale's price: an operator's session is funded by the platform, a store's by the store."""
    funding = pricing.PLATFORM_FUNDED if hold.store_id is None else pricing.STORE_FUNDED
    return pricing.PlayPrice(
        kind=FLASH_SALE,
        source_id=hold.session_id,
        unit_price=hold.flash_price,
        funding=funding,
        name=hold.session_name,
        exclusive=hold.exclusive,
    )


def _member(user: User | None, now: datetime, business: BusinessTerms) -> pricing.Member:
    """The shopper as the engine sees them, new member or not by members.selectors.is_new_member, buying for their
    company or not."""
    if user is None or not user.is_authenticated:
        return pricing.Member()
    level_percent = level_price_percent(user)
    return pricing.Member(
        id=user.pk,
        level=user.level_id,
        level_percent=HUNDRED if level_percent is None else level_percent,
        is_new=is_new_member(user, now=now),
        points_balance=user.points_balance,
        stored_value_balance=user.stored_value_balance,
        company=business.company_id,
    )


def _points_rule() -> pricing.PointsRule:
    rule = points_rule()
    return pricing.PointsRule(
        points_per_yuan=rule.points_per_yuan_off, max_share_percent=Decimal(rule.max_order_share_percent)
    )


def _points_lots(user: User | None) -> tuple[pricing.PointsLot, ...]:
    """The member's open points lots with the store that earned each, in the order spending takes them (one query,
    only when points are asked for): the engine says which store's points fund what (decision 0041)."""
    if user is None or not user.is_authenticated:
        return ()
    return tuple(pricing.PointsLot(store, points) for store, points in points_lots(user=user))


def _freight_templates(skus) -> tuple:
    ids = {sku.spu.freight_template_id for sku in skus if sku.spu.freight_template_id}
    return tuple(engine_templates(template_ids=ids).values())
