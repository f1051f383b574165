"""Products: create and edit an SPU with its SKU matrix, and move it through review and on / off the shelf.

Everything a seller sends is checked against the category's attribute template before anything is written;
a bad field raises InvalidInput naming it ({"skus": {"2": {"code": [...]}}}) and the transaction saves nothing.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from itertools import product
from typing import Any

import nh3
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog import selectors
from catalog.events import SpuEventType, spu_event
from catalog.exceptions import HqCatalogueOnly, InvalidInput, InvalidTransition
from catalog.freight_templates import store_freight_templates
from catalog.models import (
    Attribute,
    AttributeKind,
    BackendCategory,
    Brand,
    ShippingCategory,
    Sku,
    Spu,
    SpuAttribute,
    SpuStatus,
)
from catalog.services.stock import stock_adjust
from members.models import User
from stores.models import Store

# Taobao's ceiling: a matrix larger than this is a listing mistake, not a product.
MAX_SKUS_PER_SPU = 600
# Rich descriptions may carry pictures and links, but only over the web's own schemes.
DESCRIPTION_URL_SCHEMES = {"http", "https"}


@dataclass(frozen=True)
class AttributeInput:
    attribute_id: int
    value: str


@dataclass(frozen=True)
class SpecInput:
    """One sales attribute and the values this product comes in. The first spec's values may carry images."""

    attribute_id: int
    values: list[str]


@dataclass(frozen=True)
class SkuInput:
    """One cell of the matrix. `specs` maps each spec's attribute name to one of its values. `stock` goes into
    the store's first warehouse, and only for a SKU being created (afterwards stock moves by stock_adjust). A
    `low_stock_threshold` left None keeps an existing SKU's (a new one has none, 0): a matrix sent again to change
    prices does not wipe the thresholds the store set for replenishment."""

    specs: dict[str, str]
    price: Decimal
    market_price: Decimal | None = None
    cost_price: Decimal | None = None
    code: str = ""
    barcode: str = ""
    weight_g: int = 0
    length_mm: int = 0
    width_mm: int = 0
    height_mm: int = 0
    low_stock_threshold: int | None = None
    stock: int = 0


# What a SkuInput sets on its SKU as it is (the low-stock threshold only when it is given).
SKU_FIELDS = [
    "price",
    "market_price",
    "cost_price",
    "code",
    "barcode",
    "weight_g",
    "length_mm",
    "width_mm",
    "height_mm",
]
# Fields an operator reviewed: changing one of an approved product sends it back to draft (off the shelf).
REVIEWED_FIELDS = {
    "category",
    "brand",
    "title",
    "subtitle",
    "description_pc",
    "description_mobile",
    "after_sales",
    "attributes",
    "specs",
}
EDITABLE_FIELDS = REVIEWED_FIELDS | {
    "goods_code",
    "freight_template_id",
    "shipping_category",
    "on_shelf_at",
    "off_shelf_at",
    "skus",
}


def _invalid(message: str, *path) -> InvalidInput:
    """InvalidInput whose `fields` name where the problem is: ("skus", 2, "code") -> {"skus": {"2": {"code": [m]}}}."""
    fields: Any = [message]
    for key in reversed(path):
        fields = {str(key): fields}
    return InvalidInput(message, fields=fields)


def sanitize_description(html: str) -> str:
    """Sellers paste HTML from anywhere: keep the formatting and pictures, drop scripts, handlers and styles."""
    return nh3.clean(html, url_schemes=DESCRIPTION_URL_SCHEMES) if html else ""


def spec_key(specs: Sequence[Mapping], combination: Mapping[str, str]) -> str:
    """The normal form of a combination: attribute ids ascending, so the order of the specs does not matter."""
    ids = {spec["name"]: spec["attribute"] for spec in specs}
    return "|".join(f"{ids[name]}:{value}" for name, value in sorted(combination.items(), key=lambda i: ids[i[0]]))


@dataclass(frozen=True)
class _Content:
    attributes: list[tuple[Attribute, str]]
    specs: list[dict]
    skus: list[tuple[str, SkuInput]]


def _check_category(category: BackendCategory) -> None:
    if not category.is_active:
        raise _invalid(_("This category is no longer in use."), "category")
    if not category.is_leaf_node():
        raise _invalid(_("Products are bound to a leaf category; choose one of its subcategories."), "category")


def _allowed(attribute: Attribute, value: str) -> bool:
    return attribute.custom_allowed or value in {choice.value for choice in attribute.values.all()}


def _check_attributes(template: list[Attribute], attributes: Sequence[AttributeInput]) -> list[tuple[Attribute, str]]:
    by_id = {attribute.pk: attribute for attribute in template if attribute.kind != AttributeKind.SALES}
    checked: dict[int, tuple[Attribute, str]] = {}
    for index, given in enumerate(attributes):
        attribute = by_id.get(given.attribute_id)
        if attribute is None:
            raise _invalid(_("Not a key or other attribute of this category."), "attributes", index, "attribute")
        if attribute.pk in checked:
            raise _invalid(_("This attribute is given twice."), "attributes", index, "attribute")
        value = given.value.strip()
        if not value:
            raise _invalid(_("This field may not be blank."), "attributes", index, "value")
        if not _allowed(attribute, value):
            raise _invalid(
                _("%(value)s is not a value of %(name)s.") % {"value": value, "name": attribute.name},
                "attributes",
                index,
                "value",
            )
        checked[attribute.pk] = (attribute, value)
    missing = [attribute.name for attribute in by_id.values() if attribute.is_required and attribute.pk not in checked]
    if missing:
        raise _invalid(_("Required attributes missing: %(names)s.") % {"names": ", ".join(missing)}, "attributes")
    return list(checked.values())


def _check_specs(template: list[Attribute], specs: Sequence[SpecInput]) -> list[dict]:
    by_id = {attribute.pk: attribute for attribute in template if attribute.kind == AttributeKind.SALES}
    checked: list[dict] = []
    for index, given in enumerate(specs):
        attribute = by_id.get(given.attribute_id)
        if attribute is None:
            raise _invalid(_("Not a sales attribute of this category."), "specs", index, "attribute")
        if any(spec["attribute"] == attribute.pk for spec in checked):
            raise _invalid(_("This attribute is given twice."), "specs", index, "attribute")
        values = [value.strip() for value in given.values]
        if not values or any(not value for value in values) or len(set(values)) != len(values):
            raise _invalid(_("Give one or more different, non-blank values."), "specs", index, "values")
        for value in values:
            if not _allowed(attribute, value):
                raise _invalid(
                    _("%(value)s is not a value of %(name)s.") % {"value": value, "name": attribute.name},
                    "specs",
                    index,
                    "values",
                )
        checked.append({"attribute": attribute.pk, "name": attribute.name, "values": values})
    missing = [a.name for a in by_id.values() if a.required and all(s["attribute"] != a.pk for s in checked)]
    if missing:
        raise _invalid(_("Required specs missing: %(names)s.") % {"names": ", ".join(missing)}, "specs")
    return checked


def _check_skus(
    *, store: Store, spu: Spu | None, specs: list[dict], skus: Sequence[SkuInput]
) -> list[tuple[str, SkuInput]]:
    """The SKUs must be the full matrix of the specs, each combination exactly once (none: one SKU, `{}`)."""
    names = [spec["name"] for spec in specs]
    matrix = {tuple(combination) for combination in product(*(spec["values"] for spec in specs))}
    if len(matrix) > MAX_SKUS_PER_SPU:
        raise _invalid(_("At most %(n)d SKUs per product.") % {"n": MAX_SKUS_PER_SPU}, "specs")
    seen: set[tuple] = set()
    codes: dict[str, int] = {}
    checked = []
    for index, sku in enumerate(skus):
        if set(sku.specs) != set(names):
            raise _invalid(
                _("Give exactly one value of each spec: %(names)s.") % {"names": ", ".join(names) or "-"},
                "skus",
                index,
                "specs",
            )
        combination = tuple(sku.specs[name] for name in names)
        if combination not in matrix:
            raise _invalid(_("This combination is not made of the specs' values."), "skus", index, "specs")
        if combination in seen:
            raise _invalid(_("This combination is given twice."), "skus", index, "specs")
        seen.add(combination)
        if sku.code:
            if sku.code in codes:
                raise _invalid(_("This SKU code is given twice."), "skus", index, "code")
            codes[sku.code] = index
        checked.append((spec_key(specs, sku.specs), sku))
    missing = matrix - seen
    if missing:
        example = "/".join(sorted(missing)[0]) or "{}"
        raise _invalid(
            _("Give a SKU for every combination of the specs; missing: %(combination)s.") % {"combination": example},
            "skus",
        )
    taken = Sku.objects.filter(store=store, code__in=codes)
    if spu is not None:
        taken = taken.exclude(spu=spu)
    taken_code = taken.values_list("code", flat=True).first()
    if taken_code is not None:
        raise _invalid(
            _("The store already has a SKU with code %(code)s.") % {"code": taken_code},
            "skus",
            codes[taken_code],
            "code",
        )
    return checked


def _checked_content(
    *,
    store: Store,
    spu: Spu | None,
    category: BackendCategory,
    brand: Brand | None,
    attributes: Sequence[AttributeInput],
    specs: Sequence[SpecInput],
    skus: Sequence[SkuInput],
) -> _Content:
    _check_category(category)
    if brand is not None and not (brand.is_active and selectors.brand_allowed_in(brand=brand, category=category)):
        raise _invalid(_("This brand may not be used in this category."), "brand")
    template = list(selectors.category_attributes(category=category))
    checked_specs = _check_specs(template, specs)
    return _Content(
        attributes=_check_attributes(template, attributes),
        specs=checked_specs,
        skus=_check_skus(store=store, spu=spu, specs=checked_specs, skus=skus),
    )


def _check_freight_template(store: Store, template_id: int | None, current: int | None = None) -> None:
    """A product ships under one of its own store's live templates, as logistics names them (catalog.freight_templates).
    A product may keep a template retired after it was chosen."""
    if template_id is None or template_id == current:
        return
    if template_id not in {template.pk for template in store_freight_templates(store_id=store.pk)}:
        raise _invalid(_("Choose one of your store's freight templates."), "freight_template")


def _check_shipping_category(category: str) -> None:
    if category not in ShippingCategory.values:
        raise _invalid(_("Choose a shipping category: normal, fragile or oversize."), "shipping_category")


def _check_schedule(on_shelf_at: datetime | None, off_shelf_at: datetime | None) -> None:
    if on_shelf_at and off_shelf_at and off_shelf_at <= on_shelf_at:
        raise _invalid(_("The off-shelf time must be after the on-shelf time."), "off_shelf_at")


def _event(spu: Spu, type: str, by: User | None, reason: str = "", **data) -> None:
    spu_event(spu=spu, type=SpuEventType(type), by=by, reason=reason, **data)


def _write_attributes(spu: Spu, attributes: list[tuple[Attribute, str]]) -> None:
    SpuAttribute.objects.filter(spu=spu).delete()
    SpuAttribute.objects.bulk_create(
        SpuAttribute(spu=spu, attribute=attribute, value=value) for attribute, value in attributes
    )


def _write_skus(spu: Spu, skus: list[tuple[str, SkuInput]], *, by: User) -> None:
    """Upsert by combination: a combination kept keeps its SKU (and its id, stock and order history); a new one
    gets a SKU; a dropped one is retired, which needs its stock to be gone first, and frees its code."""
    existing = {sku.spec_key: sku for sku in Sku.objects.select_for_update().filter(spu=spu).order_by("pk")}
    wanted = {key: given for key, given in skus}
    retired = [sku.pk for key, sku in existing.items() if key not in wanted and sku.is_active]
    if retired:
        stocked = selectors.skus_with_availability(Sku.objects.filter(pk__in=retired)).filter(on_hand__gt=0)
        if stocked.exists():
            raise _invalid(_("A combination still in stock cannot be removed; take its stock out first."), "skus")
        Sku.objects.filter(pk__in=retired).update(is_active=False, code="")
    # Codes are unique per store and the constraint is checked row by row, so codes that move between this
    # product's SKUs (A and B swapped, or a retired colour's code given to a new one) are cleared first.
    moving = [sku.pk for key, sku in existing.items() if key in wanted and sku.code != wanted[key].code]
    Sku.objects.filter(pk__in=moving).update(code="")
    stock_in: list[tuple[Sku, int]] = []
    for index, (key, given) in enumerate(skus):
        sku = existing.get(key)
        if sku is not None and given.stock:
            raise _invalid(_("Change the stock of an existing SKU through the stock API."), "skus", index, "stock")
        sku = sku or Sku(spu=spu, store_id=spu.store_id, spec_key=key)
        sku.specs, sku.is_active = given.specs, True
        for name in SKU_FIELDS:
            setattr(sku, name, getattr(given, name))
        if given.low_stock_threshold is not None:
            sku.low_stock_threshold = given.low_stock_threshold
        sku.save()
        if given.stock:
            stock_in.append((sku, given.stock))
    if stock_in:
        warehouse = spu.store.warehouses.filter(is_active=True).order_by("pk").first()
        if warehouse is None:
            raise _invalid(_("The store has no warehouse for this stock; create one first."), "skus")
        for sku, quantity in stock_in:
            stock_adjust(sku=sku, warehouse=warehouse, delta=quantity, reason="initial stock", by=by)


def _refresh_prices(spu: Spu) -> None:
    """The list shows the lowest price and the cheapest SKU's market price; keep them on the SPU."""
    skus = list(Sku.objects.filter(spu=spu, is_active=True).order_by("price", "pk"))
    cheapest = skus[0]
    spu.min_price = cheapest.price
    spu.max_price = max(sku.price for sku in skus)
    spu.market_price = cheapest.market_price or cheapest.price
    Spu.objects.filter(pk=spu.pk).update(
        min_price=spu.min_price, max_price=spu.max_price, market_price=spu.market_price
    )


@transaction.atomic
def spu_create(
    *,
    store: Store,
    by: User,
    category: BackendCategory,
    title: str,
    skus: Sequence[SkuInput],
    attributes: Sequence[AttributeInput] = (),
    specs: Sequence[SpecInput] = (),
    brand: Brand | None = None,
    subtitle: str = "",
    goods_code: str = "",
    description_pc: str = "",
    description_mobile: str = "",
    after_sales: str = "",
    freight_template_id: int | None = None,
    shipping_category: str = ShippingCategory.NORMAL,
    on_shelf_at: datetime | None = None,
    off_shelf_at: datetime | None = None,
) -> Spu:
    """A store publishes a product as a draft, with its full SKU matrix and, optionally, initial stock."""
    if store.sells_hq_catalogue_only:
        raise HqCatalogueOnly()
    content = _checked_content(
        store=store, spu=None, category=category, brand=brand, attributes=attributes, specs=specs, skus=skus
    )
    _check_schedule(on_shelf_at, off_shelf_at)
    _check_freight_template(store, freight_template_id)
    _check_shipping_category(shipping_category)
    spu = Spu.objects.create(
        store=store,
        category=category,
        brand=brand,
        title=title,
        subtitle=subtitle,
        goods_code=goods_code,
        description_pc=sanitize_description(description_pc),
        description_mobile=sanitize_description(description_mobile),
        after_sales=after_sales,
        specs=content.specs,
        freight_template_id=freight_template_id,
        shipping_category=shipping_category,
        on_shelf_at=on_shelf_at,
        off_shelf_at=off_shelf_at,
    )
    _write_attributes(spu, content.attributes)
    _write_skus(spu, content.skus, by=by)
    _refresh_prices(spu)
    _event(spu, "created", by)
    spu.refresh_from_db()
    return spu


def _current_attributes(spu: Spu) -> list[AttributeInput]:
    return [AttributeInput(attribute_id=row.attribute_id, value=row.value) for row in spu.attribute_values.all()]


def _current_specs(spu: Spu) -> list[SpecInput]:
    return [SpecInput(attribute_id=spec["attribute"], values=spec["values"]) for spec in spu.specs]


def _current_skus(spu: Spu) -> list[SkuInput]:
    return [
        SkuInput(
            specs=sku.specs,
            low_stock_threshold=sku.low_stock_threshold,
            **{name: getattr(sku, name) for name in SKU_FIELDS},
        )
        for sku in spu.skus.filter(is_active=True).order_by("pk")
    ]


@transaction.atomic
def spu_update(*, spu: Spu, by: User, data: Mapping[str, Any]) -> Spu:
    """Change some of a product's fields (`data` keys from EDITABLE_FIELDS, values as spu_create takes them).

    `skus`, when given, is the whole matrix again (matched to existing SKUs by combination); `specs` needs
    `skus`. A change of a reviewed field of a product on or off the shelf, or rejected, sends it back to draft
    (off the shelf) for another review; prices, codes, stock and the schedule change without one. A product
    under review cannot be edited."""
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    spu = Spu.objects.select_for_update(of=("self",)).select_related("store", "category", "brand").get(pk=spu.pk)
    if spu.status == SpuStatus.PENDING_REVIEW:
        raise InvalidTransition(_("The product is under review; wait for the decision before editing it."))
    if "specs" in data and "skus" not in data:
        raise _invalid(_("Give the SKUs of the new specs."), "skus")
    old_specs, old_attributes = spu.specs, {(a.attribute_id, a.value) for a in spu.attribute_values.all()}
    category = data.get("category", spu.category)
    brand = data.get("brand", spu.brand)
    content_changes = {"category", "brand", "attributes", "specs", "skus"} & set(data)
    if content_changes:
        content = _checked_content(
            store=spu.store,
            spu=spu,
            category=category,
            brand=brand,
            attributes=data["attributes"] if "attributes" in data else _current_attributes(spu),
            specs=data["specs"] if "specs" in data else _current_specs(spu),
            skus=data["skus"] if "skus" in data else _current_skus(spu),
        )
    on_shelf_at = data.get("on_shelf_at", spu.on_shelf_at)
    off_shelf_at = data.get("off_shelf_at", spu.off_shelf_at)
    _check_schedule(on_shelf_at, off_shelf_at)
    if "freight_template_id" in data:
        _check_freight_template(spu.store, data["freight_template_id"], current=spu.freight_template_id)
    if "shipping_category" in data:
        _check_shipping_category(data["shipping_category"])

    changed = set()
    for name in (
        "title",
        "subtitle",
        "goods_code",
        "after_sales",
        "freight_template_id",
        "shipping_category",
        "on_shelf_at",
        "off_shelf_at",
    ):
        if name in data and getattr(spu, name) != data[name]:
            setattr(spu, name, data[name])
            changed.add(name)
    for name in ("description_pc", "description_mobile"):
        if name in data and getattr(spu, name) != sanitize_description(data[name]):
            setattr(spu, name, sanitize_description(data[name]))
            changed.add(name)
    for name, value in (("category", category), ("brand", brand)):
        if getattr(spu, name) != value:
            setattr(spu, name, value)
            changed.add(name)
    if content_changes:
        if {(attribute.pk, value) for attribute, value in content.attributes} != old_attributes:
            changed.add("attributes")
        if content.specs != old_specs:
            changed.add("specs")
        spu.specs = content.specs
        _write_attributes(spu, content.attributes)
        _write_skus(spu, content.skus, by=by)
        if "skus" in data:
            changed.add("skus")
    spu.save()
    _refresh_prices(spu)
    if not changed:
        return spu
    _event(spu, "edited", by, fields=sorted(changed))
    if changed & REVIEWED_FIELDS and spu.status != SpuStatus.DRAFT:
        _change_status(spu, SpuStatus.DRAFT, by, "returned_to_draft", reason="reviewed content changed")
    spu.refresh_from_db()
    return spu


def _locked(spu: Spu) -> Spu:
    """Re-read the product under a row lock, so a seller and an operator acting at once act in turn."""
    return Spu.objects.select_for_update().get(pk=spu.pk)


def _change_status(spu: Spu, status: str, by: User | None, event: str, *, reason: str = "", **fields) -> Spu:
    if not spu.can_become(status):
        raise InvalidTransition(
            _("A product cannot go from %(old)s to %(new)s.")
            % {"old": SpuStatus(spu.status).label, "new": SpuStatus(status).label}
        )
    old = spu.status
    spu.status = status
    for name, value in fields.items():
        setattr(spu, name, value)
    spu.save(update_fields=["status", "updated_at", *fields])
    _event(spu, event, by, reason, old=old, new=status)
    return spu


@transaction.atomic
def spu_submit(*, spu: Spu, by: User) -> Spu:
    """The store sends a draft (or a rejected product, edited) to the operators for review."""
    spu = _locked(spu)
    _check_category(spu.category)
    return _change_status(spu, SpuStatus.PENDING_REVIEW, by, "submitted", reject_reason="")


@transaction.atomic
def spu_approve(*, spu: Spu, by: User, now: datetime | None = None) -> Spu:
    """An operator approves: the product goes on the shelf now, or waits off the shelf for its scheduled
    on-shelf time (the beat job puts it on)."""
    spu = _locked(spu)
    now = now or timezone.now()
    waits = spu.on_shelf_at is not None and spu.on_shelf_at > now
    expired = spu.off_shelf_at is not None and spu.off_shelf_at <= now
    if waits or expired:
        return _change_status(spu, SpuStatus.OFF_SHELF, by, "approved")
    return _change_status(spu, SpuStatus.ON_SHELF, by, "approved", on_shelf_at=None)


@transaction.atomic
def spu_reject(*, spu: Spu, by: User, reason: str) -> Spu:
    """An operator refuses, saying why; the store edits and submits again."""
    spu = _locked(spu)
    if not reason.strip():
        raise _invalid(_("Say why the product is rejected."), "reason")
    return _change_status(spu, SpuStatus.REJECTED, by, "rejected", reason=reason, reject_reason=reason)


@transaction.atomic
def spu_put_on_shelf(*, spu: Spu, by: User | None, reason: str = "") -> Spu:
    """An approved product goes on sale. A pending on-shelf schedule is used up by this. Only a product that is
    off the shelf can: one waiting for review goes on sale by an operator's approval, never by its store."""
    spu = _locked(spu)
    _require(spu, SpuStatus.OFF_SHELF)
    return _change_status(spu, SpuStatus.ON_SHELF, by, "put_on_shelf", reason=reason, on_shelf_at=None)


@transaction.atomic
def spu_take_off_shelf(*, spu: Spu, by: User | None, reason: str = "") -> Spu:
    """The product stops selling (it stays approved). A pending off-shelf schedule is used up by this."""
    spu = _locked(spu)
    _require(spu, SpuStatus.ON_SHELF)
    return _change_status(spu, SpuStatus.OFF_SHELF, by, "taken_off_shelf", reason=reason, off_shelf_at=None)


def _require(spu: Spu, status: str) -> None:
    if spu.status != status:
        raise InvalidTransition(
            _("Not allowed while the product is %(status)s.") % {"status": spu.get_status_display()},
            fields={"status": [spu.status]},
        )


def spu_apply_shelf_schedule(*, now: datetime | None = None) -> dict[str, int]:
    """Put on (take off) every product whose scheduled time has come. Safe to run twice and alongside a
    seller: each product is re-checked under its lock, and one locked by someone else waits for the next run."""
    now = now or timezone.now()
    due_on = Spu.objects.filter(status=SpuStatus.OFF_SHELF, on_shelf_at__lte=now).filter(
        Q(off_shelf_at__isnull=True) | Q(off_shelf_at__gt=now)
    )
    due_off = Spu.objects.filter(status=SpuStatus.ON_SHELF, off_shelf_at__lte=now)
    done = {"put_on_shelf": 0, "taken_off_shelf": 0}
    for key, due, service in (
        ("put_on_shelf", due_on, spu_put_on_shelf),
        ("taken_off_shelf", due_off, spu_take_off_shelf),
    ):
        for spu_id in due.order_by("pk").values_list("pk", flat=True):
            with transaction.atomic():
                spu = due.select_for_update(skip_locked=True).filter(pk=spu_id).first()
                if spu is not None:
                    service(spu=spu, by=None, reason="scheduled")
                    done[key] += 1
    return done
