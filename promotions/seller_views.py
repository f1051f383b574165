"""Seller backend pages of the promotions center: the store's promotions, the create form with the fields of each
kind, and stop. Owners and managers only (a clerk runs no promotions).

The form gathers what the seller API takes (API.md `POST /api/v1/seller/promotions/`), the API's input serializer
checks it and promotion_create writes it, so an overlap is refused here exactly as there: the message names the
other promotion, shown beside the form with a link to it."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError

from catalog.selectors import store_skus
from marketplace.exceptions import DomainError
from promotions import selectors, services
from promotions.apis import PromotionInputSerializer
from promotions.exceptions import PromotionConflict
from promotions.models import KIND_LABELS
from promotions.pricing import PromotionKind
from stores.seller_pages import MANAGERS, field_errors, paginate, seller_page

# kind -> the rule fields of the form it uses; the page shows only these (static/js/seller_forms.js).
KIND_FIELDS = {
    PromotionKind.ITEM_DISCOUNT: ("percent", "price"),
    PromotionKind.FULL_REDUCTION: ("tiers",),
    PromotionKind.EVERY_FULL_REDUCTION: ("step", "discount", "cap"),
    PromotionKind.BUNDLE: ("items", "price"),
    PromotionKind.GIFT: ("gifts",),
    PromotionKind.FULL_GIFT: ("threshold", "gifts"),
    PromotionKind.MULTI_BUY_PRICE: ("count", "price"),
    PromotionKind.MULTI_BUY_PERCENT: ("count", "percent"),
    PromotionKind.ADD_ON_PURCHASE: ("threshold", "items"),
}
RULE_FIELDS = ("percent", "price", "tiers", "step", "discount", "cap", "count", "threshold", "items", "gifts")
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0"), "required": False}


def _pairs(text: str, field: str) -> list[tuple[str, str]]:
    """Lines or commas of "a:b" (or "a b") pairs, as the short text fields take SKUs with quantities or prices."""
    pairs = []
    for part in text.replace("，", ",").replace("\n", ",").split(","):
        part = part.strip()
        if not part:
            continue
        bits = part.replace("：", ":").replace(" ", ":").split(":")
        bits = [bit for bit in bits if bit]
        if len(bits) != 2:
            raise forms.ValidationError(_("Write each as two parts, like 12:1."), code=field)
        pairs.append((bits[0], bits[1]))
    return pairs


class PromotionForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=list(KIND_LABELS.items()))
    starts_at = forms.DateTimeField(
        label=gettext_lazy("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=gettext_lazy("Ends at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    scope_skus = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Goods"),
        required=False,
        coerce=int,
        help_text=gettext_lazy("Choose some SKUs (Ctrl / ⌘ for several), or none for all the store's goods."),
    )
    per_member_limit = forms.IntegerField(label=gettext_lazy("Uses per member"), min_value=1, required=False)
    # The rules: each kind shows some of these (KIND_FIELDS).
    percent = forms.DecimalField(
        label=gettext_lazy("Percent paid"),
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        required=False,
        help_text=gettext_lazy("The share of the price paid: 80 is 8折."),
    )
    price = forms.DecimalField(label=gettext_lazy("Price"), **MONEY)
    tiers = forms.CharField(
        label=gettext_lazy("Tiers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "100:10\n300:50\n500:80"}),
        help_text=gettext_lazy("One tier a line: spend : amount off."),
    )
    step = forms.DecimalField(label=gettext_lazy("Every"), **MONEY)
    discount = forms.DecimalField(label=gettext_lazy("Amount off"), **MONEY)
    cap = forms.DecimalField(label=gettext_lazy("At most off (optional)"), **MONEY)
    count = forms.IntegerField(label=gettext_lazy("Number of items"), min_value=1, required=False)
    threshold = forms.DecimalField(label=gettext_lazy("Spend at least"), **MONEY)
    items = forms.CharField(
        label=gettext_lazy("Items"),
        required=False,
        help_text=gettext_lazy("SKU id : quantity (bundle) or SKU id : price (add-on), separated by commas."),
    )
    gifts = forms.CharField(
        label=gettext_lazy("Gifts"), required=False, help_text=gettext_lazy("SKU id : quantity, separated by commas.")
    )

    def __init__(self, *args, skus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope_skus"].choices = [(sku.pk, _sku_label(sku)) for sku in skus]

    def api_input(self) -> dict:
        """The promotion as the seller API's JSON; raises forms.ValidationError on a rule field it cannot read."""
        data = self.cleaned_data
        kind = PromotionKind(data["kind"])
        rules = {}
        for name in KIND_FIELDS[kind]:
            value = data.get(name)
            if value in (None, ""):
                continue
            if name == "tiers":
                rules["tiers"] = [{"threshold": a, "discount": b} for a, b in self._read_pairs(name)]
            elif name == "items":
                key = "quantity" if kind == PromotionKind.BUNDLE else "price"
                rules["items"] = [{"sku": a, key: b} for a, b in self._read_pairs(name)]
            elif name == "gifts":
                rules["gifts"] = [{"sku": a, "quantity": b} for a, b in self._read_pairs(name)]
            else:
                rules[name] = str(value)
        if kind == PromotionKind.FULL_GIFT:
            # One tier from the page (the API takes several): spend the threshold, get the gifts.
            rules = {"tiers": [{"threshold": rules.pop("threshold", ""), "gifts": rules.pop("gifts", [])}]}
        scope = {"skus": data["scope_skus"]} if data["scope_skus"] else {"all": True}
        return {
            "name": data["name"],
            "kind": kind.value,
            "starts_at": data["starts_at"].isoformat(),
            "ends_at": data["ends_at"].isoformat(),
            "scope": scope,
            "rules": rules,
            "per_member_limit": data.get("per_member_limit"),
        }

    def _read_pairs(self, name: str) -> list[tuple[str, str]]:
        try:
            return _pairs(self.cleaned_data[name], name)
        except forms.ValidationError as error:
            self.add_error(name, error)
            raise


def _sku_label(sku) -> str:
    specs = " / ".join(sku.specs.values())
    return f"#{sku.pk} {sku.spu.title} {specs}".strip() + (f" ({sku.code})" if sku.code else "")


def rule_sku_ids(kind: str, rules: dict) -> set[int]:
    """The SKUs a promotion's rules name: a bundle's and an add-on's items, the gifts of a gift or of each tier."""
    if kind in (PromotionKind.BUNDLE, PromotionKind.ADD_ON_PURCHASE):
        return {item["sku"] for item in rules["items"]}
    if kind == PromotionKind.GIFT:
        return {gift["sku"] for gift in rules["gifts"]}
    if kind == PromotionKind.FULL_GIFT:
        return {gift["sku"] for tier in rules["tiers"] for gift in tier["gifts"]}
    return set()


def sku_names(*, store, sku_ids: set[int]) -> dict[int, str]:
    """SKU id -> "title spec / spec" for the SKUs rules name, in one query (the store's SKUs, listed HQ ones too)."""
    skus = store_skus(store=store).filter(pk__in=sku_ids) if sku_ids else []
    return {sku.pk: _sku_name(sku) for sku in skus}


def _sku_name(sku) -> str:
    """The SKU as "title 黑色 / 128G": its spec values in the product's order (the SKU's own JSON keeps none)."""
    values = [sku.specs[spec["name"]] for spec in sku.spu.specs if spec["name"] in sku.specs]
    return " ".join([sku.spu.title, " / ".join(values)]).strip()


def rules_summary(kind: str, rules: dict, names: dict[int, str] | None = None) -> str:
    """A promotion's rules as a merchant reads them, in the page's language ("¥100 − ¥10 · ¥300 − ¥50", "满¥199.00
    可加价购：¥9.90换购 …"), naming SKUs by `names` (rule_sku_ids, then sku_names, for a whole page at once)."""
    names = names or {}

    def sku(pk: int) -> str:
        return names.get(pk) or _("SKU #%(id)s") % {"id": pk}

    def with_quantities(rows: list[dict]) -> str:
        return _list(f"{sku(row['sku'])} ×{row['quantity']}" for row in rows)

    if kind == PromotionKind.FULL_REDUCTION:
        return " · ".join(_("¥%(threshold)s − ¥%(discount)s") % tier for tier in rules["tiers"])
    if kind == PromotionKind.EVERY_FULL_REDUCTION:
        summary = _("every ¥%(step)s − ¥%(discount)s") % rules
        return summary + (_(", at most ¥%(cap)s") % rules if rules.get("cap") else "")
    if kind == PromotionKind.ITEM_DISCOUNT:
        if "percent" in rules:
            return _("pay %(percent)s%%") % {"percent": _plain(rules["percent"])}
        return _("at ¥%(price)s") % rules
    if kind == PromotionKind.MULTI_BUY_PRICE:
        return _("%(count)s for ¥%(price)s") % rules
    if kind == PromotionKind.MULTI_BUY_PERCENT:
        return _("%(count)s items pay %(percent)s%%") % {"count": rules["count"], "percent": _plain(rules["percent"])}
    if kind == PromotionKind.BUNDLE:
        return _("%(items)s together for ¥%(price)s") % {
            "items": with_quantities(rules["items"]),
            "price": rules["price"],
        }
    if kind == PromotionKind.GIFT:
        return _("free with the goods: %(gifts)s") % {"gifts": with_quantities(rules["gifts"])}
    if kind == PromotionKind.FULL_GIFT:
        return " · ".join(
            _("spend ¥%(threshold)s, get %(gifts)s free")
            % {"threshold": tier["threshold"], "gifts": with_quantities(tier["gifts"])}
            for tier in rules["tiers"]
        )
    if kind == PromotionKind.ADD_ON_PURCHASE:
        items = _list(
            _("%(sku)s at ¥%(price)s") % {"sku": sku(item["sku"]), "price": item["price"]} for item in rules["items"]
        )
        return _("spend ¥%(threshold)s, then add %(items)s") % {"threshold": rules["threshold"], "items": items}
    raise ValueError(f"No summary for promotion kind {kind!r}")


def _list(parts) -> str:
    return pgettext("list separator", ", ").join(parts)


def _plain(number: str) -> str:
    """A percent without its trailing zeros: "80.00" -> "80", "85.50" -> "85.5"."""
    text = f"{Decimal(number):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@seller_page(roles=MANAGERS)
def promotion_list(request):
    """The store's promotions, each with its rules in words. A fixed number of queries whatever the page size: the
    SKUs the page's rules name are read in one."""
    promotions = selectors.store_promotions(store=request.store).order_by("-created_at", "-id")
    page = paginate(request, promotions)
    sku_ids = set().union(*(rule_sku_ids(promotion.kind, promotion.rules) for promotion in page))
    names = sku_names(store=request.store, sku_ids=sku_ids)
    for promotion in page:
        promotion.summary = rules_summary(promotion.kind, promotion.rules, names)
    context = {"page": page, "kind_labels": KIND_LABELS, "section": "promotions"}
    return render(request, "seller/promotions/list.html", context)


@seller_page(roles=MANAGERS)
def promotion_create(request):
    skus = store_skus(store=request.store).filter(is_active=True).order_by("spu_id", "pk")[:500]
    form = PromotionForm(request.POST or None, skus=skus)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            data = PromotionInputSerializer(data=form.api_input())
            data.is_valid(raise_exception=True)
            services.promotion_create(store=request.store, by=request.user, **data.to_service())
        except forms.ValidationError:
            pass  # already on its field
        except PromotionConflict as error:
            conflict = {"detail": error.detail, "with": error.fields.get("conflicts_with", [])}
        except (ValidationError, DomainError) as error:
            _place(form, field_errors(error))
        else:
            messages.success(request, _("The promotion is created."))
            return redirect("seller:promotions")
    context = {
        "form": form,
        "conflict": conflict,
        "kind_fields": {kind.value: fields for kind, fields in KIND_FIELDS.items()},
        "rule_fields": RULE_FIELDS,
        "section": "promotions",
    }
    return render(request, "seller/promotions/form.html", context, status=409 if conflict else 200)


def _place(form: PromotionForm, errors: dict[str, list[str]]) -> None:
    """API paths to the form's fields: rules.tiers.0.discount -> tiers, scope -> scope_skus, the rest by name."""
    for path, found in errors.items():
        parts = path.split(".")
        name = parts[1] if parts[0] == "rules" and len(parts) > 1 else parts[0]
        name = {"scope": "scope_skus", "rules": None}.get(name, name)
        if parts[0] == "rules" and name == "tiers" and form.cleaned_data.get("kind") == PromotionKind.FULL_GIFT:
            name = "gifts" if "gifts" in parts else "threshold"
        for message in found:
            form.add_error(name if name in form.fields else None, message)


@require_POST
@seller_page(roles=MANAGERS)
def promotion_stop(request, promotion_id: int):
    promotion = get_object_or_404(selectors.store_promotions(store=request.store), pk=promotion_id)
    try:
        services.promotion_stop(promotion=promotion, by=request.user, reason=request.POST.get("reason", "")[:200])
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("“%(name)s” is stopped.") % {"name": promotion.name})
    return redirect("seller:promotions")
