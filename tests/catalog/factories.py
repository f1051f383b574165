"""Catalog factories and a `product()` helper that publishes through the services, so the SPU's price range
and stock totals are the ones the services keep."""

from decimal import Decimal

import factory

from catalog import services
from catalog.models import Attribute, AttributeKind, AttributeValue, BackendCategory, Brand, StorefrontCategory
from catalog.services import AttributeInput, SkuInput, SpecInput
from tests.factories import OperatorFactory, WarehouseFactory


class BackendCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BackendCategory

    name = factory.Sequence(lambda n: f"类目{n}")
    parent = None


class StorefrontCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StorefrontCategory
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"前台类目{n}")
    parent = None

    @factory.post_generation
    def backend_categories(self, create, extracted, **kwargs):
        if extracted:
            self.backend_categories.add(*extracted)

    @factory.post_generation
    def brands(self, create, extracted, **kwargs):
        if extracted:
            self.brands.add(*extracted)


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"品牌{n}")
    english_name = factory.Sequence(lambda n: f"Brand {n}")
    origin = "中国"

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if extracted:
            self.categories.add(*extracted)


class AttributeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attribute
        skip_postgeneration_save = True

    category = factory.SubFactory(BackendCategoryFactory)
    name = factory.Sequence(lambda n: f"属性{n}")
    kind = AttributeKind.OTHER

    @factory.post_generation
    def values(self, create, extracted, **kwargs):
        for order, value in enumerate(extracted or []):
            AttributeValue.objects.create(attribute=self, value=value, sort_order=order)


class PhoneCatalog:
    """数码 > 手机通讯 > 手机 (leaf) and 数码 > 手机通讯 > 配件 (leaf), with a template split over two levels: 型号
    (key) on 手机通讯 is inherited; 颜色 and 内存 (sales) and 屏幕 (other, filterable) belong to 手机."""

    def __init__(self):
        self.root = BackendCategoryFactory(name="数码")
        self.group = BackendCategoryFactory(name="手机通讯", parent=self.root)
        self.phones = BackendCategoryFactory(name="手机", parent=self.group)
        self.accessories = BackendCategoryFactory(name="配件", parent=self.group)
        self.model = AttributeFactory(category=self.group, name="型号", kind=AttributeKind.KEY, custom_allowed=True)
        self.colour = AttributeFactory(
            category=self.phones, name="颜色", kind=AttributeKind.SALES, values=["黑色", "白色", "蓝色"], sort_order=1
        )
        self.memory = AttributeFactory(
            category=self.phones, name="内存", kind=AttributeKind.SALES, values=["128G", "256G"], sort_order=2
        )
        self.screen = AttributeFactory(
            category=self.phones, name="屏幕", values=["6.1英寸", "6.7英寸"], filterable=True, sort_order=3
        )
        self.huawei = BrandFactory(name="华为", english_name="HUAWEI", categories=[self.root])
        self.apple = BrandFactory(name="苹果", english_name="Apple", origin="美国", categories=[self.phones])

    def phone(
        self,
        store,
        *,
        title="华为 Mate 60 Pro 手机",
        brand=None,
        prices=("5999.00", "6999.00"),
        colours=("黑色",),
        stock=10,
        screen="6.7英寸",
        approve=True,
        by=None,
        code_prefix="",
    ):
        """A phone of `colours` x 128G/256G (prices per memory), `stock` of each SKU in a new warehouse."""
        if stock:
            WarehouseFactory(store=store)
        by = by or OperatorFactory()
        skus = [
            SkuInput(
                specs={"颜色": colour, "内存": memory},
                price=Decimal(price),
                market_price=Decimal(price) + 1000,
                code=f"{code_prefix}{title}-{colour}-{memory}" if code_prefix else "",
                stock=stock,
            )
            for colour in colours
            for memory, price in zip(("128G", "256G"), prices, strict=True)
        ]
        spu = services.spu_create(
            store=store,
            by=by,
            category=self.phones,
            brand=brand or self.huawei,
            title=title,
            attributes=[
                AttributeInput(attribute_id=self.model.pk, value=title.split()[-2] if " " in title else title),
                AttributeInput(attribute_id=self.screen.pk, value=screen),
            ],
            specs=[
                SpecInput(attribute_id=self.colour.pk, values=list(colours)),
                SpecInput(attribute_id=self.memory.pk, values=["128G", "256G"]),
            ],
            skus=skus,
        )
        if approve:
            services.spu_submit(spu=spu, by=by)
            spu = services.spu_approve(spu=spu, by=by)
        return spu
