"""The store's products: the list, publishing and editing with the spec matrix (catalog.seller_forms, checked by the
seller API's input serializer and written by the same services), pictures, review and shelf, and stock per
warehouse. The stock page also opens an HQ product a franchise or direct store lists, stocked in its own warehouses."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError

from catalog import selectors, services
from catalog.apis import SellerProductImagesInputSerializer
from catalog.models import ImageKind, Sku, Spu, SpuStatus
from catalog.seller_forms import ProductForm
from marketplace.exceptions import DomainError
from stores.seller_pages import (
    MANAGERS,
    add_errors,
    field_errors,
    forbidden,
    is_manager,
    next_url,
    paginate,
    posted_input,
    seller_page,
)

STATUS_TABS = [("", gettext_lazy("All")), *SpuStatus.choices]
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


@seller_page
def product_list(request):
    """The store's products, drafts included, by status tab and search. A fixed number of queries, whatever
    the page size: the tab counts in one, the page in one, its main pictures in one."""
    status = request.GET.get("status", "")
    status = status if status in SpuStatus.values else ""
    q = request.GET.get("q", "").strip()[:100]
    spus = selectors.store_products(store=request.store, q=q)
    counts = selectors.counts_by(spus, "status")
    if status:
        spus = spus.filter(status=status)
    page = paginate(request, selectors.with_main_pictures(spus))
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
    category = selectors.leaf_category(category_id=request.GET.get("category") or request.POST.get("category"))
    if category is None:
        tree = selectors.backend_category_tree()
        return render(request, "seller/products/choose_category.html", {"tree": tree, "section": "products"})
    form = ProductForm(request.POST if request.method == "POST" else None, category=category)
    if request.method == "POST":
        spu = form.save(lambda arguments: services.spu_create(store=request.store, by=request.user, **arguments))
        if spu is not None:
            messages.success(
                request, _("The product is saved as a draft. Add its pictures, then submit it for review.")
            )
            return redirect("seller:product-edit", spu.pk)
    return render(request, "seller/products/form.html", form.context(store_id=request.store.pk))


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
    if request.method == "POST" and not can_edit:
        messages.error(request, _("This product cannot be edited now."))
        return redirect("seller:product-edit", spu.pk)
    form = ProductForm(request.POST if request.method == "POST" else None, category=spu.category, spu=spu)
    if request.method == "POST":
        saved = form.save(lambda arguments: services.spu_update(spu=spu, by=request.user, data=arguments))
        if saved is not None:
            messages.success(request, _("Saved."))
            if saved.status == SpuStatus.DRAFT and spu.status not in (SpuStatus.DRAFT, SpuStatus.REJECTED):
                messages.warning(request, _("Reviewed content changed: the product is back in draft; submit it again."))
            return redirect("seller:product-edit", spu.pk)
    context = form.context(store_id=request.store.pk)
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


@require_POST
@seller_page(roles=MANAGERS)
def product_image_add(request, spu_id: int):
    """Upload a main or detail picture, or the picture of one value of the first spec (a colour), checked as the
    seller API checks one."""
    spu = get_object_or_404(selectors.store_products(store=request.store), pk=spu_id)
    data = SellerProductImagesInputSerializer(data=posted_input(request))
    try:
        data.is_valid(raise_exception=True)
        services.spu_image_add(spu=spu, by=request.user, **data.validated_data)
    except (ValidationError, DomainError) as error:
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

    def __init__(self, *args, stock: selectors.ProductStock, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sku"].choices = [(sku.pk, _sku_label(sku)) for sku in stock.skus]
        self.fields["warehouse"].choices = [(warehouse.pk, warehouse.name) for warehouse in stock.warehouses]


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
    if request.method == "POST" and not is_manager(request):
        return forbidden(request, _("Only the owner or a manager may change stock."))
    stock = selectors.product_stock(store=request.store, spu=spu)
    form = StockForm(request.POST or None, stock=stock, initial={"sku": request.GET.get("sku")})
    if request.method == "POST" and form.is_valid():
        try:
            services.stock_adjust(
                sku=next(sku for sku in stock.skus if sku.pk == form.cleaned_data["sku"]),
                warehouse=next(w for w in stock.warehouses if w.pk == form.cleaned_data["warehouse"]),
                delta=form.cleaned_data["delta"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except DomainError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Stock changed."))
            return redirect("seller:product-stock", spu.pk)
    listed = spu.store_id != request.store.pk
    context = {
        "spu": spu,
        "listed": listed,
        "warehouses": stock.warehouses,
        "table": [{"sku": sku, "label": _sku_label(sku), "cells": stock.cells(sku)} for sku in stock.skus],
        "form": form if is_manager(request) and stock.warehouses else None,
        "section": "listings" if listed else "products",
    }
    return render(request, "seller/products/stock.html", context)
