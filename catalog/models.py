"""The catalog center's data (DESIGN.md "Catalog", seed 002).

Two category trees (backend: base data that products bind to; storefront: what shoppers browse), brands,
attribute templates, SPU (the standard product) and SKU (one sellable spec combination), images, stock per
SKU per warehouse with every movement recorded, and product events.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from mptt.models import MPTTModel, TreeForeignKey

from marketplace.money import MoneyField
from stores.models import Store, StoreStatus, Warehouse

# Backend categories are at most 4 levels deep (seed 002: "3 to 4 levels"); mptt counts levels from 0.
BACKEND_CATEGORY_MAX_LEVEL = 3


class BackendCategory(MPTTModel):
    """后台类目: the base data. Products bind to a leaf; attribute templates hang on any level and are
    inherited by every category below."""

    name = models.CharField(_("name"), max_length=50)
    parent = TreeForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("backend category")
        verbose_name_plural = _("backend categories")
        constraints = [
            # The depth rule also holds for moves done outside the admin (a subtree moved under a deep node).
            models.CheckConstraint(
                condition=Q(level__lte=BACKEND_CATEGORY_MAX_LEVEL), name="backend_category_at_most_4_levels"
            ),
            models.UniqueConstraint(fields=["parent", "name"], name="backend_category_name_unique_among_siblings"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        """Refuse, with a message, what the admin would otherwise turn into an integrity error."""
        if self.parent is None:
            return
        deepest = self.get_descendants().aggregate(deepest=models.Max("level"))["deepest"] if self.pk else None
        height = 0 if deepest is None else deepest - self.level
        if self.parent.level + 1 + height > BACKEND_CATEGORY_MAX_LEVEL:
            raise ValidationError({"parent": _("Backend categories are at most 4 levels deep.")})
        if self.parent.spus.exists():
            raise ValidationError({"parent": _("Products are bound to this category: it must stay a leaf.")})


class Brand(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    english_name = models.CharField(_("English name"), max_length=100, blank=True)
    logo = models.ImageField(_("logo"), upload_to="brands/", blank=True)
    origin = models.CharField(_("origin"), max_length=50, blank=True, help_text=_("Country or region, e.g. 中国"))
    # A brand may be used in these categories and every category below them.
    categories = models.ManyToManyField(
        BackendCategory, related_name="brands", blank=True, verbose_name=_("backend categories")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("brand")
        verbose_name_plural = _("brands")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} / {self.english_name}" if self.english_name else self.name


class StorefrontCategory(MPTTModel):
    """前台类目: what shoppers browse, changed with the seasons. It shows the products of every mapped backend
    subtree (any level) and of every mapped brand, its children's included."""

    name = models.CharField(_("name"), max_length=50)
    parent = TreeForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    icon = models.ImageField(_("icon"), upload_to="storefront-categories/", blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    backend_categories = models.ManyToManyField(
        BackendCategory, related_name="storefront_categories", blank=True, verbose_name=_("backend categories")
    )
    brands = models.ManyToManyField(Brand, related_name="storefront_categories", blank=True, verbose_name=_("brands"))

    class Meta:
        verbose_name = _("storefront category")
        verbose_name_plural = _("storefront categories")

    def __str__(self) -> str:
        return self.name


class AttributeKind(models.TextChoices):
    KEY = "key", _("Key attribute")  # 关键属性: identifies the product (model); required
    SALES = "sales", _("Sales attribute")  # 销售属性: the specs that make SKUs (colour, memory)
    OTHER = "other", _("Other attribute")  # 其他属性: description (material, season); may be required


class Attribute(models.Model):
    """One attribute of a backend category's template, inherited by every category below it."""

    category = models.ForeignKey(
        BackendCategory, on_delete=models.CASCADE, related_name="attributes", verbose_name=_("category")
    )
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=10, choices=AttributeKind.choices)
    required = models.BooleanField(_("required"), default=False)
    custom_allowed = models.BooleanField(_("custom values allowed"), default=False)
    filterable = models.BooleanField(_("filterable"), default=False, help_text=_("Offered as a storefront filter."))
    sort_order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["category", "name"], name="attribute_name_unique_per_category"),
            models.CheckConstraint(condition=Q(kind__in=AttributeKind.values), name="attribute_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.category} / {self.name}"

    @property
    def is_required(self) -> bool:
        """Key attributes identify the product (brand, model), so they are always required (seed 002)."""
        return self.required or self.kind == AttributeKind.KEY


class AttributeValue(models.Model):
    attribute = models.ForeignKey(
        Attribute, on_delete=models.CASCADE, related_name="values", verbose_name=_("attribute")
    )
    value = models.CharField(_("value"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("attribute value")
        verbose_name_plural = _("attribute values")
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["attribute", "value"], name="attribute_value_unique"),
        ]

    def __str__(self) -> str:
        return self.value


class SpuStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # being edited by the store; invisible to shoppers
    PENDING_REVIEW = "pending_review", _("Pending review")  # waiting for an operator
    ON_SHELF = "on_shelf", _("On shelf")  # searchable and buyable
    OFF_SHELF = "off_shelf", _("Off shelf")  # approved, not for sale now
    REJECTED = "rejected", _("Rejected")  # refused by an operator, with a reason; edit and submit again


# status -> the statuses it may move to. Editing reviewed content sends an SPU back to draft.
SPU_TRANSITIONS: dict[str, set[str]] = {
    SpuStatus.DRAFT: {SpuStatus.PENDING_REVIEW},
    SpuStatus.PENDING_REVIEW: {SpuStatus.ON_SHELF, SpuStatus.OFF_SHELF, SpuStatus.REJECTED},
    SpuStatus.REJECTED: {SpuStatus.PENDING_REVIEW, SpuStatus.DRAFT},
    SpuStatus.OFF_SHELF: {SpuStatus.ON_SHELF, SpuStatus.DRAFT},
    SpuStatus.ON_SHELF: {SpuStatus.OFF_SHELF, SpuStatus.DRAFT},
}


class ShippingCategory(models.TextChoices):
    """How a product travels (DESIGN.md "Orders": the second split ships fragile and oversize goods alone)."""

    NORMAL = "normal", _("Normal")
    FRAGILE = "fragile", _("Fragile")  # 易碎品: its own parcel, packed with care
    OVERSIZE = "oversize", _("Oversize")  # 大件: its own parcel, often another carrier


class SpuQuerySet(models.QuerySet):
    def for_sale(self):
        """On shelf in an active store: the only goods that are searchable or buyable."""
        return self.filter(status=SpuStatus.ON_SHELF, store__status=StoreStatus.ACTIVE)


class Spu(models.Model):
    """标准产品单元: the product a shopper sees in a list (iPhone 7 Plus). Its price range, stock and sales are
    kept by the services from its SKUs, so a list never aggregates SKUs."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="spus", verbose_name=_("store"))
    category = models.ForeignKey(
        BackendCategory, on_delete=models.PROTECT, related_name="spus", verbose_name=_("category")
    )
    brand = models.ForeignKey(
        Brand, on_delete=models.PROTECT, null=True, blank=True, related_name="spus", verbose_name=_("brand")
    )
    title = models.CharField(_("title"), max_length=120)
    subtitle = models.CharField(_("subtitle"), max_length=200, blank=True)
    goods_code = models.CharField(_("goods code"), max_length=64, blank=True)  # 货号, not a SKU code
    description_pc = models.TextField(_("description (PC)"), blank=True)  # sanitised HTML
    description_mobile = models.TextField(_("description (mobile)"), blank=True)  # sanitised HTML
    after_sales = models.TextField(_("after-sales information"), blank=True)
    # The sales attributes and their chosen values, in display order:
    # [{"attribute": id, "name": "颜色", "values": ["黑色", "白色"]}]. The first spec is the one whose values
    # may carry images (colour, not size: seed 002).
    specs = models.JSONField(_("specs"), default=list, blank=True)
    # The store's own freight template (logistics); by string reference, as catalog does not import logistics.
    freight_template = models.ForeignKey(
        "logistics.FreightTemplate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="spus",
        verbose_name=_("freight template"),
    )
    shipping_category = models.CharField(
        _("shipping category"), max_length=10, choices=ShippingCategory.choices, default=ShippingCategory.NORMAL
    )

    status = models.CharField(
        _("status"), max_length=20, choices=SpuStatus.choices, default=SpuStatus.DRAFT, db_index=True
    )
    reject_reason = models.CharField(_("reject reason"), max_length=200, blank=True)
    on_shelf_at = models.DateTimeField(_("scheduled on-shelf time"), null=True, blank=True)
    off_shelf_at = models.DateTimeField(_("scheduled off-shelf time"), null=True, blank=True)

    min_price = MoneyField(_("lowest price"), default=0)
    max_price = MoneyField(_("highest price"), default=0)
    market_price = MoneyField(_("market price"), default=0)  # of the cheapest SKU: shown struck through
    # On hand minus reserved, over all SKUs, in the owning store's warehouses (listing stores keep their own).
    stock = models.IntegerField(_("available stock"), default=0)
    sales = models.PositiveIntegerField(_("sales"), default=0)  # units committed (paid)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SpuQuerySet.as_manager()

    class Meta:
        verbose_name = _("product (SPU)")
        verbose_name_plural = _("products (SPU)")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=SpuStatus.values), name="spu_status_valid"),
            models.CheckConstraint(condition=Q(stock__gte=0), name="spu_stock_not_negative"),
            models.CheckConstraint(
                condition=Q(shipping_category__in=ShippingCategory.values), name="spu_shipping_category_valid"
            ),
            models.CheckConstraint(condition=Q(min_price__gte=0) & Q(max_price__gte=F("min_price")), name="spu_prices"),
        ]
        indexes = [
            # Trigram indexes for `q`: word similarity and substring search, Chinese included (the database's
            # ctype classes CJK characters as letters, so pg_trgm makes trigrams of them).
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="spu_title_trgm"),
            # Django's icontains is UPPER(title) LIKE UPPER('%...%'): the same index over that expression.
            GinIndex(OpClass(Upper("title"), name="gin_trgm_ops"), name="spu_title_upper_trgm"),
            models.Index(fields=["status", "min_price"], name="spu_status_price"),
            models.Index(fields=["status", "-sales"], name="spu_status_sales"),
        ]

    def __str__(self) -> str:
        return self.title

    def can_become(self, status: str) -> bool:
        return status in SPU_TRANSITIONS[self.status]


class SpuReview(Spu):
    """The operators' review queue in the admin: the same products, narrowed to those waiting for review."""

    class Meta:
        proxy = True
        verbose_name = _("product waiting for review")
        verbose_name_plural = _("product review queue")


class StoreListing(models.Model):
    """A franchise or direct store sells one of HQ's products (seed 004: they list HQ's catalogue instead of
    publishing their own). The product stays HQ's: one SPU, one set of SKUs and prices. The listing store keeps
    the stock it sells in its own warehouses (Stock rows of HQ's SKUs in its warehouses), and a storefront
    filtered by that store shows the products it lists."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="listings", verbose_name=_("store"))
    spu = models.ForeignKey(Spu, on_delete=models.CASCADE, related_name="listings", verbose_name=_("product"))
    is_active = models.BooleanField(_("active"), default=True)
    # HQ's say on the store's prices (docs/decisions/0037): HQ's price unless HQ allows a store price, which may
    # not go below `price_floor_percent` of HQ's price.
    store_price_allowed = models.BooleanField(
        _("store may set its price"), default=False, help_text=_("Set by HQ: the store may sell at its own price.")
    )
    price_floor_percent = models.PositiveSmallIntegerField(
        _("price floor (percent of HQ's price)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Set by HQ: a store price may not go below this share of HQ's price."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("store listing of an HQ product")
        verbose_name_plural = _("store listings of HQ products")
        constraints = [models.UniqueConstraint(fields=["store", "spu"], name="store_lists_a_product_once")]

    def __str__(self) -> str:
        return f"{self.store_id} lists {self.spu_id}"


class ListingPrice(models.Model):
    """A listing store's own price of one SKU, where HQ allows it (StoreListing.store_price_allowed). Without a
    row, or once HQ withdraws the permission, the store sells at HQ's price."""

    listing = models.ForeignKey(
        StoreListing, on_delete=models.CASCADE, related_name="prices", verbose_name=_("listing")
    )
    sku = models.ForeignKey("catalog.Sku", on_delete=models.CASCADE, related_name="+", verbose_name=_("SKU"))
    price = MoneyField(_("store price"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("store price")
        verbose_name_plural = _("store prices")
        constraints = [
            models.UniqueConstraint(fields=["listing", "sku"], name="listing_price_once_per_sku"),
            models.CheckConstraint(condition=Q(price__gt=0), name="listing_price_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.listing_id}/{self.sku_id}: {self.price}"


class SpuAttribute(models.Model):
    """The value a product gives one key or other attribute of its category's template."""

    spu = models.ForeignKey(Spu, on_delete=models.CASCADE, related_name="attribute_values", verbose_name=_("product"))
    attribute = models.ForeignKey(Attribute, on_delete=models.PROTECT, related_name="+", verbose_name=_("attribute"))
    value = models.CharField(_("value"), max_length=100)

    class Meta:
        verbose_name = _("product attribute")
        verbose_name_plural = _("product attributes")
        ordering = ["attribute__sort_order", "attribute_id"]
        constraints = [
            models.UniqueConstraint(fields=["spu", "attribute"], name="spu_attribute_once"),
        ]
        indexes = [models.Index(fields=["attribute", "value"], name="spu_attribute_value")]

    def __str__(self) -> str:
        return f"{self.attribute_id}={self.value}"


class Sku(models.Model):
    """库存量单位: one sellable spec combination of an SPU (iPhone 7 Plus 128G silver)."""

    spu = models.ForeignKey(Spu, on_delete=models.CASCADE, related_name="skus", verbose_name=_("product"))
    # The SPU's store, copied so that SKU codes can be unique per store in the database.
    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="+", verbose_name=_("store"))
    specs = models.JSONField(_("specs"), default=dict, blank=True)  # {"颜色": "黑色", "内存": "128G"}
    # The combination in a normal form ("12:黑色|15:128G", attribute ids ascending): unique per SPU.
    spec_key = models.CharField(_("spec key"), max_length=500, blank=True)
    price = MoneyField(_("price"))
    market_price = MoneyField(_("market price"), null=True, blank=True)
    cost_price = MoneyField(_("cost price"), null=True, blank=True)
    code = models.CharField(_("SKU code"), max_length=64, blank=True)  # the merchant's own code
    barcode = models.CharField(_("barcode"), max_length=64, blank=True)
    weight_g = models.PositiveIntegerField(_("weight (g)"), default=0)
    length_mm = models.PositiveIntegerField(_("length (mm)"), default=0)
    width_mm = models.PositiveIntegerField(_("width (mm)"), default=0)
    height_mm = models.PositiveIntegerField(_("height (mm)"), default=0)
    low_stock_threshold = models.PositiveIntegerField(
        _("low-stock threshold"), default=0, help_text=_("Flag for replenishment at or below this available stock.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("SKU")
        verbose_name_plural = _("SKUs")
        ordering = ["spu_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["spu", "spec_key"], name="sku_spec_combination_unique"),
            models.UniqueConstraint(fields=["store", "code"], condition=~Q(code=""), name="sku_code_unique_per_store"),
            models.CheckConstraint(condition=Q(price__gte=0), name="sku_price_not_negative"),
            models.CheckConstraint(
                condition=Q(market_price__isnull=True) | Q(market_price__gte=0), name="sku_market_price_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(cost_price__isnull=True) | Q(cost_price__gte=0), name="sku_cost_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        specs = " ".join(self.specs.values())
        return f"{self.spu_id} {specs}".strip()


class ImageKind(models.TextChoices):
    MAIN = "main", _("Main image")  # 主图: the first is the list picture
    DETAIL = "detail", _("Detail image")  # 详情图
    SPEC = "spec", _("Spec value image")  # the picture of one value of the first spec (a colour)


class SpuImage(models.Model):
    spu = models.ForeignKey(Spu, on_delete=models.CASCADE, related_name="images", verbose_name=_("product"))
    kind = models.CharField(_("kind"), max_length=10, choices=ImageKind.choices)
    spec_value = models.CharField(_("spec value"), max_length=100, blank=True)
    image = models.ImageField(_("image"), upload_to="spu/%Y/%m/")
    # Fixed-size thumbnails made by catalog.tasks.make_thumbnails: {"240": "spu/thumbs/...jpg", ...}
    thumbnails = models.JSONField(_("thumbnails"), default=dict, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("display order"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("product image")
        verbose_name_plural = _("product images")
        ordering = ["kind", "sort_order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ImageKind.values), name="spu_image_kind_valid"),
            models.CheckConstraint(
                condition=Q(kind=ImageKind.SPEC, spec_value__gt="") | (~Q(kind=ImageKind.SPEC) & Q(spec_value="")),
                name="spu_image_spec_value_only_for_spec_images",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.spec_value}".strip()


class Stock(models.Model):
    """One SKU in one warehouse. Available = on hand - reserved; the database refuses anything that would make
    it negative, so an oversell is an integrity error rather than a silent loss."""

    sku = models.ForeignKey(Sku, on_delete=models.PROTECT, related_name="stocks", verbose_name=_("SKU"))
    warehouse = models.ForeignKey(
        Warehouse, on_delete=models.PROTECT, related_name="stocks", verbose_name=_("warehouse")
    )
    on_hand = models.IntegerField(_("on hand"), default=0)
    reserved = models.IntegerField(_("reserved"), default=0)  # held by unpaid orders
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("stock")
        verbose_name_plural = _("stock")
        ordering = ["sku_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sku", "warehouse"], name="stock_once_per_sku_and_warehouse"),
            models.CheckConstraint(condition=Q(reserved__gte=0), name="stock_reserved_not_negative"),
            models.CheckConstraint(condition=Q(reserved__lte=F("on_hand")), name="stock_reserved_within_on_hand"),
        ]

    def __str__(self) -> str:
        return f"SKU {self.sku_id} @ {self.warehouse_id}: {self.on_hand} on hand, {self.reserved} reserved"

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


class StockMovementKind(models.TextChoices):
    ADJUST = "adjust", _("Adjustment")  # stock-in, count correction, damage: on hand changes
    RESERVE = "reserve", _("Reservation")  # an unpaid order holds goods
    RELEASE = "release", _("Release")  # the order was cancelled or timed out: goods return
    COMMIT = "commit", _("Commit")  # the order was paid and ships: goods leave on hand


class StockMovement(models.Model):
    """Every change of a stock row, so on hand and reserved can be explained line by line."""

    # The stock row's keys rather than its id: a conditional UPDATE reports only a row count, and these let the
    # movement be written without reading the row back.
    sku = models.ForeignKey(Sku, on_delete=models.PROTECT, related_name="stock_movements", verbose_name=_("SKU"))
    warehouse = models.ForeignKey(
        Warehouse, on_delete=models.PROTECT, related_name="stock_movements", verbose_name=_("warehouse")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=StockMovementKind.choices)
    on_hand_delta = models.IntegerField(_("on-hand change"), default=0)
    reserved_delta = models.IntegerField(_("reserved change"), default=0)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    # an order number, a stock-take id
    reference = models.CharField(_("reference"), max_length=64, blank=True, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on_hand_delta:+}/{self.reserved_delta:+} · SKU {self.sku_id}"


class SpuEvent(models.Model):
    """Every state change of a product or its SKUs: who did what, when and why."""

    spu = models.ForeignKey(Spu, on_delete=models.CASCADE, related_name="events", verbose_name=_("product"))
    type = models.CharField(_("event"), max_length=40)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("product event")
        verbose_name_plural = _("product events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.type_label} · {timezone.localtime(self.at):%Y-%m-%d %H:%M}"

    @property
    def type_label(self) -> str:
        """What happened, in the reader's language (the types live with the module that records them)."""
        from catalog.events import SpuEventType

        return SpuEventType(self.type).label if self.type in SpuEventType.values else self.type


class ProductFavourite(models.Model):
    """A shopper's favourite product (收藏的商品). It outlives the product's time on the shelf: the shopper's list
    then shows it as unavailable, and it comes back to life when the product is on sale again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="product_favourites", verbose_name=_("member")
    )
    spu = models.ForeignKey(Spu, on_delete=models.CASCADE, related_name="favourites", verbose_name=_("product"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("favourite product")
        verbose_name_plural = _("favourite products")
        constraints = [models.UniqueConstraint(fields=["user", "spu"], name="favourite_product_once")]
        indexes = [models.Index(fields=["user", "-created_at"], name="favourite_product_by_user")]

    def __str__(self) -> str:
        return f"{self.user_id} ♥ product {self.spu_id}"


class StoreFavourite(models.Model):
    """A shopper's favourite store (收藏的店铺); a store that closes stays in the list, shown as unavailable."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="store_favourites", verbose_name=_("member")
    )
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="favourites", verbose_name=_("store"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("favourite store")
        verbose_name_plural = _("favourite stores")
        constraints = [models.UniqueConstraint(fields=["user", "store"], name="favourite_store_once")]
        indexes = [models.Index(fields=["user", "-created_at"], name="favourite_store_by_user")]

    def __str__(self) -> str:
        return f"{self.user_id} ♥ store {self.store_id}"
