"""What the seller backend's promotion and coupon forms share: how they ask for goods (all of them, or SKUs,
backend categories and brands, minus some SKUs), for SKUs without typing ids, and for channels.

The choices offered are the store's: its own active SKUs product by product (the only ones promotion_create and
coupon_template_create accept), and the categories and brands of the goods it sells. A SKU field reads any id
and the form then refuses one that is not the store's beside the field, so a page never offers what the service
would refuse, and a posted foreign id is answered like the API answers it, never with a 500."""

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from promotions import selectors
from promotions.models import CHANNEL_LABELS
from promotions.pricing import Channel
from stores.models import Store

# A select offers at most this many SKUs (a store with more still reaches them through categories and brands).
SKU_CHOICES_LIMIT = 500
GOODS_KEYS = ("skus", "categories", "brands")


def sku_specs(sku) -> str:
    """A SKU's spec values in the product's order ("黑色 / 128G"; the SKU's own JSON keeps no order)."""
    return " / ".join(sku.specs[spec["name"]] for spec in sku.spu.specs if spec["name"] in sku.specs)


class StoreGoods:
    """The store's goods as a page offers them, read once for the whole form: SKUs grouped by product (for lists,
    and with the product's title for a single select), categories as paths ("数码 / 手机通讯 / 手机"), brands.
    `keep_*` adds ids a saved row already names (an edit keeps them selectable when the store no longer sells
    them)."""

    def __init__(self, store: Store, *, keep_skus=(), keep_categories=(), keep_brands=()):
        skus = list(selectors.promotable_skus(store=store)[:SKU_CHOICES_LIMIT])
        listed = {sku.pk for sku in skus}
        if set(keep_skus) - listed:
            skus += selectors.promotable_skus(store=store).filter(pk__in=set(keep_skus) - listed)
        # A list shows a SKU under its product; a closed select shows one option alone, so it names the product too.
        groups: dict[int, tuple[str, list]] = {}
        titled: dict[int, tuple[str, list]] = {}
        for sku in skus:
            title, label = sku.spu.title, " · ".join(part for part in (sku_specs(sku), sku.code) if part)
            groups.setdefault(sku.spu_id, (title, []))[1].append((sku.pk, f"{label or title} (#{sku.pk})"))
            titled.setdefault(sku.spu_id, (title, []))[1].append(
                (sku.pk, f"{title} {label} (#{sku.pk})".replace("  ", " "))
            )
        self.sku_choices = list(groups.values())
        self.sku_choices_titled = list(titled.values())

        categories = selectors.store_goods_categories(store=store)
        names: dict[int, str] = {}
        for category in categories:  # tree order: a parent comes before its children
            parent = names.get(category.parent_id)
            names[category.pk] = f"{parent} / {category.name}" if parent else category.name
        self.category_choices = list(names.items())
        self.category_choices += [(pk, f"#{pk}") for pk in keep_categories if pk not in names]

        brands = list(selectors.store_goods_brands(store=store))
        self.brand_choices = [(brand.pk, brand.name) for brand in brands]
        self.brand_choices += [(pk, f"#{pk}") for pk in keep_brands if pk not in {brand.pk for brand in brands}]


class AnyIdMultipleField(forms.TypedMultipleChoiceField):
    """A multiple select of ids that reads any whole number: the form decides which ids it accepts (the store's
    SKUs, wherever they are in a long list), a word is refused as not one of the choices."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.SelectMultiple(attrs={"size": 8}))
        super().__init__(coerce=int, required=False, **kwargs)

    def valid_value(self, value) -> bool:
        return True


class AnyIdField(forms.TypedChoiceField):
    """One id from a select, read like AnyIdMultipleField."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, empty_value=None, required=False, **kwargs)

    def valid_value(self, value) -> bool:
        return True


def add_goods_fields(form: forms.Form, prefix: str, goods: StoreGoods) -> None:
    """Add `<prefix>_all`, `_skus`, `_categories`, `_brands` and `_excluded_skus` to `form`."""
    form.fields[f"{prefix}_all"] = forms.BooleanField(
        label=gettext_lazy("All goods"),
        required=False,
        initial=True,
        help_text=gettext_lazy("Untick to choose SKUs, categories or brands below (any mix of them)."),
    )
    form.fields[f"{prefix}_skus"] = AnyIdMultipleField(
        label=gettext_lazy("SKUs"),
        choices=goods.sku_choices,
        help_text=gettext_lazy("Ctrl / ⌘ for several; type a name to jump to it."),
    )
    form.fields[f"{prefix}_categories"] = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Categories"),
        choices=goods.category_choices,
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=gettext_lazy("A category covers everything under it."),
    )
    form.fields[f"{prefix}_brands"] = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Brands"),
        choices=goods.brand_choices,
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    form.fields[f"{prefix}_excluded_skus"] = AnyIdMultipleField(
        label=gettext_lazy("Except these SKUs"),
        choices=goods.sku_choices,
        help_text=gettext_lazy("Left out even when all goods or their category or brand is chosen."),
    )


def goods_input(form: forms.Form, prefix: str, *, exclude_key: str) -> dict | None:
    """The goods as the API's JSON (`{"all": true}` or some of skus / categories / brands, and the excluded SKUs
    under `exclude_key`), or None with the error on `<prefix>_all` when the choice is unclear."""
    data = form.cleaned_data
    chosen = {key: data.get(f"{prefix}_{key}") or [] for key in GOODS_KEYS}
    all_field = f"{prefix}_all"
    label = form.fields[all_field].label
    if data.get(all_field):
        if any(chosen.values()):
            form.add_error(
                all_field, _("Untick “%(all)s” to keep only the goods chosen below, or clear them.") % {"all": label}
            )
            return None
        goods = {"all": True}
    elif any(chosen.values()):
        goods = {key: ids for key, ids in chosen.items() if ids}
    else:
        form.add_error(all_field, _("Tick “%(all)s”, or choose some SKUs, categories or brands.") % {"all": label})
        return None
    if data.get(f"{prefix}_excluded_skus"):
        goods[exclude_key] = data[f"{prefix}_excluded_skus"]
    return goods


def refuse_foreign_skus(store: Store, wanted: Iterable[tuple[forms.Form, str, Iterable[int]]]) -> bool:
    """Put "not this store's" beside each field whose SKU ids are not active SKUs of the store, in one query.
    `wanted` is (form, field name, ids); False when any was refused."""
    wanted = [(form, name, set(ids)) for form, name, ids in wanted]
    every = set().union(*(ids for _form, _name, ids in wanted))
    own = set(selectors.promotable_skus(store=store).filter(pk__in=every).values_list("pk", flat=True))
    clean = True
    for form, name, ids in wanted:
        if ids - own:
            missing = ", ".join(f"#{pk}" for pk in sorted(ids - own))
            form.add_error(name, _("Not SKUs of this store: %(ids)s.") % {"ids": missing})
            clean = False
    return clean


class ChannelsField(forms.TypedMultipleChoiceField):
    """The channels a promotion or coupon works in, as checkboxes, all ticked at first."""

    def __init__(self, **kwargs):
        super().__init__(
            label=gettext_lazy("Channels"),
            choices=[(channel.value, label) for channel, label in CHANNEL_LABELS.items()],
            initial=[channel.value for channel in Channel],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": gettext_lazy("Tick at least one channel.")},
            help_text=gettext_lazy("All ticked: every channel, those added later too."),
            **kwargs,
        )


def channels_input(ticked: Iterable[str]) -> list[str]:
    """The API's `channels`: empty (every channel, as the API's default) when all are ticked, else those ticked."""
    ticked = set(ticked)
    if ticked >= {channel.value for channel in Channel}:
        return []
    return [channel.value for channel in Channel if channel.value in ticked]


def channels_initial(stored: Iterable[str]) -> list[str]:
    """What a saved `channels` ticks: all of them when it is empty."""
    return list(stored) or [channel.value for channel in Channel]
