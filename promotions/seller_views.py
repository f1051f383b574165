"""Seller backend pages of the promotions center: the store's promotions, the create form with the fields of each
kind, and stop. Owners and managers only (a clerk runs no promotions).

The form gathers what the seller API takes (API.md `POST /api/v1/seller/promotions/`: goods by SKUs, categories
or brands, channels, member scope, per-member limit, the rules of each kind), the API's input serializer checks
it and promotion_create writes it, so an overlap is refused here exactly as there: the message names the other
promotion, shown beside the form with a link to it. A promotion that has not started is edited on the same form,
filled with its values, and saved by promotion_update (as PATCH); once it has started, a seller stops it and creates
another."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError

from catalog.selectors import store_skus
from marketplace.exceptions import DomainError
from members.models import MemberLevel
from promotions import selectors, services
from promotions.apis import COUNT_MAX, PromotionInputSerializer
from promotions.exceptions import PromotionConflict, PromotionStarted
from promotions.kinds import KINDS, kind_spec
from promotions.kinds.base import list_of
from promotions.models import CHANNEL_LABELS, KIND_LABELS, MemberScopeKind, Promotion, PromotionStatus
from promotions.pricing import PromotionKind
from promotions.pricing.types import MAX_QUANTITY
from promotions.rules import parse_rules
from promotions.seller_forms import (
    AnyIdField,
    ChannelsField,
    StoreGoods,
    add_goods_fields,
    channels_initial,
    channels_input,
    goods_input,
    refuse_foreign_skus,
    sku_specs,
)
from stores.seller_pages import MANAGERS, field_errors, paginate, seller_page

# Each kind says which of the form's rule fields it uses (`form_fields`; the page shows only these,
# static/js/seller_forms.js), which columns of the SKU rows ("rows") it reads and the key of its rules' JSON the
# rows become (promotions/kinds/).
RULE_FIELDS = ("percent", "price", "tiers", "step", "discount", "cap", "count", "threshold")
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0"), "required": False}
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _pairs(text: str, field: str) -> list[tuple[str, str]]:
    """Lines or commas of "a:b" (or "a b") pairs, as the tiers field takes a spend with its amount off."""
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


class RuleRowForm(forms.Form):
    """One SKU the rules name: a bundle item, a gift, a gift of a tier (rows with the same spend make one tier),
    an add-on item. Each kind reads some of the columns (its `row_columns`)."""

    threshold = forms.DecimalField(label=gettext_lazy("Spend at least"), **MONEY)
    sku = AnyIdField(label=gettext_lazy("SKU"))
    quantity = forms.IntegerField(
        label=gettext_lazy("Quantity"), min_value=1, max_value=MAX_QUANTITY, required=False, initial=1
    )
    price = forms.DecimalField(label=gettext_lazy("Add-on price"), **MONEY)

    def __init__(self, *args, sku_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sku"].choices = [("", "—"), *sku_choices]
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = field.label

    def is_filled(self, columns) -> bool:
        data = self.cleaned_data
        return any(data.get(name) is not None for name in columns if name != "quantity") or (
            "quantity" in columns and data.get("quantity") not in (None, 1)
        )


class BaseRuleRows(forms.BaseFormSet):
    """The SKU rows of the rules. `read(kind)` turns them into the rules' JSON and remembers which row each part
    of it came from, so that a refusal naming `rules.tiers.1.gifts.0.quantity` lands in its row and column."""

    def read(self, kind: PromotionKind) -> list | None:
        spec = kind_spec(kind)
        columns = spec.row_columns
        self.problems, self.paths = [], {}
        self.is_valid()
        for row in self.forms:
            # A column the kind does not read may hold anything (it is hidden): its errors are not this kind's.
            for name in set(row.fields) - set(columns):
                row.errors.pop(name, None)
        if self.non_form_errors() or any(row.errors for row in self.forms):
            return None
        filled = [(index, row) for index, row in enumerate(self.forms) if row.is_filled(columns)]
        for _index, row in filled:
            data = row.cleaned_data
            if data.get("sku") is None:
                row.add_error("sku", _("Choose the SKU of this row."))
            if "threshold" in columns and data.get("threshold") is None:
                row.add_error("threshold", _("Give the spend of this tier."))
            if "price" in columns and data.get("price") is None:
                row.add_error("price", _("Give the add-on price."))
        if not filled:
            self.problems.append(_("Choose at least one SKU in the rows."))
        if self.problems or any(row.errors for row in self.forms):
            return None
        if "threshold" in columns:  # rows of gifts with a spend are tiers
            return self._tiers(filled, spec.rows_key)
        listed = []
        for position, (index, row) in enumerate(filled):
            data = row.cleaned_data
            item = {"sku": data["sku"]}
            if "price" in columns:
                item["price"] = str(data["price"])
            else:
                item["quantity"] = data.get("quantity") or 1
            listed.append(item)
            self.paths[f"rules.{spec.rows_key}.{position}"] = index
        return listed

    def _tiers(self, filled, key: str) -> list[dict]:
        """Rows with the same spend are one tier, in the order the spends first appear."""
        tiers: dict[Decimal, dict] = {}
        for index, row in filled:
            data = row.cleaned_data
            if data["threshold"] not in tiers:
                self.paths[f"rules.{key}.{len(tiers)}"] = index
                tiers[data["threshold"]] = {"threshold": str(data["threshold"]), "gifts": []}
            tier = tiers[data["threshold"]]
            self.paths[f"rules.{key}.{list(tiers).index(data['threshold'])}.gifts.{len(tier['gifts'])}"] = index
            tier["gifts"].append({"sku": data["sku"], "quantity": data.get("quantity") or 1})
        return list(tiers.values())

    def place(self, path: str, messages: list[str]) -> bool:
        """Put a refusal of the rules on the row (and column) it names; False when it names none."""
        prefixes = [prefix for prefix in getattr(self, "paths", {}) if path == prefix or path.startswith(prefix + ".")]
        if not prefixes:
            return False
        prefix = max(prefixes, key=len)
        row = self.forms[self.paths[prefix]]
        name = path[len(prefix) + 1 :].split(".")[0]
        for message in messages:
            row.add_error(name if name in row.fields else None, message)
        return True


# absolute_max: a posted TOTAL_FORMS of thousands draws no more rows than this.
RuleRows = forms.formset_factory(
    RuleRowForm, formset=BaseRuleRows, extra=4, max_num=50, validate_max=True, absolute_max=60
)


class PromotionForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=list(KIND_LABELS.items()))
    starts_at = forms.DateTimeField(label=gettext_lazy("Starts at"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=gettext_lazy("Ends at"), widget=DATETIME)
    member_scope = forms.ChoiceField(
        label=gettext_lazy("For"),
        choices=MemberScopeKind.choices,
        initial=MemberScopeKind.ALL,
        widget=forms.RadioSelect,
    )
    member_levels = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Member levels"),
        queryset=MemberLevel.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    channels = ChannelsField()
    per_member_limit = forms.IntegerField(
        label=gettext_lazy("Uses per member"),
        min_value=1,
        max_value=COUNT_MAX,
        required=False,
        help_text=gettext_lazy("Empty: no limit."),
    )
    retail_only = forms.BooleanField(
        label=gettext_lazy("Retail only"),
        required=False,
        help_text=gettext_lazy("Business buyers, who pay wholesale or negotiated prices, do not get it."),
    )
    # The rules: each kind shows some of these (its `form_fields`).
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

    def __init__(self, *args, store, goods: StoreGoods, **kwargs):
        super().__init__(*args, **kwargs)
        self.store = store
        add_goods_fields(self, "scope", goods)
        # What members.selectors.is_new_member counts as new, in the merchant's words.
        self.fields["member_scope"].help_text = _("New members: those who joined in the last %(days)d days.") % {
            "days": settings.NEW_MEMBER_DAYS
        }

    def clean(self):
        data = super().clean()
        levels_missing = data.get("member_scope") == MemberScopeKind.LEVELS and not data.get("member_levels")
        if levels_missing and "member_levels" not in self.errors:
            self.add_error("member_levels", _("Tick the member levels it is for."))
        return data

    def api_input(self, rows: BaseRuleRows) -> dict | None:
        """The promotion as the seller API's JSON, or None with the errors on the form and its rows: a rule
        field it cannot read, unclear goods, another store's SKU."""
        data = self.cleaned_data
        kind = PromotionKind(data["kind"])
        scope = goods_input(self, "scope", exclude_key="exclude_skus")
        rules = self._rules(kind, rows)
        if scope is None or rules is None:
            return None
        wanted = [
            (self, "scope_skus", scope.get("skus", [])),
            (self, "scope_excluded_skus", scope.get("exclude_skus", [])),
        ]
        if kind_spec(kind).row_columns:
            named = [rows.forms[index] for index in sorted(set(rows.paths.values()))]
            wanted += [(row, "sku", [row.cleaned_data["sku"]]) for row in named]
        if not refuse_foreign_skus(self.store, wanted):
            return None
        levels = data["member_scope"] == MemberScopeKind.LEVELS
        return {
            "name": data["name"],
            "kind": kind.value,
            "starts_at": self._moment("starts_at"),
            "ends_at": self._moment("ends_at"),
            "scope": scope,
            "rules": rules,
            "channels": channels_input(data["channels"]),
            "member_scope": data["member_scope"],
            "member_levels": sorted(level.pk for level in data["member_levels"]) if levels else [],
            "per_member_limit": data.get("per_member_limit"),
            "retail_only": data.get("retail_only", False),
        }

    def _moment(self, name: str) -> str:
        """A time as typed; one left as it was on an edit stays the saved time to the second (the input shows
        minutes)."""
        moment, saved = self.cleaned_data[name], self.initial.get(name)
        if saved and moment == saved.replace(second=0, microsecond=0):
            moment = saved
        return moment.isoformat()

    def _rules(self, kind: PromotionKind, rows: BaseRuleRows) -> dict | None:
        data = self.cleaned_data
        rules = {}
        spec = kind_spec(kind)
        for name in spec.form_fields:
            if name == "rows":
                listed = rows.read(kind)
                if listed is None:
                    return None
                rules[spec.rows_key] = listed
            elif name == "tiers":
                if data.get("tiers"):
                    try:
                        pairs = _pairs(data["tiers"], name)
                    except forms.ValidationError as error:
                        self.add_error(name, error)
                        return None
                    rules["tiers"] = [{"threshold": a, "discount": b} for a, b in pairs]
            elif data.get(name) is not None:
                # Money and percents are strings in the API's JSON, a count a number (its strict serializer says so).
                rules[name] = data[name] if isinstance(data[name], int) else str(data[name])
        return rules


def initial_of(promotion: Promotion) -> tuple[dict, list[dict]]:
    """The form's values and its SKU rows' for a saved promotion, whatever its kind: the rule fields its kind's
    form uses (tiers as "spend:off" lines), and the rows its rules list (a gift tier's gifts a row each)."""
    spec, rules = kind_spec(promotion.kind), promotion.rules
    initial = {
        "name": promotion.name,
        "kind": promotion.kind,
        "starts_at": promotion.starts_at,
        "ends_at": promotion.ends_at,
        "scope_all": promotion.scope_all,
        "scope_skus": promotion.scope_skus,
        "scope_categories": promotion.scope_categories,
        "scope_brands": promotion.scope_brands,
        "scope_excluded_skus": promotion.excluded_skus,
        "member_scope": promotion.member_scope,
        "member_levels": promotion.member_levels,
        "channels": channels_initial(promotion.channels),
        "per_member_limit": promotion.per_member_limit,
        "retail_only": promotion.retail_only,
    }
    for name in spec.form_fields:
        if name == "tiers":
            initial[name] = "\n".join(f"{tier['threshold']}:{tier['discount']}" for tier in rules["tiers"])
        elif name != "rows" and name in rules:
            initial[name] = rules[name]
    listed = rules.get(spec.rows_key, []) if "rows" in spec.form_fields else []
    if "threshold" in spec.row_columns:  # tiers of gifts
        rows = [{"threshold": tier["threshold"], **gift} for tier in listed for gift in tier["gifts"]]
    else:
        rows = [dict(item) for item in listed]
    return initial, rows


def rule_sku_ids(kind: str, rules: dict) -> set[int]:
    """The SKUs a promotion's rules name (its kind's rule says which: a bundle's and an add-on's items, gifts)."""
    return set(parse_rules(kind, rules).named_skus())


def sku_names(*, store, sku_ids: set[int]) -> dict[int, str]:
    """SKU id -> "title spec / spec" for the SKUs rules name, in one query (the store's SKUs, listed HQ ones too)."""
    skus = store_skus(store=store).filter(pk__in=sku_ids) if sku_ids else []
    return {sku.pk: _sku_name(sku) for sku in skus}


def _sku_name(sku) -> str:
    """The SKU as "title 黑色 / 128G"."""
    return " ".join([sku.spu.title, sku_specs(sku)]).strip()


def rules_summary(kind: str, rules: dict, names: dict[int, str] | None = None) -> str:
    """A promotion's rules as a merchant reads them, in the page's language ("¥100 − ¥10 · ¥300 − ¥50", "满¥199.00
    可加价购：¥9.90换购 …"): its kind's summary, naming SKUs by `names` (rule_sku_ids, then sku_names, for a whole
    page at once)."""
    names = names or {}

    def sku(pk: int) -> str:
        return names.get(pk) or _("SKU #%(id)s") % {"id": pk}

    return kind_spec(kind).summary(rules, sku)


@seller_page(roles=MANAGERS)
def promotion_list(request):
    """The store's promotions, each with its rules in words. A fixed number of queries whatever the page size: the
    SKUs the page's rules name are read in one, the member levels (when one is limited to some) in another."""
    promotions = selectors.store_promotions(store=request.store).order_by("-created_at", "-id")
    page = paginate(request, promotions)
    sku_ids = set().union(*(rule_sku_ids(promotion.kind, promotion.rules) for promotion in page))
    names = sku_names(store=request.store, sku_ids=sku_ids)
    levels = {}
    if any(promotion.member_scope == MemberScopeKind.LEVELS for promotion in page):
        levels = dict(MemberLevel.objects.values_list("pk", "name"))
    now = timezone.now()
    for promotion in page:
        promotion.summary = rules_summary(promotion.kind, promotion.rules, names)
        promotion.audience = audience_summary(promotion, levels)
        promotion.editable = promotion.can_edit(now)
    context = {"page": page, "kind_labels": KIND_LABELS, "section": "promotions"}
    return render(request, "seller/promotions/list.html", context)


def audience_summary(promotion, levels: dict[int, str]) -> str:
    """Who and where, in words: "金卡会员, 钻石会员 · App, H5" ("all channels" when its channels are empty)."""
    if promotion.member_scope == MemberScopeKind.LEVELS:
        members = list_of(levels.get(pk, f"#{pk}") for pk in promotion.member_levels)
    else:
        members = str(MemberScopeKind(promotion.member_scope).label)
    channels = list_of(str(CHANNEL_LABELS[channel]) for channel in promotion.channels if channel in CHANNEL_LABELS)
    return " · ".join([members, channels or _("all channels")])


@seller_page(roles=MANAGERS)
def promotion_create(request):
    return _form_page(request)


@seller_page(roles=MANAGERS)
def promotion_edit(request, promotion_id: int):
    """The create form filled with a promotion that has not started, saved as PATCH saves it. One that has started
    or is stopped opens no form, and a posted one is refused with promotion_update's words."""
    promotion = get_object_or_404(selectors.store_promotions(store=request.store), pk=promotion_id)
    if not promotion.can_edit(timezone.now()):
        if promotion.status == PromotionStatus.STOPPED:
            messages.error(request, _("A stopped promotion cannot be changed."))
        else:
            messages.error(request, PromotionStarted.default_detail)
        return redirect("seller:promotions")
    return _form_page(request, promotion)


def _form_page(request, promotion: Promotion | None = None):
    """The promotion form: a new promotion, or `promotion` changed (every field, its kind too)."""
    initial, initial_rows = initial_of(promotion) if promotion else ({}, [])
    keep = {}
    if promotion:
        keep = {
            "keep_skus": [
                *promotion.scope_skus,
                *promotion.excluded_skus,
                *rule_sku_ids(promotion.kind, promotion.rules),
            ],
            "keep_categories": promotion.scope_categories,
            "keep_brands": promotion.scope_brands,
        }
    goods = StoreGoods(request.store, **keep)
    form = PromotionForm(request.POST or None, store=request.store, goods=goods, initial=initial)
    rows = RuleRows(
        request.POST or None,
        prefix="row",
        initial=initial_rows,
        form_kwargs={"sku_choices": goods.sku_choices_titled},
    )
    conflict, rules_errors = None, []
    if request.method == "POST" and form.is_valid():
        body = form.api_input(rows)
        if body is not None:
            try:
                data = PromotionInputSerializer(data=body)
                data.is_valid(raise_exception=True)
                if promotion:
                    services.promotion_update(promotion=promotion, by=request.user, **data.to_service())
                else:
                    services.promotion_create(store=request.store, by=request.user, **data.to_service())
            except PromotionConflict as error:
                conflict = {"detail": error.detail, "with": error.fields.get("conflicts_with", [])}
            except (ValidationError, DomainError) as error:
                rules_errors = _place(form, rows, field_errors(error))
            else:
                if promotion:
                    messages.success(request, _("“%(name)s” is saved.") % {"name": data.validated_data["name"]})
                else:
                    messages.success(request, _("The promotion is created."))
                return redirect("seller:promotions")
    context = {
        "form": form,
        "rows": rows,
        "promotion": promotion,
        "rules_errors": rules_errors,
        "conflict": conflict,
        "kind_fields": {kind.value: spec.form_fields for kind, spec in KINDS.items()},
        "row_columns": {kind.value: spec.row_columns for kind, spec in KINDS.items()},
        "rule_fields": RULE_FIELDS,
        "section": "promotions",
    }
    return render(request, "seller/promotions/form.html", context, status=409 if conflict else 200)


# The API's paths of the goods scope -> the form's fields.
SCOPE_FIELDS = {
    "scope": "scope_all",
    "scope.all": "scope_all",
    "scope.skus": "scope_skus",
    "scope.categories": "scope_categories",
    "scope.brands": "scope_brands",
    "scope.exclude_skus": "scope_excluded_skus",
}


def _place(form: PromotionForm, rows: BaseRuleRows, errors: dict[str, list[str]]) -> list[str]:
    """Put a refusal's messages beside what they name: rules.items.1.quantity on its row, rules.tiers.0.discount on
    the tiers, scope.skus.0 on the SKUs, the rest on the field of that name. Returns what names only the rules."""
    rules_errors = []
    for path, found in errors.items():
        parts = path.split(".")
        if parts[0] == "rules":
            if rows.place(path, found):
                continue
            if len(parts) > 1 and parts[1] in RULE_FIELDS:
                for message in found:
                    form.add_error(parts[1], message)
            else:
                rules_errors += found
            continue
        name = SCOPE_FIELDS.get(".".join(parts[:2]), SCOPE_FIELDS.get(parts[0], parts[0]))
        for message in found:
            form.add_error(name if name in form.fields else None, message)
    return rules_errors


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
