"""Reads of the promotions center: lists for sellers and operators, and live promotions as the pricing engine
takes them."""

from datetime import datetime

from django.db.models import Count, Q, QuerySet

from promotions import pricing
from promotions.models import Promotion, PromotionUse
from promotions.rules import parse_rules
from stores.models import Store
from stores.selectors import for_store


def store_promotions(*, store: Store) -> QuerySet[Promotion]:
    return for_store(Promotion.objects.all(), store)


def platform_promotions() -> QuerySet[Promotion]:
    return Promotion.objects.filter(store__isnull=True)


def live_promotions(*, store_ids, at: datetime) -> QuerySet[Promotion]:
    """Live promotions of these stores, and the platform's."""
    return Promotion.objects.live(at).filter(Q(store_id__in=store_ids) | Q(store__isnull=True)).order_by("id")


def engine_promotions(*, store_ids, at: datetime, user_id: int | None) -> tuple[pricing.Promotion, ...]:
    """The live promotions for a cart of these stores, as the engine's dataclasses, in two queries: the
    promotions, and the member's uses of those with a per-member limit."""
    promotions = list(live_promotions(store_ids=store_ids, at=at))
    limited = [promotion.pk for promotion in promotions if promotion.per_member_limit]
    used = {}
    if user_id and limited:
        used = dict(
            PromotionUse.objects.filter(user_id=user_id, promotion_id__in=limited)
            .values_list("promotion_id")
            .annotate(count=Count("id"))
        )
    return tuple(to_engine(promotion, uses=used.get(promotion.pk, 0)) for promotion in promotions)


def to_engine(promotion: Promotion, *, uses: int = 0) -> pricing.Promotion:
    return pricing.Promotion(
        id=promotion.pk,
        name=promotion.name,
        kind=pricing.PromotionKind(promotion.kind),
        rule=parse_rules(promotion.kind, promotion.rules),
        starts_at=promotion.starts_at,
        ends_at=promotion.ends_at,
        store=promotion.store_id,
        scope=pricing.GoodsScope(
            all=promotion.scope_all,
            skus=frozenset(promotion.scope_skus),
            categories=frozenset(promotion.scope_categories),
            brands=frozenset(promotion.scope_brands),
            excluded_skus=frozenset(promotion.excluded_skus),
        ),
        channels=frozenset(pricing.Channel(channel) for channel in promotion.channels),
        member_scope=pricing.MemberScope(
            kind=pricing.MemberScopeKind(promotion.member_scope), levels=frozenset(promotion.member_levels)
        ),
        funding=pricing.Funding(pricing.Funder(promotion.funder), promotion.platform_percent),
        member_uses_left=None if promotion.per_member_limit is None else max(promotion.per_member_limit - uses, 0),
    )
