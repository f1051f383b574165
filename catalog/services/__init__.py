"""Writes of the catalog center. Other centers import from here: `from catalog.services import stock_reserve`."""

from catalog.services.favourites import (
    product_favourite_add,
    product_favourite_remove,
    store_favourite_add,
    store_favourite_remove,
)
from catalog.services.images import spu_image_add, spu_image_make_thumbnails, spu_image_remove
from catalog.services.listings import listing_create, listing_price_set, listing_remove
from catalog.services.products import (
    AttributeInput,
    SkuInput,
    SpecInput,
    spu_apply_shelf_schedule,
    spu_approve,
    spu_create,
    spu_put_on_shelf,
    spu_reject,
    spu_submit,
    spu_take_off_shelf,
    spu_update,
)
from catalog.services.stock import StockLine, stock_adjust, stock_commit, stock_release, stock_reserve

__all__ = [
    "AttributeInput",
    "SkuInput",
    "SpecInput",
    "StockLine",
    "listing_create",
    "listing_price_set",
    "listing_remove",
    "product_favourite_add",
    "product_favourite_remove",
    "spu_apply_shelf_schedule",
    "spu_approve",
    "spu_create",
    "spu_image_add",
    "spu_image_make_thumbnails",
    "spu_image_remove",
    "spu_put_on_shelf",
    "spu_reject",
    "spu_submit",
    "spu_take_off_shelf",
    "spu_update",
    "stock_adjust",
    "stock_commit",
    "stock_release",
    "stock_reserve",
    "store_favourite_add",
    "store_favourite_remove",
]
