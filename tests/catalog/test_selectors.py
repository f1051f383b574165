import pytest

from catalog import selectors, services
from catalog.models import SpuStatus
from catalog.services import StockLine
from stores.models import StoreStatus
from tests.factories import StoreFactory, WarehouseFactory

pytestmark = pytest.mark.django_db


def test_skus_for_sale_are_those_of_on_shelf_products_of_open_stores_with_availability(
    catalog, store, django_assert_num_queries
):
    on_sale = catalog.phone(store, stock=6)
    draft = catalog.phone(store, title="草稿 手机", approve=False)
    frozen = catalog.phone(StoreFactory(status=StoreStatus.FROZEN), title="冻结 手机")
    sku = on_sale.skus.order_by("price").first()
    services.stock_reserve(lines=[StockLine(sku_id=sku.pk, quantity=2)], reference="T1")
    asked = [*on_sale.skus.values_list("pk", flat=True), draft.skus.first().pk, frozen.skus.first().pk]

    with django_assert_num_queries(1):
        found = {
            sku.pk: (sku.available, sku.spu.title, sku.store.name) for sku in selectors.skus_for_sale(sku_ids=asked)
        }

    assert set(found) == set(on_sale.skus.values_list("pk", flat=True))
    assert found[sku.pk] == (4, on_sale.title, store.name)


def test_skus_for_sale_by_a_store_are_its_own_or_those_it_lists(catalog, store):
    theirs = catalog.phone(store, stock=4)

    assert not selectors.skus_for_sale(sku_ids=theirs.skus.values_list("pk", flat=True), store_id=StoreFactory().pk)


def test_a_stores_products_are_found_by_title_goods_code_or_sku_code(catalog, store):
    mate = catalog.phone(store, title="华为 Mate 60 手机", code_prefix="M60")
    catalog.phone(store, title="苹果 iPhone 15 手机")
    code = mate.skus.order_by("pk").first().code

    assert [spu.pk for spu in selectors.store_products(store=store, q="mate")] == [mate.pk]
    assert [spu.pk for spu in selectors.store_products(store=store, q=code.lower())] == [mate.pk]
    assert selectors.store_products(store=store).count() == 2
    assert not selectors.store_products(store=StoreFactory(), q="mate").exists()


def test_counts_by_counts_the_rows_of_each_value_in_one_query(catalog, store, django_assert_num_queries):
    catalog.phone(store)
    catalog.phone(store, title="草稿 手机", approve=False)
    catalog.phone(store, title="草稿二 手机", approve=False)

    with django_assert_num_queries(1):
        counts = selectors.counts_by(selectors.store_products(store=store), "status")

    assert counts == {SpuStatus.ON_SHELF: 1, SpuStatus.DRAFT: 2}


def test_a_leaf_category_is_an_active_leaf_named_by_its_id(catalog):
    assert selectors.leaf_category(category_id=str(catalog.phones.pk)) == catalog.phones
    assert selectors.leaf_category(category_id=catalog.group.pk) is None  # a branch
    assert selectors.leaf_category(category_id="phones") is None
    assert selectors.leaf_category(category_id=None) is None
    catalog.phones.is_active = False
    catalog.phones.save()
    assert selectors.leaf_category(category_id=catalog.phones.pk) is None


def test_a_products_stock_is_its_active_skus_in_the_stores_active_warehouses_in_three_queries(
    catalog, store, django_assert_num_queries
):
    spu = catalog.phone(store, stock=4)
    closed = WarehouseFactory(store=store, is_active=False)
    empty = WarehouseFactory(store=store)
    WarehouseFactory()  # another store's

    with django_assert_num_queries(3):
        stock = selectors.product_stock(store=store, spu=spu)

    first = stock.warehouses[0]
    assert closed not in stock.warehouses and stock.warehouses[-1] == empty
    assert [sku.pk for sku in stock.skus] == list(spu.skus.order_by("pk").values_list("pk", flat=True))
    assert [(cell.on_hand if cell else None) for cell in stock.cells(stock.skus[0])] == [4, None]
    assert stock.warehouses == [first, empty]


def test_the_product_a_store_asks_to_list_is_any_stores_with_its_store(catalog, store, django_assert_num_queries):
    spu = catalog.phone(store)

    with django_assert_num_queries(1):
        found = selectors.product_to_list(spu_id=spu.pk)
        assert found.store == store

    assert selectors.product_to_list(spu_id=0) is None


def test_the_storefront_search_finds_a_brand_by_either_name_and_a_sku_by_its_code_or_barcode(catalog, store):
    """Issue 13 item 2: "Huawei" found nothing although the brand carries its English name."""
    mate = catalog.phone(store, title="Mate 60 手机", code_prefix="M60")
    iphone = catalog.phone(store, title="iPhone15 手机", brand=catalog.apple)
    sku = mate.skus.order_by("pk").first()
    sku.code, sku.barcode = "m60-blk-128", "6901234567892"
    sku.save(update_fields=["code", "barcode"])

    def found(q: str) -> set[int]:
        return {spu.pk for spu in selectors.products_for_sale(filters=selectors.ProductFilters(q=q))}

    assert found("Huawei") == found("huawei 手机") == found("华为") == {mate.pk}
    assert found("APPLE") == {iphone.pk}
    assert found("iphone 15") == {iphone.pk}  # a space, a case the title does not have
    assert found("M60-BLK-128") == found("6901234567892") == {mate.pk}
    assert found("6901234567") == set()  # a barcode is matched whole


def test_the_line_picture_read_with_a_sku_is_the_one_sku_pictures_chooses(catalog, store):
    from catalog.models import ImageKind, Sku, SpuImage

    phone = catalog.phone(store, colours=("黑色", "白色", "蓝色"))  # specs {"颜色": ..., "内存": ...}
    bare = catalog.phone(store, title="无图 手机")
    only_main = catalog.phone(store, title="主图 手机")
    for spu in (phone, only_main):
        SpuImage.objects.create(spu=spu, kind=ImageKind.MAIN, image=f"spu/{spu.pk}-second.png", sort_order=2)
        SpuImage.objects.create(spu=spu, kind=ImageKind.MAIN, image=f"spu/{spu.pk}-first.png", sort_order=1)
        SpuImage.objects.create(spu=spu, kind=ImageKind.DETAIL, image=f"spu/{spu.pk}-detail.png", sort_order=0)
    SpuImage.objects.create(spu=phone, kind=ImageKind.SPEC, spec_value="白色", image="spu/white-b.png", sort_order=5)
    SpuImage.objects.create(spu=phone, kind=ImageKind.SPEC, spec_value="白色", image="spu/white-a.png", sort_order=4)
    SpuImage.objects.create(spu=phone, kind=ImageKind.SPEC, spec_value="256G", image="spu/256g.png", sort_order=0)
    SpuImage.objects.create(spu=phone, kind=ImageKind.SPEC, spec_value="蓝色", image="spu/blue.png")
    skus = list(Sku.objects.filter(spu__in=[phone, bare, only_main]))
    read = dict(
        Sku.objects.filter(pk__in=[sku.pk for sku in skus]).annotate(p=selectors.line_picture()).values_list("pk", "p")
    )

    chosen = selectors.sku_pictures(skus=skus)

    assert read == {sku.pk: chosen[sku.pk].image.name if sku.pk in chosen else None for sku in skus}
    by_specs = {(sku.specs["颜色"], sku.specs["内存"]): read[sku.pk] for sku in phone.skus.all()}
    assert by_specs[("白色", "128G")] == "spu/white-a.png"  # the colour's first picture
    assert by_specs[("黑色", "256G")] == "spu/256g.png"  # the memory's, the only spec value with one
    assert by_specs[("黑色", "128G")] == f"spu/{phone.pk}-first.png"  # none: the first main picture
    assert {read[sku.pk] for sku in bare.skus.all()} == {None}
    assert selectors.picture_url("spu/blue.png").endswith("/spu/blue.png") and selectors.picture_url(None) == ""
