"""The catalog's API (API.md "Catalog" and "Seller"): storefront reads, seller product and stock writes, and
the operators' review. Views validate, call one selector or service, and serialize."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import get_object_or_404
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog import selectors, services, storefront_cache
from catalog.models import BackendCategory, Brand, ImageKind, ShippingCategory, Sku, Spu, SpuStatus, StorefrontCategory
from catalog.selectors import ORDERINGS, ProductFilters
from catalog.services import AttributeInput, SkuInput, SpecInput
from catalog.storefront_extras import StorefrontPage
from marketplace.api.pagination import PageNumberPagination, PageQuerySerializer, paginated_response
from marketplace.api.permissions import IsOperator
from marketplace.api.schema import error_response
from marketplace.api.serializers import COUNT_MAX, InputSerializer
from marketplace.api.throttling import CountedWithTheView
from marketplace.exceptions import NotFound
from stores.permissions import IsStoreManager
from stores.selectors import store_warehouses
from stores.seller import SellerAPIView

MAX_SIDE_MM = 100_000


class RefSerializer(serializers.Serializer):
    """Another object by id and name: a product's store, brand or category."""

    id = serializers.IntegerField()
    name = serializers.CharField()


def image_url(request, image) -> str | None:
    if not image:
        return None
    return request.build_absolute_uri(image.url) if request else image.url


# --- Storefront


class StorefrontCategorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    children = serializers.SerializerMethodField()

    def get_children(self, node) -> list[dict]:
        return StorefrontCategorySerializer(node.child_nodes, many=True).data


class CategoriesApi(APIView):
    """GET /api/v1/catalog/categories/: the storefront category tree (one query)."""

    permission_classes = [AllowAny]
    pagination_class = None  # the whole tree

    @extend_schema(responses=StorefrontCategorySerializer(many=True))
    def get(self, request):
        return Response(StorefrontCategorySerializer(selectors.storefront_category_tree(), many=True).data)


class ProductListItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    store = RefSerializer()
    brand = RefSerializer(allow_null=True)
    min_price = serializers.DecimalField(max_digits=14, decimal_places=2)
    market_price = serializers.DecimalField(max_digits=14, decimal_places=2)
    main_image = serializers.SerializerMethodField()
    sales = serializers.IntegerField()
    # Labels of the live promotions covering the product, from the promotions center (catalog.storefront_extras).
    tags = serializers.ListField(child=serializers.CharField(), default=list, read_only=True)

    def get_main_image(self, spu) -> str | None:
        return image_url(self.context.get("request"), spu.main_images[0].image) if spu.main_images else None


class FacetsSerializer(serializers.Serializer):
    """Counts of the matching products per brand and per filterable attribute value (selectors.product_facets)."""

    class BrandSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()
        count = serializers.IntegerField()

    class AttributeSerializer(serializers.Serializer):
        class ValueSerializer(serializers.Serializer):
            value = serializers.CharField()
            count = serializers.IntegerField()

        id = serializers.IntegerField()
        name = serializers.CharField()
        values = ValueSerializer(many=True)

    brands = BrandSerializer(many=True)
    attributes = AttributeSerializer(many=True)


class ProductListApi(CountedWithTheView, APIView):
    """GET /api/v1/catalog/products/: on-shelf products with filters, facets, ordering and pages.

    Served from the response cache while nothing it shows has changed (catalog.storefront_cache): no query.
    Built, it costs six queries whatever the page size: count, page, main images, live promotions (for the
    tags), brand facets, attribute facets (the facets come from their own cache for a minute); a storefront
    category adds two (the node and its mappings), promotions scoped by SKUs or categories one each (the page's
    SKUs, its categories' ancestors)."""

    permission_classes = [AllowAny]

    class PageExtrasSerializer(serializers.Serializer):
        facets = FacetsSerializer()

    page_extras = PageExtrasSerializer

    class QuerySerializer(PageQuerySerializer):
        q = serializers.CharField(required=False, default="", allow_blank=True, max_length=100)
        category = serializers.PrimaryKeyRelatedField(
            queryset=StorefrontCategory.objects.filter(is_active=True), required=False, default=None
        )
        brand = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list)
        store = serializers.IntegerField(min_value=1, required=False, default=None)
        attr = serializers.ListField(
            child=serializers.RegexField(
                r"^\d+:.+$", error_messages={"invalid": _("Use attr=<attribute id>:<value>.")}
            ),
            required=False,
            default=list,
        )
        price_min = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False, default=None)
        price_max = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False, default=None)
        in_stock = serializers.BooleanField(required=False, default=False)
        ordering = serializers.ChoiceField(choices=list(ORDERINGS), required=False, default="")

        def to_filters(self) -> ProductFilters:
            data = self.validated_data
            attributes: dict[int, list[str]] = {}
            for pair in data["attr"]:
                attribute_id, value = pair.split(":", 1)
                attributes.setdefault(int(attribute_id), []).append(value)
            return ProductFilters(
                q=data["q"].strip(),
                category=data["category"],
                brand_ids=data["brand"],
                store_id=data["store"],
                attributes=attributes,
                price_min=data["price_min"],
                price_max=data["price_max"],
                in_stock=data["in_stock"],
                ordering=data["ordering"],
            )

    @extend_schema(parameters=[QuerySerializer], responses=ProductListItemSerializer(many=True))
    def get(self, request):
        return storefront_cache.json_response(request=request, build=lambda: self.build(request))

    def build(self, request) -> dict:
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        filters = query.to_filters()
        spus = selectors.products_for_sale(filters=filters)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(selectors.product_list_page(spus), request, view=self)
        StorefrontPage(page).fill("tags")
        items = ProductListItemSerializer(page, many=True, context={"request": request}).data
        data = paginator.get_paginated_response(items).data
        data["facets"] = selectors.product_facets(filters=filters, spus=spus)
        return data


class SpecSerializer(serializers.Serializer):
    """One spec for the storefront: its values in order, each with the picture of that value (first spec only)."""

    class ValueSerializer(serializers.Serializer):
        value = serializers.CharField()
        image = serializers.CharField(allow_null=True)

    name = serializers.CharField()
    values = ValueSerializer(many=True)


class GroupBuyOfferSerializer(serializers.Serializer):
    """A live group-buy campaign of the product (its group price for `group_size` paying members within `hours`)."""

    class OpenGroupSerializer(serializers.Serializer):
        group = serializers.IntegerField()
        places_left = serializers.IntegerField()
        expires_at = serializers.CharField(help_text="ISO 8601: the group fails unless full by then")
        play = serializers.CharField(help_text="checkout's `play` to join this group: group_join:<group>")
        url = serializers.CharField(help_text="the group's page, the link to share")

    campaign = serializers.IntegerField()
    name = serializers.CharField()
    sku = serializers.IntegerField()
    group_price = serializers.CharField(help_text="money")
    opener_price = serializers.CharField(allow_null=True, help_text="money: the opener's price, if any")
    group_size = serializers.IntegerField()
    hours = serializers.IntegerField()
    ends_at = serializers.CharField(help_text="ISO 8601: the campaign's end")
    play = serializers.CharField(help_text="checkout's `play` to open a new group: group_open:<campaign>")
    url = serializers.CharField()
    open_groups = OpenGroupSerializer(many=True, help_text="groups with a place left, the fullest first (at most 5)")


class AuctionOfferSerializer(serializers.Serializer):
    """A running auction of one unit of one of the product's SKUs."""

    auction = serializers.IntegerField()
    name = serializers.CharField()
    sku = serializers.IntegerField()
    price = serializers.CharField(help_text="money: the current price, or the starting price before the first bid")
    next_minimum = serializers.CharField(help_text="money: the least the next bid may be")
    bid_count = serializers.IntegerField()
    deposit = serializers.CharField(help_text="money: paid once before bidding (0.00: none needed)")
    buyout_price = serializers.CharField(allow_null=True, help_text="money: a bid of this much wins at once")
    starts_at = serializers.CharField()
    ends_at = serializers.CharField(help_text="ISO 8601: moved later by a bid in its last minutes")
    live = serializers.BooleanField()
    url = serializers.CharField(help_text="the auction's page: its deposit and bid forms")


class PresaleOfferSerializer(serializers.Serializer):
    """A presale of one of the product's SKUs taking deposits now (`live`) or soon."""

    presale = serializers.IntegerField()
    name = serializers.CharField()
    sku = serializers.IntegerField()
    deposit = serializers.CharField(help_text="money per unit, paid now")
    counted = serializers.CharField(help_text="money per unit the deposit counts for at balance time")
    per_member_limit = serializers.IntegerField()
    starts_at = serializers.CharField(help_text="ISO 8601: the deposit window opens")
    ends_at = serializers.CharField(help_text="ISO 8601: the deposit window closes")
    balance_starts_at = serializers.CharField()
    balance_ends_at = serializers.CharField()
    live = serializers.BooleanField()
    play = serializers.CharField(help_text="checkout's `play` to pay the deposit: presale:<presale>")
    url = serializers.CharField()


class ProductDetailSerializer(serializers.Serializer):
    class AttributeSerializer(serializers.Serializer):
        name = serializers.CharField(source="attribute.name")
        value = serializers.CharField()

    class SkuSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        specs = serializers.DictField(child=serializers.CharField())
        price = serializers.DecimalField(max_digits=14, decimal_places=2)
        market_price = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
        available = serializers.IntegerField()

    class ImageSerializer(serializers.Serializer):
        kind = serializers.CharField()
        url = serializers.SerializerMethodField()
        thumbnails = serializers.SerializerMethodField(help_text="longest side in pixels -> URL, once made")

        def get_url(self, image) -> str | None:
            return image_url(self.context.get("request"), image.image)

        def get_thumbnails(self, image) -> dict[str, str]:
            request, storage = self.context.get("request"), image.image.storage
            return {
                size: request.build_absolute_uri(storage.url(name)) if request else storage.url(name)
                for size, name in image.thumbnails.items()
            }

    id = serializers.IntegerField()
    title = serializers.CharField()
    subtitle = serializers.CharField()
    store = RefSerializer()
    brand = RefSerializer(allow_null=True)
    category = RefSerializer()
    min_price = serializers.DecimalField(max_digits=14, decimal_places=2)
    max_price = serializers.DecimalField(max_digits=14, decimal_places=2)
    market_price = serializers.DecimalField(max_digits=14, decimal_places=2)
    sales = serializers.IntegerField()
    attributes = AttributeSerializer(source="attribute_values.all", many=True)
    specs = serializers.SerializerMethodField()
    skus = SkuSerializer(source="skus.all", many=True)
    images = serializers.SerializerMethodField()
    description = serializers.CharField(source="description_pc")
    description_mobile = serializers.CharField()
    after_sales = serializers.CharField()
    # Live promotions and claimable coupons covering the product, from the promotions and coupons centers
    # (catalog.storefront_extras); the catalog imports neither.
    promotions = serializers.ListField(child=serializers.DictField(), default=list, read_only=True)
    coupons = serializers.ListField(child=serializers.DictField(), default=list, read_only=True)
    # Its SKUs' flash-sale sessions live or to come, from the flash-sale center, as the product page shows them.
    flash = serializers.ListField(child=serializers.DictField(), default=list, read_only=True)
    # What else is live for it: group buys, auctions and presales, from their centers, read in one statement.
    group_buy = GroupBuyOfferSerializer(many=True, read_only=True)
    auction = AuctionOfferSerializer(many=True, read_only=True)
    presale = PresaleOfferSerializer(many=True, read_only=True)

    @extend_schema_field(SpecSerializer(many=True))
    def get_specs(self, spu) -> list[dict]:
        request = self.context.get("request")
        pictures = {image.spec_value: image.image for image in spu.images.all() if image.kind == ImageKind.SPEC}
        return [
            {
                "name": spec["name"],
                "values": [
                    {"value": value, "image": image_url(request, pictures.get(value)) if index == 0 else None}
                    for value in spec["values"]
                ],
            }
            for index, spec in enumerate(spu.specs)
        ]

    def get_images(self, spu) -> list[dict]:
        images = [image for image in spu.images.all() if image.kind != ImageKind.SPEC]
        return self.ImageSerializer(images, many=True, context=self.context).data


class ProductDetailApi(CountedWithTheView, APIView):
    """GET /api/v1/catalog/products/{id}/: an on-shelf product with specs, SKUs and their availability, its live
    promotions, claimable coupons, flash-sale sessions and its live group buys, auctions and presales. Served from
    the response cache while nothing it shows has changed: no query. Built, eight queries whatever the number of
    SKUs and plays (product, attributes, SKUs with availability, images, promotions, coupons, flash sessions, and
    the group buys with their open groups, auctions and presales in one statement), one more when a promotion or
    coupon is scoped by categories (the ancestors)."""

    permission_classes = [AllowAny]

    @extend_schema(responses=ProductDetailSerializer)
    def get(self, request, spu_id: int):
        return storefront_cache.json_response(
            request=request, build=lambda: self.build(request, spu_id), product=spu_id
        )

    def build(self, request, spu_id: int) -> dict:
        spu = selectors.product_for_sale(spu_id=spu_id)
        if spu is None:
            raise NotFound()
        StorefrontPage([spu], skus_prefetched=True).fill(
            "promotions", "coupons", "flash", "group_buy", "auction", "presale"
        )
        return ProductDetailSerializer(spu, context={"request": request}).data


# --- The member's favourites (收藏): their own only; another member's are never read


class FavouriteProductSerializer(serializers.Serializer):
    """A favourite product: `available` is false once it is off the shelf or its store is closed."""

    spu = serializers.IntegerField(source="spu_id")
    title = serializers.CharField(source="spu.title")
    store = RefSerializer(source="spu.store")
    min_price = serializers.DecimalField(source="spu.min_price", max_digits=14, decimal_places=2)
    main_image = serializers.SerializerMethodField()
    available = serializers.BooleanField()
    created_at = serializers.DateTimeField()

    def get_main_image(self, favourite) -> str | None:
        pictures = favourite.spu.main_images
        return image_url(self.context.get("request"), pictures[0].image) if pictures else None


class FavouriteStoreSerializer(serializers.Serializer):
    """A favourite store: `available` is false once it is frozen or closed."""

    store = serializers.IntegerField(source="store_id")
    name = serializers.CharField(source="store.name")
    type = serializers.CharField(source="store.type")
    available = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class FavouriteProductInputSerializer(InputSerializer):
    spu = serializers.IntegerField(min_value=1, max_value=COUNT_MAX)


class FavouriteStoreInputSerializer(InputSerializer):
    store = serializers.IntegerField(min_value=1, max_value=COUNT_MAX)


class FavouriteProductsApi(APIView):
    """GET /api/v1/me/favourites/products/ the member's favourite products, newest first; POST `{"spu"}` adds one
    (201, or 200 when it was there already). A product not on sale is `validation_error` naming `spu`."""

    @extend_schema(responses=FavouriteProductSerializer(many=True))
    def get(self, request):
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.member_product_favourites(user=request.user),
            serializer_class=FavouriteProductSerializer,
        )

    @extend_schema(
        request=FavouriteProductInputSerializer,
        responses={201: FavouriteProductSerializer, 200: FavouriteProductSerializer},
    )
    def post(self, request):
        data = FavouriteProductInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        spu = selectors.product_to_list(spu_id=data.validated_data["spu"])
        if spu is None:
            raise serializers.ValidationError({"spu": [_("Not a product on sale.")]})
        favourite, created = services.product_favourite_add(user=request.user, spu=spu)
        favourite = selectors.member_product_favourites(user=request.user).get(pk=favourite.pk)
        body = FavouriteProductSerializer(favourite, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class FavouriteProductApi(APIView):
    """DELETE /api/v1/me/favourites/products/{spu_id}/: 204; `not_found` when it is not among the member's."""

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, spu_id: int):
        if not services.product_favourite_remove(user=request.user, spu_id=spu_id):
            raise NotFound()
        return Response(status=status.HTTP_204_NO_CONTENT)


class FavouriteStoresApi(APIView):
    """GET /api/v1/me/favourites/stores/ the member's favourite stores, newest first; POST `{"store"}` adds one
    (201, or 200 when it was there already). A store that is not open is `validation_error` naming `store`."""

    @extend_schema(responses=FavouriteStoreSerializer(many=True))
    def get(self, request):
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.member_store_favourites(user=request.user),
            serializer_class=FavouriteStoreSerializer,
        )

    @extend_schema(
        request=FavouriteStoreInputSerializer, responses={201: FavouriteStoreSerializer, 200: FavouriteStoreSerializer}
    )
    def post(self, request):
        data = FavouriteStoreInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        store = selectors.store_for_sale(store_id=data.validated_data["store"])
        if store is None:
            raise serializers.ValidationError({"store": [_("Not an open store.")]})
        favourite, created = services.store_favourite_add(user=request.user, store=store)
        favourite = selectors.member_store_favourites(user=request.user).get(pk=favourite.pk)
        body = FavouriteStoreSerializer(favourite).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class FavouriteStoreApi(APIView):
    """DELETE /api/v1/me/favourites/stores/{store_id}/: 204; `not_found` when it is not among the member's."""

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, store_id: int):
        if not services.store_favourite_remove(user=request.user, store_id=store_id):
            raise NotFound()
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Seller


class TemplateAttributeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    required = serializers.BooleanField(source="is_required")
    values = serializers.SerializerMethodField()
    custom_allowed = serializers.BooleanField()
    filterable = serializers.BooleanField()
    category = serializers.IntegerField(source="category_id")

    def get_values(self, attribute) -> list[str]:
        return [choice.value for choice in attribute.values.all()]


class BackendCategorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    is_leaf = serializers.SerializerMethodField()
    attributes = TemplateAttributeSerializer(source="template", many=True)
    children = serializers.SerializerMethodField()

    def get_is_leaf(self, node) -> bool:
        return not node.child_nodes

    def get_children(self, node) -> list[dict]:
        return BackendCategorySerializer(node.child_nodes, many=True).data


class SellerCategoriesApi(SellerAPIView):
    """GET /api/v1/seller/categories/: the backend tree; each node's `attributes` is its full template, the
    inherited attributes first (`category` says where each is defined). Three queries."""

    pagination_class = None  # the whole tree

    @extend_schema(responses=BackendCategorySerializer(many=True))
    def get(self, request):
        return Response(BackendCategorySerializer(selectors.backend_category_tree(), many=True).data)


class BrandSerializer(serializers.ModelSerializer):
    class Meta:
        model = Brand
        fields = ["id", "name", "english_name", "logo", "origin"]


class SellerBrandsApi(SellerAPIView):
    """GET /api/v1/seller/brands/?category=: the brands a product of that category may carry."""

    class QuerySerializer(PageQuerySerializer):
        category = serializers.PrimaryKeyRelatedField(
            queryset=BackendCategory.objects.filter(is_active=True), required=False, default=None
        )

    @extend_schema(parameters=[QuerySerializer], responses=BrandSerializer(many=True))
    def get(self, request):
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.brands_for_category(category=query.validated_data["category"]),
            serializer_class=BrandSerializer,
            context={"request": request},
        )


class SellerProductInputSerializer(InputSerializer):
    """A product as the seller sends it (API.md). The same fields, all optional, update it."""

    class AttributeSerializer(InputSerializer):
        attribute = serializers.IntegerField(source="attribute_id")
        value = serializers.CharField(max_length=100)

    class SpecSerializer(InputSerializer):
        attribute = serializers.IntegerField(source="attribute_id")
        values = serializers.ListField(child=serializers.CharField(max_length=100), min_length=1, max_length=50)

    class SkuSerializer(InputSerializer):
        specs = serializers.DictField(child=serializers.CharField(max_length=100), default=dict)
        price = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
        market_price = serializers.DecimalField(
            max_digits=14, decimal_places=2, min_value=Decimal("0.00"), required=False, allow_null=True, default=None
        )
        cost_price = serializers.DecimalField(
            max_digits=14, decimal_places=2, min_value=Decimal("0.00"), required=False, allow_null=True, default=None
        )
        stock = serializers.IntegerField(min_value=0, max_value=COUNT_MAX, default=0)
        code = serializers.CharField(max_length=64, allow_blank=True, default="")
        barcode = serializers.CharField(max_length=64, allow_blank=True, default="")
        weight = serializers.IntegerField(
            min_value=0, max_value=COUNT_MAX, default=0, source="weight_g", help_text="grams"
        )
        # At most 100 m a side, so that a parcel's volume (mm³, a bigint) cannot overflow whatever goes in it.
        length = serializers.IntegerField(
            min_value=0, max_value=MAX_SIDE_MM, default=0, source="length_mm", help_text="millimetres"
        )
        width = serializers.IntegerField(
            min_value=0, max_value=MAX_SIDE_MM, default=0, source="width_mm", help_text="millimetres"
        )
        height = serializers.IntegerField(
            min_value=0, max_value=MAX_SIDE_MM, default=0, source="height_mm", help_text="millimetres"
        )
        low_stock_threshold = serializers.IntegerField(
            min_value=0,
            max_value=COUNT_MAX,
            required=False,
            help_text="left out: an existing SKU keeps its own, a new one has none (0)",
        )

    category = serializers.PrimaryKeyRelatedField(queryset=BackendCategory.objects.all())
    brand = serializers.PrimaryKeyRelatedField(queryset=Brand.objects.all(), allow_null=True, default=None)
    title = serializers.CharField(max_length=120)
    subtitle = serializers.CharField(max_length=200, allow_blank=True, default="")
    goods_code = serializers.CharField(max_length=64, allow_blank=True, default="")
    description_pc = serializers.CharField(allow_blank=True, default="", max_length=100_000)
    description_mobile = serializers.CharField(allow_blank=True, default="", max_length=100_000)
    after_sales = serializers.CharField(allow_blank=True, default="", max_length=2000)
    attributes = AttributeSerializer(many=True, default=list)
    specs = SpecSerializer(many=True, default=list)
    skus = SkuSerializer(many=True, allow_empty=False)
    freight_template = serializers.IntegerField(
        min_value=1, allow_null=True, default=None, source="freight_template_id"
    )
    shipping_category = serializers.ChoiceField(choices=ShippingCategory.choices, default=ShippingCategory.NORMAL)
    on_shelf_at = serializers.DateTimeField(allow_null=True, default=None)
    off_shelf_at = serializers.DateTimeField(allow_null=True, default=None)

    def service_arguments(self) -> dict:
        """validated_data with the nested lists turned into the services' input types."""
        data = dict(self.validated_data)
        if "attributes" in data:
            data["attributes"] = [AttributeInput(**attribute) for attribute in data["attributes"]]
        if "specs" in data:
            data["specs"] = [SpecInput(**spec) for spec in data["specs"]]
        if "skus" in data:
            data["skus"] = [SkuInput(**sku) for sku in data["skus"]]
        return data


class SellerSkuSerializer(serializers.ModelSerializer):
    weight = serializers.IntegerField(source="weight_g")
    length = serializers.IntegerField(source="length_mm")
    width = serializers.IntegerField(source="width_mm")
    height = serializers.IntegerField(source="height_mm")
    on_hand = serializers.IntegerField()
    available = serializers.IntegerField()

    class Meta:
        model = Sku
        fields = [
            "id",
            "specs",
            "price",
            "market_price",
            "cost_price",
            "code",
            "barcode",
            "weight",
            "length",
            "width",
            "height",
            "low_stock_threshold",
            "on_hand",
            "available",
        ]


class SellerProductSerializer(serializers.ModelSerializer):
    category = RefSerializer()
    brand = RefSerializer(allow_null=True)
    freight_template = serializers.IntegerField(source="freight_template_id", allow_null=True)

    class Meta:
        model = Spu
        fields = [
            "id",
            "title",
            "status",
            "reject_reason",
            "category",
            "brand",
            "min_price",
            "max_price",
            "stock",
            "sales",
            "freight_template",
            "shipping_category",
            "on_shelf_at",
            "off_shelf_at",
            "created_at",
            "updated_at",
        ]


class SellerProductDetailSerializer(SellerProductSerializer):
    class AttributeSerializer(serializers.Serializer):
        attribute = serializers.IntegerField(source="attribute_id")
        name = serializers.CharField(source="attribute.name")
        value = serializers.CharField()

    class ImageSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        kind = serializers.CharField()
        spec_value = serializers.CharField()
        url = serializers.SerializerMethodField()

        def get_url(self, image) -> str | None:
            return image_url(self.context.get("request"), image.image)

    attributes = AttributeSerializer(source="attribute_values.all", many=True)
    skus = SellerSkuSerializer(source="skus.all", many=True)
    images = ImageSerializer(source="images.all", many=True)

    class Meta(SellerProductSerializer.Meta):
        fields = [
            *SellerProductSerializer.Meta.fields,
            "subtitle",
            "goods_code",
            "market_price",
            "description_pc",
            "description_mobile",
            "after_sales",
            "attributes",
            "specs",
            "skus",
            "images",
        ]


class SellerProductsApi(SellerAPIView):
    """GET /api/v1/seller/products/[?status=] the store's products, drafts included; POST creates a draft
    (owner or manager)."""

    class QuerySerializer(PageQuerySerializer):
        status = serializers.ChoiceField(choices=SpuStatus.choices, required=False)

    def get_permissions(self):
        return [IsStoreManager()] if self.request.method == "POST" else super().get_permissions()

    @extend_schema(parameters=[QuerySerializer], responses=SellerProductSerializer(many=True))
    def get(self, request):
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        spus = selectors.store_products(store=self.store)
        if "status" in query.validated_data:
            spus = spus.filter(status=query.validated_data["status"])
        return paginated_response(request=request, view=self, queryset=spus, serializer_class=SellerProductSerializer)

    @extend_schema(request=SellerProductInputSerializer, responses={201: SellerProductDetailSerializer})
    def post(self, request):
        data = SellerProductInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        spu = services.spu_create(store=self.store, by=request.user, **data.service_arguments())
        spu = selectors.store_product(store=self.store, spu_id=spu.pk)
        return Response(
            SellerProductDetailSerializer(spu, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class SellerProductDetailApi(SellerAPIView):
    """GET /api/v1/seller/products/{id}/; PATCH changes the given fields (owner or manager)."""

    def get_permissions(self):
        return [IsStoreManager()] if self.request.method == "PATCH" else super().get_permissions()

    @extend_schema(responses=SellerProductDetailSerializer)
    def get(self, request, spu_id: int):
        spu = selectors.store_product(store=self.store, spu_id=spu_id)
        if spu is None:
            raise NotFound()
        return Response(SellerProductDetailSerializer(spu, context={"request": request}).data)

    @extend_schema(
        request=SellerProductInputSerializer,
        responses={
            200: SellerProductDetailSerializer,
            409: error_response("invalid_transition", description="The product is under review."),
        },
    )
    def patch(self, request, spu_id: int):
        spu = get_object_or_404(selectors.store_products(store=self.store), pk=spu_id)
        data = SellerProductInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.spu_update(spu=spu, by=request.user, data=data.service_arguments())
        spu = selectors.store_product(store=self.store, spu_id=spu.pk)
        return Response(SellerProductDetailSerializer(spu, context={"request": request}).data)


class SellerProductActionApi(SellerAPIView):
    """POST /api/v1/seller/products/{id}/submit/ | on-shelf/ | off-shelf/ (owner or manager)."""

    permission_classes = [IsStoreManager]
    action = ""
    ACTIONS = {
        "submit": services.spu_submit,
        "on-shelf": services.spu_put_on_shelf,
        "off-shelf": services.spu_take_off_shelf,
    }

    @extend_schema(
        request=None,
        responses={
            200: SellerProductSerializer,
            400: error_response("validation_error", description="The product's category is no longer in use."),
            409: error_response("invalid_transition", description="Not from the product's current status."),
        },
    )
    def post(self, request, spu_id: int):
        spu = get_object_or_404(selectors.store_products(store=self.store), pk=spu_id)
        spu = self.ACTIONS[self.action](spu=spu, by=request.user)
        return Response(SellerProductSerializer(spu).data)


# Shared with the product page's upload (catalog.seller_views.products); named so that its schema component keeps
# the name it had when nested in the view.
class SellerProductImagesInputSerializer(InputSerializer):
    """A picture of a product: a main or detail picture, or the picture of one value of its first spec."""

    image = serializers.FileField()
    # Checked by the service (400 on `kind`); a plain string keeps the schema's enum names free for the
    # promotions' `kind`.
    kind = serializers.CharField(max_length=10, help_text="main | detail | spec")
    spec_value = serializers.CharField(max_length=100, required=False, default="")


class SellerProductImagesApi(SellerAPIView):
    """POST /api/v1/seller/products/{id}/images/ (multipart: `image`, `kind` main|detail|spec, `spec_value`):
    a JPEG, PNG or WebP of at most 5 MB and 40 megapixels (owner or manager). Thumbnails follow by a task."""

    permission_classes = [IsStoreManager]
    parser_classes = [MultiPartParser]

    @extend_schema(
        request=SellerProductImagesInputSerializer, responses={201: SellerProductDetailSerializer.ImageSerializer}
    )
    def post(self, request, spu_id: int):
        spu = get_object_or_404(selectors.store_products(store=self.store), pk=spu_id)
        data = SellerProductImagesInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        image = services.spu_image_add(spu=spu, by=request.user, **data.validated_data)
        return Response(
            SellerProductDetailSerializer.ImageSerializer(image, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class SellerProductImageApi(SellerAPIView):
    """DELETE /api/v1/seller/products/{id}/images/{image_id}/ (owner or manager)."""

    permission_classes = [IsStoreManager]

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, spu_id: int, image_id: int):
        spu = get_object_or_404(selectors.store_products(store=self.store), pk=spu_id)
        services.spu_image_remove(image=get_object_or_404(spu.images.all(), pk=image_id), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class StockSerializer(serializers.Serializer):
    sku = serializers.IntegerField(source="sku_id")
    warehouse = serializers.IntegerField(source="warehouse_id")
    on_hand = serializers.IntegerField()
    reserved = serializers.IntegerField()
    available = serializers.IntegerField()


class StockRowSerializer(StockSerializer):
    title = serializers.CharField(source="sku.spu.title")
    specs = serializers.DictField(source="sku.specs", child=serializers.CharField())
    code = serializers.CharField(source="sku.code")


class SellerStockApi(SellerAPIView):
    """GET /api/v1/seller/stock/[?sku=&warehouse=] the stock rows of the store's warehouses; POST
    {"sku","warehouse","delta","reason"}: stock-in or correction of one SKU in one of the store's warehouses
    (owner or manager); never below what orders reserved."""

    class QuerySerializer(PageQuerySerializer):
        sku = serializers.IntegerField(required=False)
        warehouse = serializers.IntegerField(required=False)

    def get_permissions(self):
        return [IsStoreManager()] if self.request.method == "POST" else super().get_permissions()

    @extend_schema(parameters=[QuerySerializer], responses=StockRowSerializer(many=True))
    def get(self, request):
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        stock = selectors.store_stock(store=self.store)
        for name in ("sku", "warehouse"):
            if name in query.validated_data:
                stock = stock.filter(**{f"{name}_id": query.validated_data[name]})
        return paginated_response(request=request, view=self, queryset=stock, serializer_class=StockRowSerializer)

    class InputSerializer(InputSerializer):
        sku = serializers.IntegerField()
        warehouse = serializers.IntegerField()
        delta = serializers.IntegerField(min_value=-1_000_000, max_value=1_000_000)
        reason = serializers.CharField(max_length=200)

    @extend_schema(
        request=InputSerializer,
        responses={
            200: StockSerializer,
            404: error_response("not_found", description="The SKU or the warehouse is not one of the store's."),
            409: error_response("insufficient_stock", description="The stock would fall below what is reserved."),
        },
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # Another store's SKU or warehouse is not found, the same as one that does not exist.
        sku = get_object_or_404(selectors.store_skus(store=self.store), pk=data.validated_data["sku"])
        warehouse = get_object_or_404(store_warehouses(store=self.store), pk=data.validated_data["warehouse"])
        stock = services.stock_adjust(
            sku=sku,
            warehouse=warehouse,
            delta=data.validated_data["delta"],
            reason=data.validated_data["reason"],
            by=request.user,
        )
        return Response(StockSerializer(stock).data)


class SellerLowStockApi(SellerAPIView):
    """GET /api/v1/seller/stock/low/: the store's SKUs at or below their low-stock threshold (replenish these)."""

    class OutputSerializer(serializers.Serializer):
        sku = serializers.IntegerField(source="pk")
        spu = serializers.IntegerField(source="spu_id")
        title = serializers.CharField(source="spu.title")
        specs = serializers.DictField(child=serializers.CharField())
        code = serializers.CharField()
        available = serializers.IntegerField()
        low_stock_threshold = serializers.IntegerField()

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request):
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.skus_low_on_stock(store=self.store),
            serializer_class=self.OutputSerializer,
        )


class HqProductSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    brand = RefSerializer(allow_null=True)
    category = RefSerializer()
    min_price = serializers.DecimalField(max_digits=14, decimal_places=2)
    max_price = serializers.DecimalField(max_digits=14, decimal_places=2)


class SellerHqCatalogueApi(SellerAPIView):
    """GET /api/v1/seller/hq-catalogue/: HQ's products on sale, which franchise and direct stores may list."""

    @extend_schema(responses=HqProductSerializer(many=True))
    def get(self, request):
        return paginated_response(
            request=request, view=self, queryset=selectors.hq_catalogue(), serializer_class=HqProductSerializer
        )


class ListingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    spu = HqProductSerializer()
    is_active = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class SellerListingsApi(SellerAPIView):
    """GET /api/v1/seller/listings/ the HQ products the store lists; POST {"spu"} lists one (owner or manager;
    franchise and direct stores only). Stock of a listed product goes into the store's own warehouses through
    POST /api/v1/seller/stock/."""

    class InputSerializer(InputSerializer):
        spu = serializers.IntegerField()

    def get_permissions(self):
        return [IsStoreManager()] if self.request.method == "POST" else super().get_permissions()

    @extend_schema(responses=ListingSerializer(many=True))
    def get(self, request):
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.store_listings(store=self.store).select_related("spu__brand", "spu__category"),
            serializer_class=ListingSerializer,
        )

    @extend_schema(
        request=InputSerializer,
        responses={201: ListingSerializer, 404: error_response("not_found", description="No such product.")},
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        spu = selectors.product_to_list(spu_id=data.validated_data["spu"])
        if spu is None:
            raise NotFound()
        listing = services.listing_create(store=self.store, spu=spu, by=request.user)
        return Response(ListingSerializer(listing).data, status=status.HTTP_201_CREATED)


class SellerListingApi(SellerAPIView):
    """DELETE /api/v1/seller/listings/{id}/: the store stops selling that HQ product (owner or manager)."""

    permission_classes = [IsStoreManager]

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, listing_id: int):
        listing = get_object_or_404(selectors.store_listings(store=self.store), pk=listing_id, is_active=True)
        services.listing_remove(listing=listing, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SellerListingPriceApi(SellerAPIView):
    """POST /api/v1/seller/listings/{id}/prices/ {"sku", "price"}: the store's own price of one SKU of a listed HQ
    product, where HQ allows it and not below HQ's floor; `"price": null` sells at HQ's price again (owner or
    manager; decision 0037)."""

    permission_classes = [IsStoreManager]

    class InputSerializer(InputSerializer):
        sku = serializers.IntegerField(min_value=1)
        price = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"), allow_null=True)

    class OutputSerializer(serializers.Serializer):
        sku = serializers.IntegerField()
        price = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)

    @extend_schema(
        request=InputSerializer,
        responses={200: OutputSerializer, 403: error_response("permission_denied", description="HQ sets the price.")},
    )
    def post(self, request, listing_id: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        listing = get_object_or_404(selectors.store_listings(store=self.store), pk=listing_id, is_active=True)
        sku = get_object_or_404(Sku.objects.filter(spu_id=listing.spu_id), pk=data.validated_data["sku"])
        price = data.validated_data["price"]
        services.listing_price_set(listing=listing, sku=sku, price=price, by=request.user)
        return Response(self.OutputSerializer({"sku": sku.pk, "price": price}).data)


# --- Platform


class PlatformProductApproveApi(APIView):
    """POST /api/v1/platform/products/{id}/approve/ (operator)."""

    permission_classes = [IsOperator]

    @extend_schema(
        request=None,
        responses={
            200: SellerProductSerializer,
            409: error_response("invalid_transition", description="The product is not waiting for review."),
        },
    )
    def post(self, request, spu_id: int):
        spu = services.spu_approve(spu=get_object_or_404(Spu, pk=spu_id), by=request.user)
        return Response(SellerProductSerializer(spu).data)


class PlatformProductRejectApi(APIView):
    """POST /api/v1/platform/products/{id}/reject/ {"reason"} (operator)."""

    permission_classes = [IsOperator]

    class InputSerializer(InputSerializer):
        reason = serializers.CharField(max_length=200)

    @extend_schema(
        request=InputSerializer,
        responses={
            200: SellerProductSerializer,
            409: error_response("invalid_transition", description="The product is not waiting for review."),
        },
    )
    def post(self, request, spu_id: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        spu = services.spu_reject(
            spu=get_object_or_404(Spu, pk=spu_id), by=request.user, reason=data.validated_data["reason"]
        )
        return Response(SellerProductSerializer(spu).data)
