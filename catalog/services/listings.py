"""Franchise and direct stores sell HQ's catalogue (seed 004): they list HQ's products rather than publish."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from catalog.events import SpuEventType, spu_event
from catalog.exceptions import InvalidInput
from catalog.models import ListingPrice, Sku, Spu, SpuStatus, StoreListing
from catalog.selectors import store_price_floor
from marketplace.exceptions import PermissionDenied
from members.models import User
from stores.models import Store, StoreType


@transaction.atomic
def listing_create(*, store: Store, spu: Spu, by: User) -> StoreListing:
    """The store starts selling an on-shelf HQ product; listing it again reactivates the listing."""
    if not store.sells_hq_catalogue_only:
        raise PermissionDenied(_("Only franchise and direct stores list HQ's products; publish your own instead."))
    if spu.store.type != StoreType.SELF_OPERATED or spu.status != SpuStatus.ON_SHELF:
        raise InvalidInput(
            _("Only HQ's products on sale can be listed."), fields={"spu": [_("Not an HQ product on sale.")]}
        )
    listing, created = StoreListing.objects.get_or_create(store=store, spu=spu)
    if not created and not listing.is_active:
        listing.is_active = True
        listing.save(update_fields=["is_active"])
    spu_event(spu=spu, type=SpuEventType.LISTED_BY_STORE, by=by, store_id=store.pk)
    return listing


@transaction.atomic
def listing_remove(*, listing: StoreListing, by: User) -> StoreListing:
    """The store stops selling the product. Its stock of the product stays where it is, for a later listing or
    a correction through stock_adjust."""
    listing.is_active = False
    listing.save(update_fields=["is_active"])
    spu_event(spu=listing.spu, type=SpuEventType.UNLISTED_BY_STORE, by=by, store_id=listing.store_id)
    return listing


@transaction.atomic
def listing_price_set(*, listing: StoreListing, sku: Sku, price: Decimal | None, by: User) -> ListingPrice | None:
    """The listing store's own price of one SKU (docs/decisions/0037), or back to HQ's price with `price` None.
    Only where HQ allows it on the listing, never at or below zero, and never below the floor HQ set
    (`price_floor_percent` of HQ's price, rounded up to the cent)."""
    if sku.spu_id != listing.spu_id:
        raise InvalidInput(_("Not a SKU of this product."), fields={"sku": [_("Not a SKU of this product.")]})
    row = None
    if price is None:
        ListingPrice.objects.filter(listing=listing, sku=sku).delete()
    else:
        _check_store_price(listing, sku, price)
        row, _created = ListingPrice.objects.update_or_create(listing=listing, sku=sku, defaults={"price": price})
    spu_event(
        spu=listing.spu,
        type=SpuEventType.STORE_PRICE_SET,
        by=by,
        store_id=listing.store_id,
        sku=sku.pk,
        price=str(price) if price is not None else None,
    )
    return row


def _check_store_price(listing: StoreListing, sku: Sku, price: Decimal) -> None:
    if not listing.store_price_allowed:
        raise PermissionDenied(_("HQ sells this product at its own price in every store."))
    floor = store_price_floor(listing=listing, sku=sku)
    if price < floor:
        message = _("At least %(floor)s yuan (%(percent)d%% of HQ's price).") % {
            "floor": floor,
            "percent": listing.price_floor_percent,
        }
        raise InvalidInput(message, fields={"price": [message]})
