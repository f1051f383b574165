"""Whether a promotion applies at all (time window, channel, member scope, per-member limit) and to which lines
(on-shelf goods of its store inside its goods scope). Seed 002: 促销时间, 促销范围 (全网 / APP / 微信商城),
会员级别 (全员 / 新注册用户 / 某等级会员), 限购."""

from promotions.pricing.types import (
    CartInput,
    CartLine,
    Member,
    MemberScope,
    MemberScopeKind,
    Promotion,
)


def member_in_scope(scope: MemberScope, member: Member) -> bool:
    if scope.kind is MemberScopeKind.NEW_MEMBERS:
        return member.is_new
    if scope.kind is MemberScopeKind.LEVELS:
        return member.level in scope.levels
    return True


def promotion_is_live(promotion: Promotion, cart: CartInput) -> bool:
    return (
        promotion.starts_at <= cart.now < promotion.ends_at
        and (not promotion.channels or cart.channel in promotion.channels)
        and member_in_scope(promotion.member_scope, cart.member)
        and promotion.member_uses_left != 0
        and not (promotion.retail_only and cart.member.is_business)
    )


def promotion_fits_line(promotion: Promotion, line: CartLine) -> bool:
    """A line of the promotion's store (any store's for a platform one), not excluded, that its rule covers: most
    kinds cover their goods scope, a bundle exactly its items, an add-on buy its scope and its add-on items.
    Off-shelf goods never get here (invalid lines are skipped)."""
    if promotion.store is not None and promotion.store != line.store:
        return False
    if line.sku in promotion.scope.excluded_skus:
        return False
    return promotion.rule.covers(line, promotion.scope)
