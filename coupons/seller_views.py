"""Seller backend pages of the coupons center: the store's coupon templates (paid by the store), the create and
edit forms, and stop. Owners and managers only. The form gathers API.md's coupon template JSON (kind and amounts,
goods by SKUs, categories or brands with exclusions, validity, channels, refund policy, how many and how they are
given out, points to claim); the seller API's input serializer checks it and coupon_template_create (or _update,
as PATCH does) writes it, so the page and the API refuse the same things, each message next to the field it
names. Once a coupon of a template is issued its terms are fixed (members hold coupons on them): the edit form
then shows them without letting them change."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError

from coupons import selectors, services
from coupons.apis import COUNT_MAX, CouponTemplateInputSerializer
from coupons.models import CouponKind, CouponTemplate, IssueMode, RefundPolicy, TemplateStatus
from coupons.services.templates import TERMS
from marketplace.exceptions import DomainError
from promotions.seller_forms import (
    ChannelsField,
    StoreGoods,
    add_goods_fields,
    channels_initial,
    channels_input,
    goods_input,
    refuse_foreign_skus,
)
from stores.seller_pages import MANAGERS, field_errors, paginate, seller_page

# kind -> the amount fields it uses besides `value` (the page shows only these: static/js/seller_forms.js).
# A percent coupon may have a threshold too (满 200 打 8.8 折); a cash coupon has none.
KIND_FIELDS = {
    CouponKind.CASH: (),
    CouponKind.THRESHOLD: ("threshold",),
    CouponKind.PERCENT: ("threshold", "max_discount"),
}
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
GOODS_FIELDS = ("goods_all", "goods_skus", "goods_categories", "goods_brands", "goods_excluded_skus")
# The API's paths of the goods -> the form's fields.
GOODS_PATHS = {
    "goods": "goods_all",
    "goods.all": "goods_all",
    "goods.skus": "goods_skus",
    "goods.categories": "goods_categories",
    "goods.brands": "goods_brands",
    "goods.excluded_skus": "goods_excluded_skus",
}


def _form_fields(api_names) -> set[str]:
    return {name for api_name in api_names for name in (GOODS_FIELDS if api_name == "goods" else (api_name,))}


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
    threshold = forms.DecimalField(
        label=gettext_lazy("Spend at least"),
        required=False,
        **MONEY,
        help_text=gettext_lazy("Optional for a percent coupon."),
    )
    max_discount = forms.DecimalField(label=gettext_lazy("At most off (optional)"), required=False, **MONEY)
    valid_from = forms.DateTimeField(label=gettext_lazy("Valid from"), required=False, widget=DATETIME)
    valid_to = forms.DateTimeField(label=gettext_lazy("Valid to"), required=False, widget=DATETIME)
    valid_days = forms.IntegerField(
        label=gettext_lazy("Or valid for days after claiming"), min_value=1, max_value=3650, required=False
    )
    channels = ChannelsField()
    refund_policy = forms.ChoiceField(
        label=gettext_lazy("On refund"), choices=RefundPolicy.choices, initial=RefundPolicy.NEVER
    )
    total = forms.IntegerField(label=gettext_lazy("Quantity"), min_value=1, max_value=100_000_000)
    per_user = forms.IntegerField(
        label=gettext_lazy("Per member at most"),
        min_value=1,
        max_value=COUNT_MAX,
        required=False,
        initial=1,
        help_text=gettext_lazy("Empty: no limit."),
    )
    per_user_per_day = forms.IntegerField(
        label=gettext_lazy("Per member a day at most"), min_value=1, max_value=COUNT_MAX, required=False
    )
    issue_mode = forms.ChoiceField(label=gettext_lazy("Given out"), choices=IssueMode.choices, initial=IssueMode.BOTH)
    public = forms.BooleanField(label=gettext_lazy("Shown in the coupon center"), required=False, initial=True)
    claim_from = forms.DateTimeField(label=gettext_lazy("Claimable from"), required=False, widget=DATETIME)
    claim_to = forms.DateTimeField(label=gettext_lazy("Claimable to"), required=False, widget=DATETIME)
    points_cost = forms.IntegerField(
        label=gettext_lazy("Points to claim"),
        min_value=0,
        max_value=COUNT_MAX,
        required=False,
        initial=0,
        help_text=gettext_lazy("0: free."),
    )

    def __init__(self, *args, store, goods: StoreGoods, terms_fixed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.store = store
        add_goods_fields(self, "goods", goods)
        self.terms_fixed = terms_fixed
        if terms_fixed:
            for name in _form_fields(TERMS):
                self.fields[name].disabled = True

    def api_input(self) -> dict | None:
        """The template as the seller API's JSON (its terms only while they may change), or None with the errors
        on the form: unclear goods, another store's SKU."""
        data = self.cleaned_data
        body = {
            "name": data["name"],
            "total": data["total"],
            "per_user": data.get("per_user"),
            "per_user_per_day": data.get("per_user_per_day"),
            "issue_mode": data["issue_mode"],
            "public": data["public"],
            "claim_from": self._moment("claim_from"),
            "claim_to": self._moment("claim_to"),
            "points_cost": data.get("points_cost") or 0,
        }
        if self.terms_fixed:
            return body
        goods = goods_input(self, "goods", exclude_key="excluded_skus")
        if goods is None:
            return None
        wanted = [(self, "goods_skus", goods.get("skus", []))]
        wanted.append((self, "goods_excluded_skus", goods.get("excluded_skus", [])))
        if not refuse_foreign_skus(self.store, wanted):
            return None
        kind = data["kind"]
        # Every term is sent, emptied ones as null (or a zero threshold), so that an edit from one kind or kind of
        # validity to another leaves nothing of the old one behind.
        threshold, max_discount = data.get("threshold"), data.get("max_discount")
        body.update(
            kind=kind,
            value=str(data["value"]),
            threshold=str(threshold) if "threshold" in KIND_FIELDS[CouponKind(kind)] and threshold is not None else "0",
            max_discount=str(max_discount) if kind == CouponKind.PERCENT and max_discount is not None else None,
            goods=goods,
            valid_from=self._moment("valid_from"),
            valid_to=self._moment("valid_to"),
            valid_days=data.get("valid_days"),
            channels=channels_input(data["channels"]),
            refund_policy=data["refund_policy"],
        )
        return body

    def _moment(self, name: str) -> str | None:
        """A time as typed; one left as it was stays the saved time to the second (the input shows minutes)."""
        moment, saved = self.cleaned_data.get(name), self.initial.get(name)
        if moment and saved and moment == saved.replace(second=0, microsecond=0):
            moment = saved
        return moment.isoformat() if moment else None

    def place(self, error: DomainError | ValidationError) -> None:
        """A refusal's messages beside the fields they name (goods.skus.0 on the SKUs, goods on "All goods")."""
        for path, found in field_errors(error).items():
            parts = path.split(".")
            name = GOODS_PATHS.get(".".join(parts[:2]), GOODS_PATHS.get(parts[0], parts[0]))
            for message in found:
                self.add_error(name if name in self.fields else None, message)


def initial_of(template: CouponTemplate) -> dict:
    """The form's values for a saved template."""
    return {
        "name": template.name,
        "kind": template.kind,
        "value": template.value,
        "threshold": template.threshold if template.threshold else None,
        "max_discount": template.max_discount,
        "goods_all": template.scope_all,
        "goods_skus": template.scope_skus,
        "goods_categories": template.scope_categories,
        "goods_brands": template.scope_brands,
        "goods_excluded_skus": template.excluded_skus,
        "valid_from": template.valid_from,
        "valid_to": template.valid_to,
        "valid_days": template.valid_days,
        "channels": channels_initial(template.channels),
        "refund_policy": template.refund_policy,
        "total": template.total,
        "per_user": template.per_user,
        "per_user_per_day": template.per_user_per_day,
        "issue_mode": template.issue_mode,
        "public": template.public,
        "claim_from": template.claim_from,
        "claim_to": template.claim_to,
        "points_cost": template.points_cost,
    }


@seller_page(roles=MANAGERS)
def template_list(request):
    templates = selectors.store_coupon_templates(store=request.store).order_by("-created_at", "-id")
    return render(request, "seller/coupons/list.html", {"page": paginate(request, templates), "section": "coupons"})


@seller_page(roles=MANAGERS)
def template_statistics(request, template_id: int):
    """How a coupon is doing: issued by each way, unused, locked by unpaid orders, used, expired, the use rate
    and the GMV of the orders that used it. Two queries after the login: the template, its coupons' aggregate."""
    template = get_object_or_404(selectors.store_coupon_templates(store=request.store), pk=template_id)
    context = {"template": template, "stats": selectors.template_statistics(template=template), "section": "coupons"}
    return render(request, "seller/coupons/statistics.html", context)


@seller_page(roles=MANAGERS)
def template_create(request):
    form = CouponTemplateForm(request.POST or None, store=request.store, goods=StoreGoods(request.store))
    if request.method == "POST" and form.is_valid():
        body = form.api_input()
        if body is not None:
            try:
                data = CouponTemplateInputSerializer(data=body)
                data.is_valid(raise_exception=True)
                services.coupon_template_create(by=request.user, store=request.store, **data.validated_data)
            except (ValidationError, DomainError) as error:
                form.place(error)
            else:
                messages.success(request, _("The coupon is created."))
                return redirect("seller:coupons")
    return _form_page(request, form)


@seller_page(roles=MANAGERS)
def template_edit(request, template_id: int):
    """Change a template as PATCH does: how many and how they are given out at any time, its terms until the
    first coupon is issued."""
    template = get_object_or_404(selectors.store_coupon_templates(store=request.store), pk=template_id)
    if template.status == TemplateStatus.STOPPED:
        messages.error(request, _("A stopped coupon cannot be changed."))
        return redirect("seller:coupons")
    goods = StoreGoods(
        request.store,
        keep_skus=[*template.scope_skus, *template.excluded_skus],
        keep_categories=template.scope_categories,
        keep_brands=template.scope_brands,
    )
    form = CouponTemplateForm(
        request.POST or None,
        store=request.store,
        goods=goods,
        initial=initial_of(template),
        terms_fixed=template.issued > 0,
    )
    if request.method == "POST" and form.is_valid():
        body = form.api_input()
        if body is not None:
            try:
                data = CouponTemplateInputSerializer(data=body, partial=True)
                data.is_valid(raise_exception=True)
                services.coupon_template_update(template=template, by=request.user, **data.validated_data)
            except (ValidationError, DomainError) as error:
                form.place(error)
            else:
                messages.success(request, _("“%(name)s” is saved.") % {"name": data.validated_data["name"]})
                return redirect("seller:coupons")
    return _form_page(request, form, template=template)


def _form_page(request, form: CouponTemplateForm, template: CouponTemplate | None = None):
    context = {
        "form": form,
        "template": template,
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
