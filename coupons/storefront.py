"""The coupons center's part of a product page (catalog.storefront_extras): `coupons`, the public templates a
shopper may claim now (the coupon center's, 领券中心) from the product's store or the platform whose goods cover
one of its SKUs. One query per page. And a store's home page's `coupons`: that store's claimable templates.

The shape is the coupon center's without `remaining`, which every claim changes: product pages are cached for
everyone (catalog.storefront_cache), and claiming says `coupon_unavailable` when none are left."""

from collections.abc import Sequence
from datetime import datetime

from django.db.models import Q

from catalog.storefront_extras import StorefrontProduct
from coupons.apis import CouponCenterTemplateSerializer
from coupons.selectors import coupon_center
from stores.models import Store


class ProductCouponSerializer(CouponCenterTemplateSerializer):
    remaining = None


def product_coupons(products: Sequence[StorefrontProduct], at: datetime) -> dict[int, list[dict]]:
    store_ids = {product.store_id for product in products}
    templates = list(coupon_center(now=at).filter(Q(store__isnull=True) | Q(store_id__in=store_ids)))
    goods = {template.pk: template.goods_scope for template in templates}
    return {
        product.id: ProductCouponSerializer(
            [
                template
                for template in templates
                if template.store_id in (None, product.store_id) and goods[template.pk].covers_product(product)
            ],
            many=True,
        ).data
        for product in products
    }


def store_coupons(store: Store, at: datetime) -> list[dict]:
    """A store's home page: the public templates of that store a shopper may claim now, ending soonest first (the
    platform's are the coupon center's and each product page's). One query."""
    return ProductCouponSerializer(coupon_center(now=at, store_id=store.pk), many=True).data
