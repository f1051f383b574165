"""The promotions center's part of the storefront's product responses (catalog.storefront_extras): labels on list
items (`tags`) and the live promotions on a product page (`promotions`).

A product shows the live promotions (inside their window now, not stopped) of its store and of the platform
whose goods scope covers one of its SKUs, as the pricing engine would apply them to a cart line of it. Every
member sees the same list: member scope and channels are told, not applied, since the responses are cached for
everyone (catalog.storefront_cache) and the cart prices the member's own case. One query per page."""

from collections.abc import Sequence
from datetime import datetime

from rest_framework import serializers

from catalog.storefront_extras import StorefrontProduct
from promotions.kinds import kind_spec
from promotions.models import Promotion
from promotions.rules import parse_rules
from promotions.selectors import live_promotions


def promotion_label(promotion: Promotion) -> str:
    """A short label of what the promotion gives ("Spend 300, save 50"), in the active language: its kind's."""
    return kind_spec(promotion.kind).label(parse_rules(promotion.kind, promotion.rules))


def promotions_by_product(products: Sequence[StorefrontProduct], at: datetime) -> dict[int, list[Promotion]]:
    """Product id -> the live promotions covering it, oldest first, each with its `label`. One query."""
    promotions = list(live_promotions(store_ids={product.store_id for product in products}, at=at))
    for promotion in promotions:
        promotion.label = promotion_label(promotion)
        promotion.goods = promotion.goods_scope
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
