"""Whether a promotion applies at all (time window, channel, member scope, per-member limit) and to which lines
(on-shelf goods of its store inside its goods scope). Seed 002: 促销时间, 促销范围 (全网 / APP / 微信商城),
会员级别 (全员 / 新注册用户 / 某等级会员), 限购."""

from promotions.pricing.types import (
    AddOnPurchaseRule,
    BundleRule,
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
    )


def promotion_fits_line(promotion: Promotion, line: CartLine) -> bool:
    """A bundle covers exactly its items; an add-on buy covers its scope (the threshold goods) and its add-on
    items; every other kind covers its goods scope. Off-shelf goods never get here (invalid lines are skipped)."""
    if promotion.store is not None and promotion.store != line.store:
        return False
    if line.sku in promotion.scope.excluded_skus:
        return False
    rule = promotion.rule
    if isinstance(rule, BundleRule):
        return any(item.sku == line.sku for item in rule.items)
    if isinstance(rule, AddOnPurchaseRule) and any(item.sku == line.sku for item in rule.items):
        return True
    return promotion.scope.covers(line)
