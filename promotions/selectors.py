"""Reads of the promotions center: lists for sellers and operators, and live promotions as the pricing engine
takes them."""

from datetime import datetime

from django.db.models import Count, Q, QuerySet

from catalog.models import BackendCategory, Brand, Sku
from catalog.selectors import store_skus
from promotions import pricing
from promotions.models import Promotion, PromotionUse
from promotions.rules import parse_rules
from stores.models import Store
from stores.selectors import for_store


def store_promotions(*, store: Store) -> QuerySet[Promotion]:
    return for_store(Promotion.objects.all(), store)


def promotable_skus(*, store: Store) -> QuerySet[Sku]:
    """The SKUs a store may name in its promotions and coupons (goods, bundle items, gifts, add-ons): its own
    active ones, which promotion_create and coupon_template_create accept, with their products, product by
    product."""
    return for_store(Sku.objects.filter(is_active=True), store).select_related("spu").order_by("spu_id", "pk")


def store_goods_categories(*, store: Store) -> list[BackendCategory]:
    """The backend categories of the goods the store sells (its own and the HQ goods it lists) with their
    ancestors, since a category covers its whole subtree, in tree order: two queries."""
    leaves = BackendCategory.objects.filter(pk__in=store_skus(store=store).values("spu__category_id"))
    return list(BackendCategory.objects.get_queryset_ancestors(leaves, include_self=True).order_by("tree_id", "lft"))


def store_goods_brands(*, store: Store) -> QuerySet[Brand]:
    """The brands of the goods the store sells, by name."""
    return Brand.objects.filter(pk__in=store_skus(store=store).values("spu__brand_id")).order_by("name")


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
