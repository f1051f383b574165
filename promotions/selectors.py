"""Reads of the promotions center: lists for sellers and operators, and live promotions as the pricing engine
takes them."""

from dataclasses import replace
from datetime import datetime

from django.db.models import Count, Q, QuerySet

from catalog.models import BackendCategory, Brand, Sku
from catalog.selectors import store_skus
from marketplace.config_cache import ConfigMemo
from promotions import pricing
from promotions.models import Promotion, PromotionStatus, PromotionUse
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
    return _of_stores(Promotion.objects.live(at), store_ids)


def _of_stores(promotions: QuerySet[Promotion], store_ids) -> QuerySet[Promotion]:
    """Those of `promotions` that apply to these stores' goods: their own and the platform's, oldest first."""
    return promotions.filter(Q(store_id__in=store_ids) | Q(store__isnull=True)).order_by("id")


# The live and coming promotions of each set of stores, as the engine takes them: read for every cart, preview
# and submission, changed a few times a day (marketplace.config_cache; moved by the signals in apps.py).
ENGINE_PROMOTIONS = ConfigMemo("promotions")


def engine_promotions(*, store_ids, at: datetime, user_id: int | None) -> tuple[pricing.Promotion, ...]:
    """The promotions live at `at` for a cart of these stores, as the engine's dataclasses: the stores' from
    memory while no promotion has changed (else one query), then the member's uses of those with a per-member
    limit (one query, when there are such). `at` is now: what memory keeps is what had not ended when it was
    filled."""
    stores = frozenset(store_ids)
    candidates = ENGINE_PROMOTIONS.get(stores, lambda: _not_ended(stores, at))
    promotions = [promotion for promotion in candidates if promotion.starts_at <= at < promotion.ends_at]
    limited = [promotion.id for promotion in promotions if promotion.member_uses_left is not None]
    used = {}
    if user_id and limited:
        used = dict(
            PromotionUse.objects.filter(user_id=user_id, promotion_id__in=limited)
            .values_list("promotion_id")
            .annotate(count=Count("id"))
        )
    return tuple(
        replace(promotion, member_uses_left=max(promotion.member_uses_left - used[promotion.id], 0))
        if promotion.id in used
        else promotion
        for promotion in promotions
    )


def _not_ended(store_ids: frozenset[int], at: datetime) -> tuple[pricing.Promotion, ...]:
    """Active promotions of these stores and the platform's that have not ended, no member's uses counted."""
    rows = _of_stores(Promotion.objects.filter(status=PromotionStatus.ACTIVE, ends_at__gt=at), store_ids)
    return tuple(to_engine(promotion) for promotion in rows)


def to_engine(promotion: Promotion, *, uses: int = 0) -> pricing.Promotion:
    return pricing.Promotion(
        id=promotion.pk,
        name=promotion.name,
        kind=pricing.PromotionKind(promotion.kind),
        rule=parse_rules(promotion.kind, promotion.rules),
        starts_at=promotion.starts_at,
        ends_at=promotion.ends_at,
        store=promotion.store_id,
        scope=promotion.goods_scope,
        channels=frozenset(pricing.Channel(channel) for channel in promotion.channels),
        member_scope=pricing.MemberScope(
            kind=pricing.MemberScopeKind(promotion.member_scope), levels=frozenset(promotion.member_levels)
        ),
        funding=pricing.Funding(pricing.Funder(promotion.funder), promotion.platform_percent),
        member_uses_left=None if promotion.per_member_limit is None else max(promotion.per_member_limit - uses, 0),
        retail_only=promotion.retail_only,
    )
