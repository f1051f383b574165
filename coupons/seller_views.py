"""Seller backend pages of the coupons center: the store's coupon templates (paid by the store), the create form
and stop. Owners and managers only. The form gathers API.md's coupon template JSON; the seller API's input
serializer checks it and coupon_template_create writes it, so the page and the API refuse the same things, each
message next to the field it names."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError

from catalog.selectors import store_skus
from coupons import selectors, services
from coupons.apis import CouponTemplateInputSerializer
from coupons.models import CouponKind, IssueMode, RefundPolicy
from marketplace.exceptions import DomainError
from stores.seller_pages import MANAGERS, field_errors, paginate, seller_page

# kind -> the amount fields it uses besides `value` (the page shows only these: static/js/seller_forms.js).
KIND_FIELDS = {CouponKind.CASH: (), CouponKind.THRESHOLD: ("threshold",), CouponKind.PERCENT: ("max_discount",)}
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"})


class CouponTemplateForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=CouponKind.choices)
    value = forms.DecimalField(
        label=gettext_lazy("Value"),
        **MONEY,
        help_text=gettext_lazy(
            "Amount off for cash and spend-and-save coupons; the percent paid for percent ones (90 is 9折)."
        ),
    )
    threshold = forms.DecimalField(label=gettext_lazy("Spend at least"), required=False, **MONEY)
    max_discount = forms.DecimalField(label=gettext_lazy("At most off (optional)"), required=False, **MONEY)
    goods_skus = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Goods"),
        required=False,
        coerce=int,
        help_text=gettext_lazy("Choose some SKUs (Ctrl / ⌘ for several), or none for all the store's goods."),
    )
    valid_from = forms.DateTimeField(label=gettext_lazy("Valid from"), required=False, widget=DATETIME)
    valid_to = forms.DateTimeField(label=gettext_lazy("Valid to"), required=False, widget=DATETIME)
    valid_days = forms.IntegerField(
        label=gettext_lazy("Or valid for days after claiming"), min_value=1, max_value=3650, required=False
    )
    total = forms.IntegerField(label=gettext_lazy("Quantity"), min_value=1, max_value=100_000_000)
    per_user = forms.IntegerField(label=gettext_lazy("Per member at most"), min_value=1, required=False, initial=1)
    per_user_per_day = forms.IntegerField(label=gettext_lazy("Per member a day at most"), min_value=1, required=False)
    issue_mode = forms.ChoiceField(label=gettext_lazy("Given out"), choices=IssueMode.choices, initial=IssueMode.BOTH)
    public = forms.BooleanField(label=gettext_lazy("Shown in the coupon center"), required=False, initial=True)
    claim_from = forms.DateTimeField(label=gettext_lazy("Claimable from"), required=False, widget=DATETIME)
    claim_to = forms.DateTimeField(label=gettext_lazy("Claimable to"), required=False, widget=DATETIME)
    refund_policy = forms.ChoiceField(
        label=gettext_lazy("On refund"), choices=RefundPolicy.choices, initial=RefundPolicy.NEVER
    )

    def __init__(self, *args, skus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goods_skus"].choices = [
            (sku.pk, f"#{sku.pk} {sku.spu.title} {' / '.join(sku.specs.values())}".strip()) for sku in skus
        ]

    def api_input(self) -> dict:
        data = self.cleaned_data
        kind = data["kind"]
        body = {"name": data["name"], "kind": kind, "value": str(data["value"])}
        for name in KIND_FIELDS[CouponKind(kind)]:
            if data.get(name) is not None:
                body[name] = str(data[name])
        body["goods"] = {"skus": data["goods_skus"]} if data["goods_skus"] else {"all": True}
        for name in ("valid_from", "valid_to", "claim_from", "claim_to"):
            if data.get(name):
                body[name] = data[name].isoformat()
        for name in ("valid_days", "per_user", "per_user_per_day"):
            if data.get(name) is not None:
                body[name] = data[name]
        body.update(
            total=data["total"],
            issue_mode=data["issue_mode"],
            public=data["public"],
            refund_policy=data["refund_policy"],
        )
        return body


@seller_page(roles=MANAGERS)
def template_list(request):
    templates = selectors.store_coupon_templates(store=request.store).order_by("-created_at", "-id")
    return render(request, "seller/coupons/list.html", {"page": paginate(request, templates), "section": "coupons"})


@seller_page(roles=MANAGERS)
def template_create(request):
    skus = store_skus(store=request.store).filter(is_active=True).order_by("spu_id", "pk")[:500]
    form = CouponTemplateForm(request.POST or None, skus=skus)
    if request.method == "POST" and form.is_valid():
        try:
            data = CouponTemplateInputSerializer(data=form.api_input())
            data.is_valid(raise_exception=True)
            services.coupon_template_create(by=request.user, store=request.store, **data.validated_data)
        except (ValidationError, DomainError) as error:
            for path, found in field_errors(error).items():
                name = {"goods": "goods_skus", "skus": "goods_skus"}.get(path.split(".")[0], path.split(".")[0])
                for message in found:
                    form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, _("The coupon is created."))
            return redirect("seller:coupons")
    context = {
        "form": form,
        "kind_fields": {kind.value: fields for kind, fields in KIND_FIELDS.items()},
        "rule_fields": ("threshold", "max_discount"),
        "section": "coupons",
    }
    return render(request, "seller/coupons/form.html", context)


@require_POST
@seller_page(roles=MANAGERS)
def template_stop(request, template_id: int):
    template = get_object_or_404(selectors.store_coupon_templates(store=request.store), pk=template_id)
    try:
        services.coupon_template_stop(template=template, by=request.user)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(
            request, _("“%(name)s” issues no more coupons; those issued stay usable.") % {"name": template.name}
        )
    return redirect("seller:coupons")
