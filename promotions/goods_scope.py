"""The goods a promotion or a coupon covers (seed 002: 单品, 品类, 品牌 ... 除个别特殊商品; DESIGN.md: all goods, or
SKUs, categories and brands, with exclusions), written once for both (decision 0015):

- `GoodsScopeFields`, the columns, an abstract model that Promotion and CouponTemplate inherit;
- `goods_scope_errors` / `goods_scope_check`, the one check of what a scope names, in the services;
- `GoodsScopeSerializer`, the one reading and writing of its JSON: `{"all": true}` or any of `skus`, `categories`,
  `brands`, less the excluded SKUs, which a promotion's `scope` calls `exclude_skus` and a coupon's `goods`
  `excluded_skus` (API.md: the two spellings clients already send are kept);
- `GoodsScopeFields.goods_scope`, the one conversion to the engine's `pricing.GoodsScope`, which decides what a
  cart line or a product page is covered by;
- `covered_skus`, the SKUs a scope covers as a queryset, for the promotions' overlap check."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from catalog.models import BackendCategory, Brand, Sku
from marketplace.api.serializers import InputSerializer
from marketplace.exceptions import InvalidInput
from promotions.pricing import GoodsScope

# The most ids one list of a scope takes.
IDS_MAX = 1000


def ids(verbose_name) -> ArrayField:
    """Ids of rows elsewhere (SKUs, backend categories, brands, member levels): read as a whole, never joined."""
    return ArrayField(models.BigIntegerField(), verbose_name=verbose_name, default=list, blank=True)


class GoodsScopeFields(models.Model):
    """The goods scope's columns. At least one of all, SKUs, categories and brands names goods
    (`not_empty_constraint`); the excluded SKUs are left out of whatever the others cover."""

    scope_all = models.BooleanField(gettext_lazy("all goods"), default=False)
    scope_skus = ids(gettext_lazy("SKU ids"))
    scope_categories = ids(gettext_lazy("backend category ids"))  # at any level: their subtrees are covered
    scope_brands = ids(gettext_lazy("brand ids"))
    excluded_skus = ids(gettext_lazy("excluded SKU ids"))

    class Meta:
        abstract = True

    @staticmethod
    def not_empty_constraint(name: str) -> models.CheckConstraint:
        """The database's copy of the rule that a scope names some goods, under the model's own name for it."""
        return models.CheckConstraint(
            condition=Q(scope_all=True) | ~Q(scope_skus=[]) | ~Q(scope_categories=[]) | ~Q(scope_brands=[]),
            name=name,
        )

    @property
    def goods_scope(self) -> GoodsScope:
        return GoodsScope(
            all=self.scope_all,
            skus=frozenset(self.scope_skus),
            categories=frozenset(self.scope_categories),
            brands=frozenset(self.scope_brands),
            excluded_skus=frozenset(self.excluded_skus),
        )

    @goods_scope.setter
    def goods_scope(self, scope: GoodsScope) -> None:
        self.scope_all = scope.all
        self.scope_skus = sorted(scope.skus)
        self.scope_categories = sorted(scope.categories)
        self.scope_brands = sorted(scope.brands)
        self.excluded_skus = sorted(scope.excluded_skus)


def sku_errors(sku_ids, *, store_id: int | None) -> list[str]:
    """[a message] when some of `sku_ids` are not active SKUs (of the store, when one is given; one query): the
    SKUs a store may name in its promotions and coupons are its own active ones, which is what
    promotions.selectors.promotable_skus offers."""
    wanted = set(sku_ids)
    if not wanted:
        return []
    skus = Sku.objects.filter(is_active=True, pk__in=wanted)
    if store_id is not None:
        skus = skus.filter(store_id=store_id)
    missing = wanted - set(skus.values_list("pk", flat=True))
    return [_("Unknown SKUs (or another store's): %(ids)s.") % {"ids": _ids(missing)}] if missing else []


def goods_scope_errors(scope: GoodsScope, *, store_id: int | None) -> list[str]:
    """What is wrong with a scope about to be saved for a store (None: the platform's), in words: it names no goods,
    or SKUs that are not the store's active ones (any store's for the platform), categories or brands that do not
    exist. A query per kind of id named."""
    if not scope.names_goods:
        return [_("Name the goods: all, or some SKUs, categories or brands.")]
    errors = sku_errors(scope.skus | scope.excluded_skus, store_id=store_id)
    for model, named, message in (
        (BackendCategory, scope.categories, _("Unknown categories: %(ids)s.")),
        (Brand, scope.brands, _("Unknown brands: %(ids)s.")),
    ):
        missing = set(named) - set(model.objects.filter(pk__in=named).values_list("pk", flat=True)) if named else ()
        if missing:
            errors.append(message % {"ids": _ids(missing)})
    return errors


def goods_scope_check(scope: GoodsScope, *, store_id: int | None, field: str) -> None:
    """Refuse a scope `goods_scope_errors` finds fault with: InvalidInput naming `field` (the API's name of it)."""
    errors = goods_scope_errors(scope, store_id=store_id)
    if errors:
        raise InvalidInput(errors[0], fields={field: errors})


def _ids(ids) -> str:
    return ", ".join(str(pk) for pk in sorted(ids))


def covered_skus(scope: GoodsScope, *, store_id: int | None) -> QuerySet[Sku]:
    """Active SKUs of the store (every store's for the platform) inside the scope. A category covers its whole
    subtree, found by its tree range rather than by walking it."""
    queryset = Sku.objects.filter(is_active=True)
    if store_id is not None:
        queryset = queryset.filter(store_id=store_id)
    if not scope.all:
        covered = Q(pk__in=scope.skus) | Q(spu__brand_id__in=scope.brands)
        for category in BackendCategory.objects.filter(pk__in=scope.categories):
            covered |= Q(
                spu__category__tree_id=category.tree_id,
                spu__category__lft__gte=category.lft,
                spu__category__rght__lte=category.rght,
            )
        queryset = queryset.filter(covered)
    return queryset.exclude(pk__in=scope.excluded_skus)


def _id_list(**kwargs) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list, max_length=IDS_MAX, **kwargs
    )


class GoodsScopeSerializer(InputSerializer):
    """A goods scope's JSON. As input it becomes the engine's `GoodsScope` (a PATCH may send only some keys: the
    others are empty); as output (`source="*"`) it shows a promotion's or a coupon template's columns. The
    subclasses name the excluded SKUs as each API always has."""

    all = serializers.BooleanField(required=False, default=False, source="scope_all")
    skus = _id_list(source="scope_skus")
    categories = _id_list(source="scope_categories")
    brands = _id_list(source="scope_brands")

    def validate(self, data) -> GoodsScope:
        scope = GoodsScope(
            all=data.get("scope_all", False),
            skus=data.get("scope_skus", ()),
            categories=data.get("scope_categories", ()),
            brands=data.get("scope_brands", ()),
            excluded_skus=data.get("excluded_skus", ()),
        )
        if not scope.names_goods:
            raise serializers.ValidationError(_("Name the goods: all, or some SKUs, categories or brands."))
        return scope


class PromotionScopeSerializer(GoodsScopeSerializer):
    """A promotion's `scope`: `{"all": true}` or any of `skus`, `categories`, `brands`, less `exclude_skus`."""

    exclude_skus = _id_list(source="excluded_skus")


class CouponGoodsSerializer(GoodsScopeSerializer):
    """A coupon's `goods`: `{"all": true}` or any of `skus`, `categories`, `brands`, less `excluded_skus`."""

    excluded_skus = _id_list()
