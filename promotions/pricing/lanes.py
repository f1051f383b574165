"""Stacking, made explicit: every promotion kind runs in a lane, and a line takes at most one promotion per
exclusive group.

- item lane (单品促销): one price cut per unit, whoever funds it; two cuts of one price never stack.
- order lane (满减, 每满减, 套装, 多买): money off a set of lines. One store promotion and one platform promotion
  per line, the platform one tested on what the store one left (as JD's cross-store 跨店满减 stacks on 店铺满减).
- gift lane (赠品, 满赠) and add-on lane (加价购 / 换购): they add goods rather than cut the price of the lines that
  qualify them, so they stack with the order lane; still one of each per line and level.
Seed 002 asks that a product be in one promotion of a group at a time and that the cart let the shopper switch
where several fit; the promotions center refuses an overlap with `promotion_conflict` using `exclusive_group`
(promotions.pricing.kinds). Each kind's rule names its lane.
"""

from enum import StrEnum


class Lane(StrEnum):
    ITEM = "item"
    ORDER = "order"
    GIFT = "gift"
    ADD_ON = "add_on"


class Level(StrEnum):
    STORE = "store"
    PLATFORM = "platform"


def level_of(store: int | None) -> Level:
    return Level.PLATFORM if store is None else Level.STORE
