from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F

from catalog.models import (
    BackendCategory,
    Brand,
    ProductFavourite,
    Sku,
    Spu,
    SpuImage,
    SpuStatus,
    StoreFavourite,
    StorefrontCategory,
    StoreListing,
)
from stores.models import Store, StoreType

pytestmark = pytest.mark.django_db


def test_the_demo_catalogue_is_realistic_and_seeding_twice_adds_nothing(django_capture_on_commit_callbacks, client):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())

    counts = (Spu.objects.count(), Sku.objects.count(), Brand.objects.count(), SpuImage.objects.count())
    assert BackendCategory.objects.filter(level=2).exists()
    assert BackendCategory.objects.filter(level=3).exists()
    assert counts[0] >= 60 and counts[1] >= 200 and counts[2] >= 10
    assert Spu.objects.filter(title__contains="华为").exists()
    assert Spu.objects.filter(status=SpuStatus.ON_SHELF).count() >= 50
    assert Spu.objects.filter(status=SpuStatus.PENDING_REVIEW).exists()
    assert set(Spu.objects.values_list("store__type", flat=True)) == {StoreType.SELF_OPERATED, StoreType.THIRD_PARTY}
    assert StorefrontCategory.objects.filter(parent__isnull=False).exists()
    assert set(StoreListing.objects.values_list("store__type", flat=True)) == {StoreType.DIRECT, StoreType.FRANCHISE}
    assert all(image.thumbnails for image in SpuImage.objects.all())
    # Every product ships under its own store's template; food and clothes pay freight under 99 yuan.
    assert not Spu.objects.filter(freight_template__isnull=True).exists()
    assert not Spu.objects.exclude(freight_template__store=F("store")).exists()
    assert Spu.objects.filter(freight_template__basis="piece", min_price__lt=99).exists()
    assert {"fragile", "oversize"} <= set(Spu.objects.values_list("shipping_category", flat=True))
    for spu in Spu.objects.filter(status=SpuStatus.ON_SHELF)[:5]:
        assert spu.min_price == min(sku.price for sku in spu.skus.all())

    # Every open demo store's home page has goods on the shelf and a coupon to claim (the demo's application under
    # review has no page yet); a shopper keeps favourites.
    for store in Store.objects.active():
        page = client.get(f"/stores/{store.pk}/").content.decode()
        assert 'class="product-card"' in page, store.name
        assert 'class="coupon" data-coupon=' in page, store.name
    favourites = (ProductFavourite.objects.count(), StoreFavourite.objects.count())
    assert favourites == (2, 1)

    call_command("seed_demo", stdout=StringIO())

    assert (ProductFavourite.objects.count(), StoreFavourite.objects.count()) == favourites
    assert (Spu.objects.count(), Sku.objects.count(), Brand.objects.count(), SpuImage.objects.count()) == counts
