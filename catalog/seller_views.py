"""Seller backend pages of the catalog: the store's products (list, publish and edit with the spec matrix, pictures,
review and shelf) and their stock per warehouse; for franchise and direct stores, which sell HQ's catalogue instead
of publishing (seed 004), HQ's catalogue to list from and the store's listings, stocked in its own warehouses.

The product form posts what the seller API takes (API.md "Seller"), validated by the API's own input serializer and
written by the same services, so a product published on a page and one sent by an app obey the same rules. The
matrix of SKUs is drawn in the page by static/js/seller_product.js from the chosen spec values; the server draws
the same rows again when it shows the form with errors, so nothing typed is lost."""

import json
from functools import wraps
from itertools import product as combinations

from django import forms
from django.contrib import messages
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError

from catalog import selectors, services
from catalog.apis import SellerProductInputSerializer
from catalog.freight_templates import store_freight_templates
from catalog.models import AttributeKind, BackendCategory, ImageKind, ShippingCategory, Sku, Spu, SpuImage, SpuStatus
from marketplace.api.serializers import FROM_A_FORM
from marketplace.exceptions import DomainError
from stores.selectors import store_warehouses
from stores.seller_pages import (
    MANAGERS,
    add_errors,
    field_errors,
    forbidden,
    is_manager,
    next_url,
    paginate,
    seller_page,
)

STATUS_TABS = [("", gettext_lazy("All")), *SpuStatus.choices]
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
SKU_COLUMN_NAMES = tuple(name for name, _label, _keyboard in SKU_COLUMNS)
# The product's shelf schedule as the form's datetime-local inputs write it (Beijing time).
SCHEDULE_FORMAT = "%Y-%m-%dT%H:%M"
# What the product form edits (service argument names).
FORM_FIELDS = {
    "title",
    "subtitle",
    "brand",
    "goods_code",
    "description_pc",
    "description_mobile",
    "after_sales",
    "on_shelf_at",
    "off_shelf_at",
    "attributes",
    "specs",
    "skus",
    "freight_template_id",
    "shipping_category",
}
# Errors shown beside a field of the form; any other (a whole-matrix or category refusal) goes above it.
FIELD_ERRORS = {
    "title",
    "subtitle",
    "brand",
    "goods_code",
    "description_pc",
    "description_mobile",
    "after_sales",
    "on_shelf_at",
    "off_shelf_at",
    "freight_template",
    "shipping_category",
    "attributes",
    "specs",
    "skus",
}
# The review and shelf actions a seller takes: the service, the button, and the statuses it is offered from. The
# transition table also lets a product under review go on or off the shelf, but that is the operator's approval,
# never the seller's button.
ACTIONS = {
    "submit": (services.spu_submit, gettext_lazy("Submit for review"), {SpuStatus.DRAFT, SpuStatus.REJECTED}),
    "on-shelf": (services.spu_put_on_shelf, gettext_lazy("Put on shelf"), {SpuStatus.OFF_SHELF}),
    "off-shelf": (services.spu_take_off_shelf, gettext_lazy("Take off shelf"), {SpuStatus.ON_SHELF}),
}
DONE = {
    "submit": gettext_lazy("Submitted for review."),
    "on-shelf": gettext_lazy("On the shelf: shoppers can buy it now."),
    "off-shelf": gettext_lazy("Taken off the shelf."),
}


def _with_main_images(queryset, prefix: str = ""):
    """`queryset` with the main pictures of its products (at `prefix`) in `main_images`: one query for a page."""
    main_images = SpuImage.objects.filter(kind=ImageKind.MAIN).order_by("sort_order", "id")
    return queryset.prefetch_related(Prefetch(f"{prefix}images", queryset=main_images, to_attr="main_images"))


@seller_page
def product_list(request):
    """The store's products, drafts included, by status tab and search. A fixed number of queries, whatever
    the page size: the tab counts in one, the page in one, its main pictures in one."""
    status = request.GET.get("status", "")
    status = status if status in SpuStatus.values else ""
    q = request.GET.get("q", "").strip()[:100]
    spus = selectors.store_products(store=request.store)
    if q:
        by_code = Sku.objects.filter(spu=OuterRef("pk"), code__iexact=q)
        spus = spus.filter(Q(title__icontains=q) | Q(goods_code__iexact=q) | Q(Exists(by_code)))
    counts = dict(spus.order_by().values_list("status").annotate(count=Count("id")))
    if status:
        spus = spus.filter(status=status)
    page = paginate(request, _with_main_images(spus))
    tabs = [(value, label, sum(counts.values()) if not value else counts.get(value, 0)) for value, label in STATUS_TABS]
    context = {
        "page": page,
        "status": status,
        "q": q,
        "tabs": tabs,
        "can_edit": is_manager(request),
        "can_publish": is_manager(request) and not request.store.sells_hq_catalogue_only,
        "section": "products",
    }
    return render(request, "seller/products/list.html", context)


@seller_page(roles=MANAGERS)
def product_create(request):
    """Publish a product: first its (leaf) category, whose template decides the form, then the form."""
    if request.store.sells_hq_catalogue_only:
        messages.error(
            request, _("Franchise and direct stores sell HQ's catalogue and do not publish goods of their own.")
        )
        return redirect("seller:hq-catalogue")
    category = _leaf_category(request.GET.get("category") or request.POST.get("category"))
    if category is None:
        tree = selectors.backend_category_tree()
        return render(request, "seller/products/choose_category.html", {"tree": tree, "section": "products"})
    form = ProductForm(request=request, category=category)
    if request.method == "POST":
        form.read(request.POST)
        spu = form.save(lambda arguments: services.spu_create(store=request.store, by=request.user, **arguments))
        if spu is not None:
            messages.success(
                request, _("The product is saved as a draft. Add its pictures, then submit it for review.")
            )
            return redirect("seller:product-edit", spu.pk)
    return render(request, "seller/products/form.html", form.context())


@seller_page
def product_edit(request, spu_id: int):
    """Edit a product (owner or manager); a clerk sees it read-only. Changing reviewed content sends an approved
    product back to draft for another review (the service decides; the page says so)."""
    spu = selectors.store_product(store=request.store, spu_id=spu_id)
    if spu is None:
        raise Http404
    can_edit = is_manager(request) and spu.status != SpuStatus.PENDING_REVIEW
    if request.method == "POST" and not is_manager(request):
        # A role refused is a 403 page, as on every seller page; a product under review is a state, said below.
        return forbidden(request, _("Only the owner or a manager may change products."))
    form = ProductForm(request=request, category=spu.category, spu=spu)
    if request.method == "POST":
        if not can_edit:
            messages.error(request, _("This product cannot be edited now."))
            return redirect("seller:product-edit", spu.pk)
        form.read(request.POST)
        saved = form.save(lambda arguments: services.spu_update(spu=spu, by=request.user, data=arguments))
        if saved is not None:
            messages.success(request, _("Saved."))
            if saved.status == SpuStatus.DRAFT and spu.status not in (SpuStatus.DRAFT, SpuStatus.REJECTED):
                messages.warning(request, _("Reviewed content changed: the product is back in draft; submit it again."))
            return redirect("seller:product-edit", spu.pk)
    context = form.context()
    context.update(
        {
            "spu": spu,
            "can_edit": can_edit,
            "images": list(spu.images.all()),
            "image_kinds": ImageKind.choices,
            "first_spec": spu.specs[0] if spu.specs else None,
            "actions": _allowed_actions(spu) if is_manager(request) else [],
        }
    )
    return render(request, "seller/products/form.html", context)


def _allowed_actions(spu: Spu) -> list[tuple[str, str]]:
    return [(action, label) for action, (_service, label, sources) in ACTIONS.items() if spu.status in sources]


@require_POST
@seller_page(roles=MANAGERS)
def product_action(request, spu_id: int, action: str):
    if action not in ACTIONS:
        raise Http404
    spu = get_object_or_404(selectors.store_products(store=request.store), pk=spu_id)
    service, _label, sources = ACTIONS[action]
    if spu.status not in sources:
        messages.error(
            request, _("A product that is %(status)s cannot do that.") % {"status": spu.get_status_display()}
        )
        return redirect(next_url(request, reverse("seller:product-edit", args=[spu.pk])))
    try:
        service(spu=spu, by=request.user)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, DONE[action])
    return redirect(next_url(request, reverse("seller:product-edit", args=[spu.pk])))


class ImageForm(forms.Form):
    image = forms.FileField(label=gettext_lazy("Picture"))
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ImageKind.choices)
    spec_value = forms.CharField(label=gettext_lazy("Spec value"), max_length=100, required=False)


@require_POST
@seller_page(roles=MANAGERS)
def product_image_add(request, spu_id: int):
    """Upload a main or detail picture, or the picture of one value of the first spec (a colour)."""
    spu = get_object_or_404(selectors.store_products(store=request.store), pk=spu_id)
    form = ImageForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    else:
        try:
            services.spu_image_add(spu=spu, by=request.user, **form.cleaned_data)
        except DomainError as error:
            for messages_of_field in field_errors(error).values():
                messages.error(request, " ".join(messages_of_field))
        else:
            messages.success(request, _("The picture is added."))
    return redirect(reverse("seller:product-edit", args=[spu.pk]) + "#images")


@require_POST
@seller_page(roles=MANAGERS)
def product_image_remove(request, spu_id: int, image_id: int):
    spu = get_object_or_404(selectors.store_products(store=request.store), pk=spu_id)
    services.spu_image_remove(image=get_object_or_404(spu.images.all(), pk=image_id), by=request.user)
    messages.success(request, _("The picture is removed."))
    return redirect(reverse("seller:product-edit", args=[spu.pk]) + "#images")


class StockForm(forms.Form):
    sku = forms.TypedChoiceField(label=gettext_lazy("SKU"), coerce=int)
    warehouse = forms.TypedChoiceField(label=gettext_lazy("Warehouse"), coerce=int)
    delta = forms.IntegerField(
        label=pgettext_lazy("amount or quantity", "Change"),
        min_value=-1_000_000,
        max_value=1_000_000,
        help_text=gettext_lazy("Positive to put stock in, negative to take it out (never below what orders hold)."),
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200, initial=gettext_lazy("stock-in"))

    def __init__(self, *args, skus, warehouses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sku"].choices = [(sku.pk, _sku_label(sku)) for sku in skus]
        self.fields["warehouse"].choices = [(warehouse.pk, warehouse.name) for warehouse in warehouses]


def _sku_label(sku: Sku) -> str:
    specs = " / ".join(sku.specs.values()) or _("Single SKU")
    return f"{specs} ({sku.code})" if sku.code else specs


@seller_page
def product_stock(request, spu_id: int):
    """Stock of each SKU of a product in each of the store's warehouses, and the adjustment form (owner or
    manager): stock-in, counts and damage go through stock_adjust, which never goes below what orders hold.
    The product is the store's own or an HQ product it lists: a franchise or direct store keeps that stock in
    its own warehouses, as the seller API's stock endpoint lets it."""
    spu = get_object_or_404(selectors.store_stocked_products(store=request.store), pk=spu_id)
    skus = list(selectors.store_skus(store=request.store).filter(spu=spu, is_active=True).order_by("pk"))
    warehouses = list(store_warehouses(store=request.store).filter(is_active=True).order_by("pk"))
    form = StockForm(request.POST or None, skus=skus, warehouses=warehouses, initial={"sku": request.GET.get("sku")})
    if request.method == "POST":
        if not is_manager(request):
            return forbidden(request, _("Only the owner or a manager may change stock."))
        if form.is_valid():
            try:
                services.stock_adjust(
                    sku=next(sku for sku in skus if sku.pk == form.cleaned_data["sku"]),
                    warehouse=next(w for w in warehouses if w.pk == form.cleaned_data["warehouse"]),
                    delta=form.cleaned_data["delta"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except DomainError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Stock changed."))
                return redirect("seller:product-stock", spu.pk)
    rows = {
        (row.sku_id, row.warehouse_id): row for row in selectors.store_stock(store=request.store).filter(sku__spu=spu)
    }
    table = [
        {"sku": sku, "label": _sku_label(sku), "cells": [rows.get((sku.pk, warehouse.pk)) for warehouse in warehouses]}
        for sku in skus
    ]
    listed = spu.store_id != request.store.pk
    context = {
        "spu": spu,
        "listed": listed,
        "warehouses": warehouses,
        "table": table,
        "form": form if is_manager(request) and warehouses else None,
        "section": "listings" if listed else "products",
    }
    return render(request, "seller/products/stock.html", context)


# --- HQ's catalogue and the store's listings (franchise and direct stores)


def _sells_hq_catalogue(view):
    """Under seller_page: the listing pages are a franchise or direct store's; any other store is told why."""

    @wraps(view)
    def page(request, *args, **kwargs):
        if not request.store.sells_hq_catalogue_only:
            return forbidden(
                request,
                _("Only franchise and direct stores list HQ's products. Your store publishes goods of its own."),
            )
        return view(request, *args, **kwargs)

    return page


@seller_page
@_sells_hq_catalogue
def hq_catalogue(request):
    """HQ's products on sale, searched by title, each saying whether the store lists it, with the button that lists
    it (owner or manager; a clerk looks). Five queries whatever the page size: the user and their membership, the
    page's count, its rows with their listing state, their main pictures."""
    q = request.GET.get("q", "").strip()[:100]
    page = paginate(request, _with_main_images(selectors.hq_catalogue_for_store(store=request.store, q=q)))
    context = {"page": page, "q": q, "can_list": is_manager(request), "section": "hq-catalogue"}
    return render(request, "seller/listings/catalogue.html", context)


LISTING_TABS = [("", gettext_lazy("All")), ("active", gettext_lazy("Selling")), ("removed", gettext_lazy("Removed"))]


@seller_page
@_sells_hq_catalogue
def listing_list(request):
    """The HQ products the store lists, removed ones on their own tab, with the store's stock of each in its own
    warehouses, remove / relist (owner or manager) and the link to the stock page."""
    state = request.GET.get("state", "")
    state = state if state in {"active", "removed"} else ""
    q = request.GET.get("q", "").strip()[:100]
    searched = Q(spu__title__icontains=q) if q else Q()
    by_state = dict(
        selectors.store_listings(store=request.store)
        .filter(searched)
        .order_by()
        .values_list("is_active")
        .annotate(count=Count("id"))
    )
    counts = {"": sum(by_state.values()), "active": by_state.get(True, 0), "removed": by_state.get(False, 0)}
    listings = selectors.store_listings_with_stock(store=request.store).filter(searched)
    if state:
        listings = listings.filter(is_active=state == "active")
    page = paginate(request, _with_main_images(listings, prefix="spu__"))
    tabs = [(value, label, counts[value]) for value, label in LISTING_TABS]
    context = {
        "page": page,
        "state": state,
        "q": q,
        "tabs": tabs,
        "can_edit": is_manager(request),
        "section": "listings",
    }
    return render(request, "seller/listings/list.html", context)


@require_POST
@seller_page(roles=MANAGERS)
@_sells_hq_catalogue
def listing_create(request):
    """List an HQ product (a removed listing comes back): listing_create checks it is HQ's and on sale."""
    spu = Spu.objects.select_related("store").filter(pk=_int(request.POST.get("spu"))).first()
    if spu is None:
        raise Http404
    try:
        services.listing_create(store=request.store, spu=spu, by=request.user)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(
            request, _("“%(title)s” is listed. Stock it in your warehouses to sell it.") % {"title": spu.title}
        )
    return redirect(next_url(request, reverse("seller:listings")))


@require_POST
@seller_page(roles=MANAGERS)
@_sells_hq_catalogue
def listing_action(request, listing_id: int, action: str):
    """Remove a listing (the store stops selling the product; its stock stays in its warehouses) or list it again.
    Another store's listing is not found."""
    if action not in {"remove", "relist"}:
        raise Http404
    listing = get_object_or_404(
        selectors.store_listings(store=request.store).select_related("spu__store"), pk=listing_id
    )
    title = listing.spu.title
    if action == "remove":
        if listing.is_active:
            services.listing_remove(listing=listing, by=request.user)
        messages.success(
            request,
            _("“%(title)s” is no longer sold by your store. Its stock stays in your warehouses.") % {"title": title},
        )
    else:
        try:
            services.listing_create(store=request.store, spu=listing.spu, by=request.user)
        except DomainError as error:
            messages.error(request, error.detail)
        else:
            messages.success(request, _("“%(title)s” is listed again.") % {"title": title})
    return redirect(next_url(request, reverse("seller:listings")))


def _leaf_category(value) -> BackendCategory | None:
    """The active leaf category `value` names, or None (not a number, unknown, retired or not a leaf)."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    category = BackendCategory.objects.filter(pk=pk, is_active=True).first()
    return category if category is not None and category.is_leaf_node() else None


class ProductForm:
    """The publish / edit form of one product: the category's template drawn as fields, what the seller typed,
    and the messages of a refusal placed next to the attribute, spec, SKU cell or field it names."""

    def __init__(self, *, request, category: BackendCategory, spu: Spu | None = None):
        self.request, self.category, self.spu = request, category, spu
        template = list(selectors.category_attributes(category=category))
        self.attributes = [a for a in template if a.kind != AttributeKind.SALES]
        self.sales = [a for a in template if a.kind == AttributeKind.SALES]
        self.errors: dict[str, list[str]] = {}
        self.attribute_errors: dict[int, list[str]] = {}
        self.spec_errors: dict[int, list[str]] = {}
        self.sku_errors: dict[int, dict[str, list[str]]] = {}
        self.existing = {}
        if spu is not None:
            self.existing = {json.dumps(sku.specs, sort_keys=True, ensure_ascii=False): sku for sku in spu.skus.all()}
            self.values = self._values_of(spu)
        else:
            self.values = {"shipping_category": ShippingCategory.NORMAL, "attributes": {}, "specs": {}, "skus": []}
            self.values["skus"] = self._matrix({}, [])

    def _values_of(self, spu: Spu) -> dict:
        specs = {spec["attribute"]: spec["values"] for spec in spu.specs}
        rows = [
            {
                "specs": sku.specs,
                "price": sku.price,
                "market_price": sku.market_price if sku.market_price is not None else "",
                "cost_price": sku.cost_price if sku.cost_price is not None else "",
                "stock": sku.on_hand,
                "code": sku.code,
                "barcode": sku.barcode,
                "weight": sku.weight_g,
                "length": sku.length_mm,
                "width": sku.width_mm,
                "height": sku.height_mm,
            }
            for sku in spu.skus.all()
        ]
        return {
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
            "attributes": {row.attribute_id: row.value for row in spu.attribute_values.all()},
            "specs": specs,
            "skus": self._matrix(specs, rows),
        }

    def _matrix(self, specs: dict[int, list[str]], rows: list[dict]) -> list[dict]:
        """The full matrix of the chosen spec values, in the order the page draws it, each cell with what was
        typed for it (or empty): the rows the server draws match the ones the page's script draws."""
        chosen = [(a.name, specs[a.pk]) for a in self.sales if specs.get(a.pk)]
        typed = {json.dumps(row["specs"], sort_keys=True, ensure_ascii=False): row for row in rows}
        matrix = []
        for values in combinations(*(values for _name, values in chosen)):
            combination = {name: value for (name, _values), value in zip(chosen, values, strict=True)}
            key = json.dumps(combination, sort_keys=True, ensure_ascii=False)
            row = {"specs": combination, "key": key, "existing": key in self.existing, **typed.get(key, {})}
            row["specs"], row["specs_json"] = combination, json.dumps(combination, ensure_ascii=False)
            if row["existing"] and "stock" not in typed.get(key, {}):
                row["stock"] = self.existing[key].on_hand
            matrix.append(row)
        return matrix

    def read(self, post) -> None:
        """Take what the form posted, in the shape the page draws it (see templates/seller/products/form.html)."""
        specs = {}
        for attribute in self.sales:
            values = [value.strip() for value in post.getlist(f"spec-{attribute.pk}") if value.strip()]
            if values:
                specs[attribute.pk] = list(dict.fromkeys(values))
        rows = []
        for index in range(min(_int(post.get("skus-total")), 600)):
            try:
                combination = json.loads(post.get(f"sku-{index}-specs", "{}"))
            except json.JSONDecodeError:
                combination = {}
            row = {"specs": combination if isinstance(combination, dict) else {}}
            row.update({column: post.get(f"sku-{index}-{column}", "").strip() for column in SKU_COLUMN_NAMES})
            rows.append(row)
        self.values = {
            "title": post.get("title", "").strip(),
            "subtitle": post.get("subtitle", "").strip(),
            "brand": post.get("brand") or None,
            "goods_code": post.get("goods_code", "").strip(),
            "description_pc": post.get("description_pc", ""),
            "description_mobile": post.get("description_mobile", ""),
            "after_sales": post.get("after_sales", ""),
            "on_shelf_at": post.get("on_shelf_at", "").strip(),
            "off_shelf_at": post.get("off_shelf_at", "").strip(),
            "freight_template": post.get("freight_template") or None,
            "shipping_category": post.get("shipping_category") or ShippingCategory.NORMAL,
            "attributes": {a.pk: post.get(f"attr-{a.pk}", "").strip() for a in self.attributes},
            "specs": specs,
            "posted_skus": rows,
            "skus": self._matrix(specs, rows),
        }

    def _api_input(self) -> dict:
        """The posted product as the seller API's JSON."""
        values = self.values
        skus = []
        for row in values["posted_skus"]:
            sku = {
                "specs": row["specs"],
                "price": row["price"],
                "market_price": row["market_price"] or None,
                "cost_price": row["cost_price"] or None,
                "stock": row["stock"] or 0,
                "code": row["code"],
                "barcode": row["barcode"],
                **{size: row[size] or 0 for size in ("weight", "length", "width", "height")},
            }
            kept = self.existing.get(json.dumps(row["specs"], sort_keys=True, ensure_ascii=False))
            if kept is not None:
                # Stock of an existing SKU moves only by adjustments (the stock page), and its threshold with it.
                sku.update(stock=0, low_stock_threshold=kept.low_stock_threshold)
            skus.append(sku)
        self.sent_attributes = [a.pk for a in self.attributes if values["attributes"].get(a.pk)]
        self.sent_specs = list(values["specs"])
        return {
            "category": self.category.pk,
            "title": values["title"],
            "subtitle": values["subtitle"],
            "brand": values["brand"],
            "goods_code": values["goods_code"],
            "description_pc": values["description_pc"],
            "description_mobile": values["description_mobile"],
            "after_sales": values["after_sales"],
            "on_shelf_at": values["on_shelf_at"] or None,
            "off_shelf_at": values["off_shelf_at"] or None,
            "attributes": [{"attribute": pk, "value": values["attributes"][pk]} for pk in self.sent_attributes],
            "specs": [{"attribute": pk, "values": spec} for pk, spec in values["specs"].items()],
            "skus": skus,
            "freight_template": values["freight_template"],
            "shipping_category": values["shipping_category"],
        }

    def save(self, write):
        """Validate with the seller API's serializer and `write` (a service call) the arguments; the saved product,
        or None with the errors kept for the page."""
        data = SellerProductInputSerializer(data=self._api_input(), context=FROM_A_FORM)
        try:
            data.is_valid(raise_exception=True)
            arguments = data.service_arguments()
            if self.spu is not None:
                arguments = {name: value for name, value in arguments.items() if name in FORM_FIELDS}
            return write(arguments)
        except (ValidationError, DomainError) as error:
            self._place(field_errors(error))
            return None

    def _place(self, errors: dict[str, list[str]]) -> None:
        """Put each message where the seller will look: {"attributes.1.value": m} beside the second attribute
        sent, {"skus.2.price": m} in that cell of the table, the rest beside its field or above the form."""
        for path, found in errors.items():
            head, *rest = path.split(".")
            index = _int(rest[0]) if rest else None
            if head == "attributes" and index is not None and index < len(self.sent_attributes):
                self.attribute_errors.setdefault(self.sent_attributes[index], []).extend(found)
            elif head == "specs" and index is not None and index < len(self.sent_specs):
                self.spec_errors.setdefault(self.sent_specs[index], []).extend(found)
            elif head == "skus" and index is not None and len(rest) > 1:
                self.sku_errors.setdefault(index, {}).setdefault(rest[1], []).extend(found)
            else:
                self.errors.setdefault(head.removesuffix("_id"), []).extend(found)

    def context(self) -> dict:
        spec_choices = []
        for attribute in self.sales:
            chosen = self.values["specs"].get(attribute.pk, [])
            offered = [choice.value for choice in attribute.values.all()]
            spec_choices.append(
                {
                    "attribute": attribute,
                    # Custom values the seller added come after the template's.
                    "values": [(value, value in chosen) for value in offered + [v for v in chosen if v not in offered]],
                    "errors": self.spec_errors.get(attribute.pk, []),
                }
            )
        rows = self.values["skus"]
        # Once the posted rows are redrawn as the matrix, an error of posted row i belongs to the row of its specs.
        posted = self.values.get("posted_skus")
        row_errors = {}
        if posted is not None:
            by_key = {row["key"]: position for position, row in enumerate(rows)}
            for index, errors in self.sku_errors.items():
                if index < len(posted):
                    key = json.dumps(posted[index]["specs"], sort_keys=True, ensure_ascii=False)
                    if key in by_key:
                        row_errors[by_key[key]] = errors
        for position, row in enumerate(rows):
            row["errors"] = errors = row_errors.get(position, {})
            row["cells"] = [
                {
                    "name": name,
                    "label": label,
                    "keyboard": keyboard,
                    "value": row.get(name, ""),
                    "errors": errors.get(name, []) + (errors.get("specs", []) if name == "code" else []),
                    "readonly": name == "stock" and row["existing"],
                }
                for name, label, keyboard in SKU_COLUMNS
            ]
        return {
            "category": self.category,
            "category_path": " > ".join(node.name for node in self.category.get_ancestors(include_self=True)),
            "values": self.values,
            "attributes": [
                {
                    "attribute": attribute,
                    "value": self.values["attributes"].get(attribute.pk, ""),
                    "choices": [choice.value for choice in attribute.values.all()],
                    "errors": self.attribute_errors.get(attribute.pk, []),
                }
                for attribute in self.attributes
            ],
            "spec_choices": spec_choices,
            "sku_columns": SKU_COLUMNS,
            "rows": rows,
            "errors": self.errors,
            "general_errors": [m for name, found in self.errors.items() if name not in FIELD_ERRORS for m in found],
            "has_errors": bool(self.errors or self.attribute_errors or self.spec_errors or self.sku_errors),
            "brands": selectors.brands_for_category(category=self.category),
            "freight_templates": store_freight_templates(store_id=self.request.store.pk),
            "shipping_categories": ShippingCategory.choices,
            "existing_json": sorted(self.existing),
            "section": "products",
            "can_edit": True,
        }


def _local_input(moment) -> str:
    """A stored time as a datetime-local input shows it, in the marketplace's time zone; "" for none."""
    return timezone.localtime(moment).strftime(SCHEDULE_FORMAT) if moment else ""


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
