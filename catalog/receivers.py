"""Listeners that keep the storefront's cached responses current (catalog.storefront_cache): any saved or
deleted row that a product list or page shows moves the storefront version when its transaction commits.

Signals rather than calls in each service, because these rows are also written where no catalog service runs:
the admin (categories, brands, storefront mappings, stores), the other centers' own rows (promotions, coupon
templates, which connect the same receiver). Writes by queryset UPDATE send no signal; the services that make
them (catalog.services.stock) announce themselves."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from catalog.models import (
    Attribute,
    BackendCategory,
    Brand,
    Sku,
    Spu,
    SpuAttribute,
    SpuImage,
    Stock,
    StorefrontCategory,
    StoreListing,
)
from catalog.storefront_cache import storefront_changed
from marketplace.models import Banner
from stores.models import Store

SHOWN_ON_THE_STOREFRONT = (
    Spu,
    Sku,
    Stock,
    SpuImage,
    SpuAttribute,
    StoreListing,
    Attribute,
    Brand,
    BackendCategory,
    StorefrontCategory,
    Store,
    Banner,  # the home page's banners
)


def storefront_row_changed(sender, **kwargs) -> None:
    storefront_changed()


def connect_storefront_listeners() -> None:
    for model in SHOWN_ON_THE_STOREFRONT:
        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(storefront_row_changed, sender=model, dispatch_uid=f"storefront:{name}:{model._meta.label}")
    for through in (StorefrontCategory.backend_categories.through, StorefrontCategory.brands.through):
        uid = f"storefront:m2m:{through._meta.label}"
        m2m_changed.connect(storefront_row_changed, sender=through, dispatch_uid=uid)
