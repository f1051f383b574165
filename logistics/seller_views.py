"""Seller backend pages of the logistics center: the store's freight templates (运费模板), listed, created and
edited: charged by piece, weight or volume (or free), a default rate and rates per region, free-shipping
conditions and undeliverable regions. Everyone on the staff sees them; owners and managers change them.

The rows become API.md's template JSON, checked by the seller API's input serializer and written by
freight_template_save, so the page refuses what the API refuses, each message beside its row and field."""

from django import forms
from django.contrib import messages
from django.forms import formset_factory
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError

from logistics import selectors, services
from logistics.apis import TemplateInputSerializer
from logistics.freight import FreightBasis
from logistics.models import BASIS_LABELS, FreightTemplate
from marketplace.exceptions import DomainError
from marketplace.models import Region
from stores.seller_pages import field_errors, forbidden, is_manager, paginate, seller_page

RATE_FIELDS = ("first_units", "first_fee", "additional_units", "additional_fee")
UNITS = {"max_digits": 10, "decimal_places": 3, "min_value": 0, "required": False}
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0, "required": False}
EXTRA_ROWS = 2


def provinces():
    return Region.objects.provinces().order_by("code")


class TemplateForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    basis = forms.ChoiceField(label=gettext_lazy("Charged"), choices=list(BASIS_LABELS.items()))
    undeliverable = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Undeliverable regions"), queryset=provinces(), required=False, to_field_name="code"
    )


class RateForm(forms.Form):
    """One rate row; no regions makes it the default rate (every region without a rate of its own)."""

    regions = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Regions"), queryset=provinces(), required=False, to_field_name="code"
    )
    first_units = forms.DecimalField(label=gettext_lazy("First units"), **UNITS)
    first_fee = forms.DecimalField(label=gettext_lazy("First fee"), **MONEY)
    additional_units = forms.DecimalField(label=gettext_lazy("Each further units"), **UNITS)
    additional_fee = forms.DecimalField(label=gettext_lazy("Further fee"), **MONEY)

    def is_blank(self) -> bool:
        return all(self.cleaned_data.get(name) in (None, "") for name in RATE_FIELDS) and not self.cleaned_data.get(
            "regions"
        )


class FreeShippingForm(forms.Form):
    regions = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Regions"), queryset=provinces(), required=False, to_field_name="code"
    )
    min_amount = forms.DecimalField(label=gettext_lazy("From amount"), **MONEY)
    min_count = forms.IntegerField(label=gettext_lazy("From pieces"), min_value=1, required=False)

    def is_blank(self) -> bool:
        return all(self.cleaned_data.get(name) in (None, "") for name in ("min_amount", "min_count")) and not (
            self.cleaned_data.get("regions")
        )


RateFormSet = formset_factory(RateForm, extra=EXTRA_ROWS, max_num=50, absolute_max=50)
FreeShippingFormSet = formset_factory(FreeShippingForm, extra=EXTRA_ROWS, max_num=50, absolute_max=50)


@seller_page
def template_list(request):
    templates = selectors.store_freight_templates(store=request.store).order_by("id")
    context = {
        "page": paginate(request, templates),
        "basis_labels": BASIS_LABELS,
        "can_edit": is_manager(request),
        "section": "freight",
    }
    return render(request, "seller/freight/list.html", context)


@seller_page
def template_edit(request, template_id: int | None = None):
    template = None
    if template_id is not None:
        template = selectors.store_freight_templates(store=request.store).filter(pk=template_id).first()
        if template is None:
            raise Http404
    can_edit = is_manager(request)
    if request.method == "POST" and not can_edit:
        return forbidden(request, _("Only the owner or a manager may change freight templates."))
    initial, rates, free = _initial(template)
    post = request.POST if request.method == "POST" else None
    form = TemplateForm(post, initial=initial)
    rate_rows = RateFormSet(post, initial=rates, prefix="rates")
    free_rows = FreeShippingFormSet(post, initial=free, prefix="free")
    if post is not None and all([form.is_valid(), rate_rows.is_valid(), free_rows.is_valid()]):
        sent_rates = [row for row in rate_rows if not row.is_blank()]
        sent_free = [row for row in free_rows if not row.is_blank()]
        body = {
            "name": form.cleaned_data["name"],
            "basis": form.cleaned_data["basis"],
            "undeliverable": [region.code for region in form.cleaned_data["undeliverable"]],
            "rates": [_row_json(row, RATE_FIELDS) for row in sent_rates],
            "free_shipping": [_row_json(row, ("min_amount", "min_count")) for row in sent_free],
        }
        try:
            data = TemplateInputSerializer(data=body)
            data.is_valid(raise_exception=True)
            saved = services.freight_template_save(
                store=request.store, by=request.user, template=template, **data.to_service()
            )
        except (ValidationError, DomainError) as error:
            _place(field_errors(error), form, {"rates": sent_rates, "free_shipping": sent_free})
        else:
            messages.success(request, _("Freight template “%(name)s” is saved.") % {"name": saved.name})
            return redirect("seller:freight-templates")
    context = {
        "template": template,
        "form": form,
        "rate_rows": rate_rows,
        "free_rows": free_rows,
        "can_edit": can_edit,
        "section": "freight",
    }
    return render(request, "seller/freight/form.html", context)


@require_POST
@seller_page
def template_retire(request, template_id: int):
    if not is_manager(request):
        return forbidden(request, _("Only the owner or a manager may change freight templates."))
    template = selectors.store_freight_templates(store=request.store).filter(pk=template_id).first()
    if template is None:
        raise Http404
    services.freight_template_delete(template=template, by=request.user)
    messages.success(request, _("“%(name)s” is retired; goods that use it keep it.") % {"name": template.name})
    return redirect("seller:freight-templates")


def _row_json(row, fields) -> dict:
    body = {"regions": [region.code for region in row.cleaned_data["regions"]]}
    for name in fields:
        value = row.cleaned_data.get(name)
        # A blank money or units cell is left out, for the serializer to name; a blank optional condition is null.
        if value is not None:
            body[name] = str(value) if name != "min_count" else value
        elif name in ("min_amount", "min_count"):
            body[name] = None
    return body


def _place(errors: dict[str, list[str]], form: TemplateForm, rows: dict[str, list]) -> None:
    """rates.1.first_fee -> the second rate row sent, beside its field; `rates` alone above the rates."""
    for path, found in errors.items():
        head, *rest = path.split(".")
        target, name = form, head
        if head in rows and rest and rest[0].isdigit() and int(rest[0]) < len(rows[head]):
            target = rows[head][int(rest[0])]
            name = rest[1] if len(rest) > 1 else None
        elif head in rows:
            name = None
            found = [f"{_('Rates') if head == 'rates' else _('Free shipping')}: {message}" for message in found]
        for message in found:
            target.add_error(name if name in target.fields else None, message)


def _initial(template: FreightTemplate | None) -> tuple[dict, list[dict], list[dict]]:
    if template is None:
        return {"basis": FreightBasis.PIECE}, [], []
    initial = {
        "name": template.name,
        "basis": template.basis,
        "undeliverable": [region.code for region in template.undeliverable_regions.all()],
    }
    rates = [
        {
            "regions": [region.code for region in rule.regions.all()],
            **{name: getattr(rule, name) for name in RATE_FIELDS},
        }
        for rule in template.rates.all()
    ]
    free = [
        {"regions": [r.code for r in rule.regions.all()], "min_amount": rule.min_amount, "min_count": rule.min_count}
        for rule in template.free_shipping.all()
    ]
    return initial, rates, free
