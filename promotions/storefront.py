"""The promotions center's part of the storefront's product responses (catalog.storefront_extras): labels on list
items (`tags`) and the live promotions on a product page (`promotions`).

A product shows the live promotions (inside their window now, not stopped) of its store and of the platform
whose goods scope covers one of its SKUs, as the pricing engine would apply them to a cart line of it. Every
member sees the same list: member scope and channels are told, not applied, since the responses are cached for
everyone (catalog.storefront_cache) and the cart prices the member's own case. One query per page."""

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from rest_framework import serializers

from catalog.storefront_extras import StorefrontProduct
from promotions import pricing
from promotions.models import Promotion
from promotions.pricing import PromotionKind
from promotions.rules import parse_rules
from promotions.selectors import live_promotions

HUNDRED = Decimal(100)


def _amount(value: Decimal) -> str:
    """Money as a label prints it: 300 rather than 300.00, 9.90 as it is."""
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value)


def _percent_off(paid_percent: Decimal) -> str:
    # Rules store the share that is paid (API.md: "60" is 6折); a label tells the share taken off.
    return _amount(HUNDRED - paid_percent)


def promotion_label(promotion: Promotion) -> str:
    """A short label of what the promotion gives ("Spend 300, save 50"), in the active language."""
    rule = parse_rules(promotion.kind, promotion.rules)
    match PromotionKind(promotion.kind):
        case PromotionKind.ITEM_DISCOUNT if rule.percent is not None:
            return _("%(off)s%% off") % {"off": _percent_off(rule.percent)}
        case PromotionKind.ITEM_DISCOUNT:
            return _("Special price %(price)s") % {"price": _amount(rule.price)}
        case PromotionKind.FULL_REDUCTION:
            return "; ".join(
                _("Spend %(threshold)s, save %(discount)s")
                % {"threshold": _amount(tier.threshold), "discount": _amount(tier.discount)}
                for tier in rule.tiers
            )
        case PromotionKind.EVERY_FULL_REDUCTION if rule.cap is not None:
            return _("Save %(discount)s on every %(step)s, up to %(cap)s") % {
                "discount": _amount(rule.discount),
                "step": _amount(rule.step),
                "cap": _amount(rule.cap),
            }
        case PromotionKind.EVERY_FULL_REDUCTION:
            return _("Save %(discount)s on every %(step)s") % {
                "discount": _amount(rule.discount),
                "step": _amount(rule.step),
            }
        case PromotionKind.BUNDLE:
            return _("Bundle for %(price)s") % {"price": _amount(rule.price)}
        case PromotionKind.GIFT:
            return _("Free gift")
        case PromotionKind.FULL_GIFT:
            return _("Free gift from %(threshold)s") % {"threshold": _amount(rule.tiers[0].threshold)}
        case PromotionKind.MULTI_BUY_PRICE:
            return _("Any %(count)d for %(price)s") % {"count": rule.count, "price": _amount(rule.price)}
        case PromotionKind.MULTI_BUY_PERCENT:
            return _("%(off)s%% off from %(count)d items") % {"off": _percent_off(rule.percent), "count": rule.count}
        case PromotionKind.ADD_ON_PURCHASE:
            return _("Add-on deals from %(threshold)s") % {"threshold": _amount(rule.threshold)}
    raise ValueError(f"no label for promotion kind {promotion.kind}")


def _scope(promotion: Promotion) -> pricing.GoodsScope:
    return pricing.GoodsScope(
        all=promotion.scope_all,
        skus=frozenset(promotion.scope_skus),
        categories=frozenset(promotion.scope_categories),
        brands=frozenset(promotion.scope_brands),
        excluded_skus=frozenset(promotion.excluded_skus),
    )


def promotions_by_product(products: Sequence[StorefrontProduct], at: datetime) -> dict[int, list[Promotion]]:
    """Product id -> the live promotions covering it, oldest first, each with its `label`. One query."""
    promotions = list(live_promotions(store_ids={product.store_id for product in products}, at=at))
    for promotion in promotions:
        promotion.label = promotion_label(promotion)
        promotion.goods = _scope(promotion)
    return {
        product.id: [
            promotion
            for promotion in promotions
            if promotion.store_id in (None, product.store_id) and promotion.goods.covers_product(product)
        ]
        for product in products
    }


def product_tags(products: Sequence[StorefrontProduct], at: datetime) -> dict[int, list[str]]:
    """List badges: the labels of the live promotions covering each product."""
    return {
        product_id: [promotion.label for promotion in promotions]
        for product_id, promotions in promotions_by_product(products, at).items()
    }


class ProductPromotionSerializer(serializers.Serializer):
    """A live promotion as a product page shows it."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    label = serializers.CharField()
    store = serializers.IntegerField(source="store_id", allow_null=True, help_text="null: a platform promotion")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    member_scope = serializers.CharField(help_text="all, new_members or levels: who the cart applies it to")
    rules = serializers.DictField()


def product_promotions(products: Sequence[StorefrontProduct], at: datetime) -> dict[int, list[dict]]:
    return {
        product_id: ProductPromotionSerializer(promotions, many=True).data
        for product_id, promotions in promotions_by_product(products, at).items()
    }
