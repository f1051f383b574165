"""Step 1 of the pipeline: the unit price a line starts from (DESIGN.md "Pricing pipeline")."""

from decimal import Decimal

from marketplace.amounts import quantize
from promotions.pricing.types import HUNDRED, CartLine, Member


def wholesale_price(line: CartLine) -> Decimal | None:
    """The tier price of the highest tier the quantity reaches (seed 001, 阶梯价格)."""
    reached = [tier for tier in line.wholesale_tiers if line.quantity >= tier.min_quantity]
    return max(reached, key=lambda tier: tier.min_quantity).unit_price if reached else None


def base_unit_price(line: CartLine, member: Member) -> Decimal:
    """A flash-sale or group-buy price is the price the shopper signed up for; otherwise the lowest of the SKU
    price, the member-level price, the wholesale tier price and the company's negotiated price, since they are
    alternatives, not stacked cuts."""
    if line.play is not None:  # the play's lane takes the line from the SKU price down to its own
        # A price above the SKU's (an auction's hammer price) is no discount: the line starts from it, and the lane
        # has nothing to take off.
        return max(line.price, line.play.unit_price)
    if line.special_price is not None:
        return line.special_price
    candidates = [line.price, quantize(line.price * member.level_percent / HUNDRED)]
    tier_price = wholesale_price(line)
    if tier_price is not None:
        candidates.append(tier_price)
    if line.negotiated_price is not None:
        candidates.append(line.negotiated_price)
    return min(candidates)
