"""The seller backend's product form: the inputs of the publish / edit page read by Django forms, checked by the
seller API's input serializer and written by the API's services (spu_create, spu_update), so the page and the API
refuse the same products with the same messages and codes (decision 0010).

The forms read text and never refuse it: what a value may be is the serializer's and the services' to say. Their
fields carry the API's names, so what was typed is the API's input as it stands, read as DRF reads an HTML form (a
blank left out where the API has a default); the template's attributes (`attr-<id>`) and the values ticked for each
spec (`spec-<id>`) become the API's lists, and each row of the SKU matrix (`sku-<i>-<column>`, `skus-total` rows) one
SKU. A refusal comes back as dotted paths (`skus.2.price`), which the form turns back into the input, spec or table
cell they name. static/js/seller_product.js draws the matrix as values are ticked; the server draws the same rows,
keyed the same way, when it shows the form again, so nothing typed is lost."""

import json
from decimal import Decimal
from itertools import product as combinations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from catalog import selectors
from catalog.apis import SellerProductInputSerializer
from catalog.freight_templates import store_freight_templates
from catalog.models import AttributeKind, BackendCategory, ShippingCategory, Sku, Spu
from catalog.services.products import MAX_SKUS_PER_SPU
from marketplace.api.serializers import FROM_A_FORM
from marketplace.exceptions import DomainError
from stores.seller_pages import field_errors

# Columns of the SKU table, as the API names them, with their headings and keyboards (the page's script draws
# new rows from the headings). An existing SKU's stock and low-stock threshold change on the stock page.
SKU_COLUMNS = (
    ("price", gettext_lazy("Price"), "decimal"),
    ("market_price", gettext_lazy("Market price"), "decimal"),
    ("cost_price", gettext_lazy("Cost price"), "decimal"),
    ("stock", gettext_lazy("Stock"), "numeric"),
    ("code", gettext_lazy("SKU code"), "text"),
    ("barcode", gettext_lazy("Barcode"), "numeric"),
    ("weight", gettext_lazy("Weight (g)"), "numeric"),
    ("length", gettext_lazy("Length (mm)"), "numeric"),
    ("width", gettext_lazy("Width (mm)"), "numeric"),
    ("height", gettext_lazy("Height (mm)"), "numeric"),
)
# The product's shelf schedule as the form's datetime-local inputs write it (Beijing time).
SCHEDULE_FORMAT = "%Y-%m-%dT%H:%M"
# What a new product's form starts with.
NEW_PRODUCT = {"shipping_category": ShippingCategory.NORMAL}
# Errors shown in a section of the form (a whole-matrix or missing-attributes refusal) rather than above it.
SECTIONS = {"attributes", "specs", "skus"}


class Typed(forms.Field):
    """What was typed in one input, stripped. Never refused here: the API's serializer says what it may be."""

    def __init__(self):
        super().__init__(required=False)

    def to_python(self, value) -> str:
        return value.strip() if isinstance(value, str) else ""


class Ticked(forms.Field):
    """The values ticked (or added) for one spec: stripped, non-blank, each once, in the order shown."""

    widget = forms.MultipleHiddenInput

    def __init__(self):
        super().__init__(required=False)

    def to_python(self, value) -> list[str]:
        values = (item.strip() for item in value or () if isinstance(item, str))
        return list(dict.fromkeys(item for item in values if item))


class Combination(forms.Field):
    """A matrix row's spec values as the page writes them, JSON ({"颜色": "黑色"}); anything else is no values."""

    widget = forms.HiddenInput

    def __init__(self):
        super().__init__(required=False)

    def to_python(self, value) -> dict:
        try:
            combination = json.loads(value or "{}")
        except (TypeError, json.JSONDecodeError):
            return {}
        return combination if isinstance(combination, dict) else {}


class ProductInputs(forms.Form):
    """The product's own inputs, named as the API names them, and one per attribute and spec of its category."""

    title = Typed()
    subtitle = Typed()
    brand = Typed()
    goods_code = Typed()
    description_pc = Typed()
    description_mobile = Typed()
    after_sales = Typed()
    on_shelf_at = Typed()
    off_shelf_at = Typed()
    freight_template = Typed()
    shipping_category = Typed()

    def __init__(self, *args, attributes, sales, **kwargs):
        super().__init__(*args, **kwargs)
        # The product's own fields, which the API takes under the same names; the template's come after.
        self.api_fields = list(self.fields)
        for attribute in attributes:
            self.fields[f"attr-{attribute.pk}"] = Typed()
        for attribute in sales:
            self.fields[f"spec-{attribute.pk}"] = Ticked()


class SkuRow(forms.Form):
    """One row of the SKU matrix (prefix `sku-<i>`): its combination and the API's columns."""

    specs = Combination()
    price = Typed()
    market_price = Typed()
    cost_price = Typed()
    stock = Typed()
    code = Typed()
    barcode = Typed()
    weight = Typed()
    length = Typed()
    width = Typed()
    height = Typed()


def row_key(specs: dict) -> str:
    """A combination as the page's script keys it (Python's json.dumps with sorted keys): one row per key."""
    return json.dumps(specs, sort_keys=True, ensure_ascii=False)


def as_a_form_is_read(typed: dict, serializer: serializers.Serializer) -> dict:
    """`typed` as DRF reads an HTML form: a blank input of a field the API does not require is left out, so that its
    default applies (no brand, no market price, no stock); any other goes as typed, a blank title or price too, so
    that it is refused in the API's words."""
    return {name: value for name, value in typed.items() if value != "" or serializer.fields[name].required}


class ProductForm:
    """The publish / edit form of one product of `category` (`spu` when editing): the product's fields, the rows of
    its SKU matrix, the seller API's input they make, and the messages of a refusal placed where the seller looks."""

    def __init__(self, data=None, *, category: BackendCategory, spu: Spu | None = None):
        self.category, self.spu = category, spu
        template = list(selectors.category_attributes(category=category))
        self.attributes = [attribute for attribute in template if attribute.kind != AttributeKind.SALES]
        self.sales = [attribute for attribute in template if attribute.kind == AttributeKind.SALES]
        self.saved = {row_key(sku.specs): sku for sku in spu.skus.all()} if spu is not None else {}
        self.inputs = ProductInputs(
            data, attributes=self.attributes, sales=self.sales, initial=_initial(spu) if spu else NEW_PRODUCT
        )
        self.rows = [SkuRow(data, prefix=f"sku-{index}") for index in range(_row_count(data))]
        for form in (self.inputs, *self.rows):
            form.is_valid()  # reads what was typed; nothing is refused here
        self.errors: dict[str, list[str]] = {}
        self.attribute_errors: dict[int, list[str]] = {}
        self.spec_errors: dict[int, list[str]] = {}
        self.row_errors: dict[str, dict[str, list[str]]] = {}

    @property
    def values(self) -> dict:
        """The product's inputs as the page shows them: as typed (stripped), or as saved."""
        return self.inputs.cleaned_data if self.inputs.is_bound else self.inputs.initial

    def api_input(self) -> dict:
        """What was typed as the seller API's product: the API's fields and lists, a blank left out where the API
        has a default. An existing SKU's stock is not sent: the page shows it read-only, it moves on the stock page."""
        values = self.values
        own = {name: values[name] for name in self.inputs.api_fields}
        body = as_a_form_is_read(own, SellerProductInputSerializer())
        body["category"] = self.category.pk
        body["attributes"] = [{"attribute": a.pk, "value": values[f"attr-{a.pk}"]} for a in self.sent_attributes]
        body["specs"] = [{"attribute": a.pk, "values": values[f"spec-{a.pk}"]} for a in self.sent_specs]
        body["skus"] = [self._sku_input(row.cleaned_data) for row in self.rows]
        return body

    @property
    def sent_attributes(self) -> list:
        """The attributes the API is sent, in its list's order: those typed in."""
        return [attribute for attribute in self.attributes if self.values.get(f"attr-{attribute.pk}")]

    @property
    def sent_specs(self) -> list:
        """The specs the API is sent, in its list's order: those with a value ticked."""
        return [attribute for attribute in self.sales if self.values.get(f"spec-{attribute.pk}")]

    def _sku_input(self, typed: dict) -> dict:
        sku = as_a_form_is_read(typed, SellerProductInputSerializer.SkuSerializer())
        if row_key(typed["specs"]) in self.saved:
            sku.pop("stock", None)
        return sku

    def save(self, write) -> Spu | None:
        """Check the product with the seller API's serializer and `write` (a service call) it: the product written,
        or None with the refusal's messages kept for the page."""
        data = SellerProductInputSerializer(data=self.api_input(), context=FROM_A_FORM)
        try:
            data.is_valid(raise_exception=True)
            return write(data.service_arguments())
        except (ValidationError, DomainError) as error:
            self.place(error)
            return None

    def place(self, error: ValidationError | DomainError) -> None:
        """Put each message where the seller will look: {"attributes.1.value": m} beside the second attribute sent,
        {"skus.2.price": m} in that cell of the table, the rest beside its field, in its section or above the form."""
        for path, found in field_errors(error).items():
            head, *rest = path.split(".")
            index = _int(rest[0]) if rest else None
            if head == "attributes" and index is not None and index < len(self.sent_attributes):
                self.attribute_errors.setdefault(self.sent_attributes[index].pk, []).extend(found)
            elif head == "specs" and index is not None and index < len(self.sent_specs):
                self.spec_errors.setdefault(self.sent_specs[index].pk, []).extend(found)
            elif head == "skus" and index is not None and len(rest) > 1 and index < len(self.rows):
                key = row_key(self.rows[index].cleaned_data["specs"])
                self.row_errors.setdefault(key, {}).setdefault(rest[1], []).extend(found)
            else:
                self.errors.setdefault(head.removesuffix("_id"), []).extend(found)

    def context(self, *, store_id: int) -> dict:
        """What templates/seller/products/form.html draws."""
        values, chosen = self.values, self._chosen_specs()
        return {
            "category": self.category,
            "category_path": " > ".join(node.name for node in self.category.get_ancestors(include_self=True)),
            "values": values,
            "attributes": [
                {
                    "attribute": attribute,
                    "value": values.get(f"attr-{attribute.pk}", ""),
                    "choices": [choice.value for choice in attribute.values.all()],
                    "errors": self.attribute_errors.get(attribute.pk, []),
                }
                for attribute in self.attributes
            ],
            "spec_choices": [self._spec_choice(attribute, chosen.get(attribute.pk, [])) for attribute in self.sales],
            "sku_columns": SKU_COLUMNS,
            "rows": self._matrix(chosen),
            "errors": self.errors,
            "general_errors": [m for name, found in self.errors.items() if name not in self._shown for m in found],
            "has_errors": bool(self.errors or self.attribute_errors or self.spec_errors or self.row_errors),
            "brands": selectors.brands_for_category(category=self.category),
            "freight_templates": store_freight_templates(store_id=store_id),
            "shipping_categories": ShippingCategory.choices,
            "existing_json": sorted(self.saved),
            "section": "products",
            "can_edit": True,
        }

    @property
    def _shown(self) -> set[str]:
        """Names whose messages the page shows beside their field or in their section."""
        return SECTIONS | set(self.inputs.api_fields)

    def _chosen_specs(self) -> dict[int, list[str]]:
        if self.inputs.is_bound:
            return {a.pk: self.values[f"spec-{a.pk}"] for a in self.sales if self.values[f"spec-{a.pk}"]}
        return {spec["attribute"]: spec["values"] for spec in self.spu.specs} if self.spu is not None else {}

    def _spec_choice(self, attribute, chosen: list[str]) -> dict:
        offered = [choice.value for choice in attribute.values.all()]
        return {
            "attribute": attribute,
            # Custom values the seller added come after the template's.
            "values": [(value, value in chosen) for value in offered + [v for v in chosen if v not in offered]],
            "errors": self.spec_errors.get(attribute.pk, []),
        }

    def _matrix(self, chosen: dict[int, list[str]]) -> list[dict]:
        """The full matrix of the chosen spec values, in the order the page's script draws it, each cell with what
        was typed for its combination (or the saved SKU's value, or nothing) and the messages it was refused with."""
        if self.inputs.is_bound:
            typed = {row_key(row.cleaned_data["specs"]): row.cleaned_data for row in self.rows}
        else:
            typed = {key: _sku_initial(sku) for key, sku in self.saved.items()}
        specs = [(a.name, chosen[a.pk]) for a in self.sales if a.pk in chosen]
        matrix = []
        for picked in combinations(*(values for _name, values in specs)):
            combination = {name: value for (name, _values), value in zip(specs, picked, strict=True)}
            key = row_key(combination)
            saved, cells, errors = self.saved.get(key), typed.get(key, {}), self.row_errors.get(key, {})
            if saved is not None:
                cells = {**cells, "stock": saved.on_hand}  # read-only: stock moves on the stock page
            row = {"key": key, "specs": combination, "specs_json": json.dumps(combination, ensure_ascii=False)}
            row.update(existing=saved is not None, errors=errors, cells=_cells(cells, errors, saved is not None))
            matrix.append(row)
        return matrix


def _cells(typed: dict, errors: dict[str, list[str]], existing: bool) -> list[dict]:
    return [
        {
            "name": name,
            "label": label,
            "keyboard": keyboard,
            "value": typed.get(name, ""),
            # A refused combination is said beside the row's SKU code.
            "errors": errors.get(name, []) + (errors.get("specs", []) if name == "code" else []),
            "readonly": name == "stock" and existing,
        }
        for name, label, keyboard in SKU_COLUMNS
    ]


def _initial(spu: Spu) -> dict:
    """The saved product as the form's inputs show it."""
    initial = {
        "title": spu.title,
        "subtitle": spu.subtitle,
        "brand": spu.brand_id,
        "goods_code": spu.goods_code,
        "description_pc": spu.description_pc,
        "description_mobile": spu.description_mobile,
        "after_sales": spu.after_sales,
        "on_shelf_at": _local_input(spu.on_shelf_at),
        "off_shelf_at": _local_input(spu.off_shelf_at),
        "freight_template": spu.freight_template_id,
        "shipping_category": spu.shipping_category,
    }
    initial.update({f"attr-{row.attribute_id}": row.value for row in spu.attribute_values.all()})
    return initial


def _sku_initial(sku: Sku) -> dict:
    """A saved SKU as its row's cells show it."""
    return {
        "price": sku.price,
        "market_price": sku.market_price if sku.market_price is not None else "",
        "cost_price": sku.cost_price if sku.cost_price is not None else "",
        "code": sku.code,
        "barcode": sku.barcode,
        "weight": sku.weight_g,
        "length": sku.length_mm,
        "width": sku.width_mm,
        "height": sku.height_mm,
    }


def _row_count(data) -> int:
    """How many matrix rows the page posted (`skus-total`), never more than a product may have."""
    return min(_int(data.get("skus-total")), MAX_SKUS_PER_SPU) if data is not None else 0


def _local_input(moment) -> str:
    """A stored time as a datetime-local input shows it, in the marketplace's time zone; "" for none."""
    return timezone.localtime(moment).strftime(SCHEDULE_FORMAT) if moment else ""


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class ListingPriceForm(forms.Form):
    """A listing store's own price of one SKU (the listing's price page); empty: back to HQ's price."""

    sku = forms.IntegerField(min_value=1)
    price = forms.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"), required=False)
