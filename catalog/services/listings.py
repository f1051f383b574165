"""Franchise and direct stores sell HQ's catalogue (seed 004): they list HQ's products rather than publish."""

from django.db import transaction
from django.utils.translation import gettext as _

from catalog.events import SpuEventType, spu_event
from catalog.exceptions import InvalidInput
from catalog.models import Spu, SpuStatus, StoreListing
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
