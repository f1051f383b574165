"""Favourites (收藏): a shopper keeps products and stores to come back to.

Adding one is idempotent (the unique constraint holds whatever the race: get_or_create reads the row the other
request wrote), and only what is on sale can be added; removing works whatever became of the product or store, so
that a shopper can clear what went off the shelf. No event row: a favourite is the shopper's bookmark, not a
state of the product or store with a history to explain (decision 0026).

Favourites do not move the storefront version: the count a visitor's cached page shows may lag by the cache's
TTL (30 s), while the shopper who clicked sees their own page, which is never cached, at once."""

from django.db import transaction
from django.utils.translation import gettext as _

from catalog.exceptions import InvalidInput
from catalog.models import ProductFavourite, Spu, SpuStatus, StoreFavourite
from members.models import User
from stores.models import Store, StoreStatus


@transaction.atomic
def product_favourite_add(*, user: User, spu: Spu) -> tuple[ProductFavourite, bool]:
    """Keep `spu` among the member's favourites; (the favourite, whether it is new). Refused for a product not on
    sale (`spu.store` is read)."""
    if spu.status != SpuStatus.ON_SHELF or spu.store.status != StoreStatus.ACTIVE:
        raise InvalidInput(
            _("Only products on sale can be added to favourites."), fields={"spu": [_("Not a product on sale.")]}
        )
    return ProductFavourite.objects.get_or_create(user=user, spu=spu)


@transaction.atomic
def product_favourite_remove(*, user: User, spu_id: int) -> bool:
    """Take the product out of the member's favourites; False if it was not among them."""
    deleted, _rows = ProductFavourite.objects.filter(user=user, spu_id=spu_id).delete()
    return bool(deleted)


@transaction.atomic
def store_favourite_add(*, user: User, store: Store) -> tuple[StoreFavourite, bool]:
    """Keep `store` among the member's favourites; (the favourite, whether it is new). Refused for a store that
    is not open."""
    if store.status != StoreStatus.ACTIVE:
        raise InvalidInput(
            _("Only open stores can be added to favourites."), fields={"store": [_("Not an open store.")]}
        )
    return StoreFavourite.objects.get_or_create(user=user, store=store)


@transaction.atomic
def store_favourite_remove(*, user: User, store_id: int) -> bool:
    """Take the store out of the member's favourites; False if it was not among them."""
    deleted, _rows = StoreFavourite.objects.filter(user=user, store_id=store_id).delete()
    return bool(deleted)
