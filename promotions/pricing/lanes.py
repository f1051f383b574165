"""Stacking, made explicit: every promotion kind runs in a lane, and a line takes at most one promotion per
exclusive group.

- item lane (单品促销): one price cut per unit, whoever funds it; two cuts of one price never stack.
- order lane (满减, 每满减, 套装, 多买): money off a set of lines. One store promotion and one platform promotion
  per line, the platform one tested on what the store one left (as JD's cross-store 跨店满减 stacks on 店铺满减).
- gift lane (赠品, 满赠) and add-on lane (加价购 / 换购): they add goods rather than cut the price of the lines that
  qualify them, so they stack with the order lane; still one of each per line and level.
Seed 002 asks that a product be in one promotion of a group at a time and that the cart let the shopper switch
where several fit; the promotions center refuses an overlap with `promotion_conflict` using `exclusive_group`.
"""

from enum import StrEnum

from promotions.pricing.types import PromotionKind


class Lane(StrEnum):
    ITEM = "item"
    ORDER = "order"
    GIFT = "gift"
    ADD_ON = "add_on"


class Level(StrEnum):
    STORE = "store"
    PLATFORM = "platform"


LANE_OF_KIND: dict[PromotionKind, Lane] = {
    PromotionKind.ITEM_DISCOUNT: Lane.ITEM,
    PromotionKind.FULL_REDUCTION: Lane.ORDER,
    PromotionKind.EVERY_FULL_REDUCTION: Lane.ORDER,
    PromotionKind.BUNDLE: Lane.ORDER,
    PromotionKind.MULTI_BUY_PRICE: Lane.ORDER,
    PromotionKind.MULTI_BUY_PERCENT: Lane.ORDER,
    PromotionKind.GIFT: Lane.GIFT,
    PromotionKind.FULL_GIFT: Lane.GIFT,
    PromotionKind.ADD_ON_PURCHASE: Lane.ADD_ON,
}


def level_of(store: int | None) -> Level:
    return Level.PLATFORM if store is None else Level.STORE


def exclusive_group(kind: PromotionKind, store: int | None) -> tuple[Lane, Level | None]:
    """Two promotions in the same group may not share a product at the same time. The item lane is one group
    across levels (a price is cut once); the other lanes have a store group and a platform group."""
    lane = LANE_OF_KIND[kind]
    return (lane, None) if lane is Lane.ITEM else (lane, level_of(store))
