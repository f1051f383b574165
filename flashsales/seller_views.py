"""Seller backend pages of the flash-sale center (/seller/flash/): the store's sessions with what each sold, the form
that sets a draft up or edits one, publish and cancel. Any staff may look; owners and managers write, as in the
seller API (decision 0029).

The form reads text and never refuses it: the seller API's input serializer checks it and the services write it,
so the page refuses what the API refuses, in the same words (as catalog/seller_forms.py does). Its item rows (a
formset, prefix `item`: sku, flash_price, quantity) become the API's `items`; a blank row is left out. A refusal
comes back beside what it names: a field, an item row's cell (by its place in `items`, or by the SKU the service
names), or the items as a whole."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError

from flashsales import selectors, services
from flashsales.apis import FlashSessionInputSerializer
from flashsales.models import FlashSession, SessionStatus
from marketplace.api.serializers import FROM_A_FORM
from marketplace.exceptions import DomainError
from promotions.seller_forms import AnyIdField, StoreGoods, sku_specs
from stores.seller_pages import MANAGERS, field_errors, is_manager, paginate, seller_page

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
# A refusal of the service names an item by its SKU and says which of its cells is wrong.
REASON_CELLS = {"unknown": "sku", "flash_price": "flash_price"}


class FlashSessionForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), required=False)
    starts_at = forms.CharField(label=gettext_lazy("Starts at"), required=False, widget=DATETIME)
    ends_at = forms.CharField(label=gettext_lazy("Ends at"), required=False, widget=DATETIME)
    per_member_limit = forms.CharField(
        label=gettext_lazy("Limit per member"), required=False, widget=forms.NumberInput(attrs={"min": 1})
    )
    exclusive = forms.BooleanField(
        label=gettext_lazy("No promotion applies to a flash line"),
        required=False,
        help_text=gettext_lazy("Untick to let order-level promotions (spend and save) still apply."),
    )

    def api_input(self, rows: list["ItemRow"]) -> dict:
        """What was typed, as the API's body: a blank left out (the API's default, or its "required")."""
        typed = {name: value for name, value in self.cleaned_data.items() if value != ""}
        return {**typed, "items": [row.api_item() for row in rows]}


class ItemRow(forms.Form):
    sku = AnyIdField(label=gettext_lazy("SKU"))
    flash_price = forms.CharField(label=gettext_lazy("Flash price"), required=False)
    quantity = forms.CharField(
        label=gettext_lazy("Flash quantity"), required=False, widget=forms.NumberInput(attrs={"min": 1})
    )

    def __init__(self, *args, sku_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sku"].choices = [("", "—"), *sku_choices]
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = field.label

    def is_filled(self) -> bool:
        return any(value not in (None, "") for value in self.cleaned_data.values())

    def api_item(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


ItemRows = forms.formset_factory(ItemRow, extra=3, max_num=services.MAX_ITEMS, absolute_max=services.MAX_ITEMS)


def _phase(session: FlashSession, now) -> str:
    """Where the session stands, as its seller reads it."""
    if session.status == SessionStatus.CANCELLED or session.cancelled_at:
        return _("Cancelled")
    if session.status == SessionStatus.PUBLISHED:
        if now < session.starts_at:
            return _("Coming up")
        return _("On now") if now < session.ends_at else _("Ended")
    return str(session.get_status_display())


@seller_page
def session_list(request):
    """The store's sessions, newest first, each with its items (their products named) and what they sold: the
    same three queries (count, page, items) whatever the page holds."""
    page = paginate(request, selectors.store_sessions(store=request.store))
    now = timezone.now()
    for session in page:
        items = list(session.items.all())
        for item in items:
            item.label = " ".join([item.sku.spu.title, sku_specs(item.sku)]).strip()
        session.sold = sum(item.sold for item in items)
        session.quantity = sum(item.quantity for item in items)
        session.phase = _phase(session, now)
        session.can_cancel = session.cancelled_at is None and (
            session.status == SessionStatus.DRAFT
            or (session.status == SessionStatus.PUBLISHED and now < session.ends_at)
        )
    context = {"page": page, "can_write": is_manager(request), "section": "flash"}
    return render(request, "seller/flash/list.html", context)


@seller_page(roles=MANAGERS)
def session_create(request):
    return _form_page(request)


@seller_page(roles=MANAGERS)
def session_edit(request, session_id: int):
    """The form filled with a draft; a published session opens no form (its items are in the gate)."""
    session = get_object_or_404(selectors.store_sessions(store=request.store), pk=session_id)
    if session.status != SessionStatus.DRAFT:
        messages.error(request, _("Only a draft session is edited."))
        return redirect("seller:flash-sessions")
    return _form_page(request, session)


def _initial(session: FlashSession) -> tuple[dict, list[dict]]:
    values = {
        "name": session.name,
        "starts_at": timezone.localtime(session.starts_at).strftime(DATETIME.format),
        "ends_at": timezone.localtime(session.ends_at).strftime(DATETIME.format),
        "per_member_limit": session.per_member_limit,
        "exclusive": session.exclusive,
    }
    items = [
        {"sku": item.sku_id, "flash_price": item.flash_price, "quantity": item.quantity} for item in session.items.all()
    ]
    return values, items


def _form_page(request, session: FlashSession | None = None):
    initial, initial_items = _initial(session) if session else ({"per_member_limit": 1, "exclusive": True}, [])
    goods = StoreGoods(request.store, keep_skus=[item["sku"] for item in initial_items])
    form = FlashSessionForm(request.POST or None, initial=initial)
    rows = ItemRows(
        request.POST or None,
        prefix="item",
        initial=initial_items,
        form_kwargs={"sku_choices": goods.sku_choices_titled},
    )
    items_errors: list[str] = []
    if request.method == "POST" and form.is_valid() and rows.is_valid():
        filled = [row for row in rows if row.is_filled()]
        try:
            data = FlashSessionInputSerializer(data=form.api_input(filled), context=FROM_A_FORM)
            data.is_valid(raise_exception=True)
            if session:
                services.flash_session_update(session=session, by=request.user, **data.to_service())
            else:
                services.flash_session_create(store=request.store, by=request.user, **data.to_service())
        except (ValidationError, DomainError) as error:
            items_errors = _place(form, filled, error)
        else:
            messages.success(request, _("“%(name)s” is saved as a draft.") % {"name": data.validated_data["name"]})
            return redirect("seller:flash-sessions")
    context = {"form": form, "rows": rows, "session": session, "items_errors": items_errors, "section": "flash"}
    return render(request, "seller/flash/form.html", context)


def _place(form: FlashSessionForm, filled: list[ItemRow], error) -> list[str]:
    """Put a refusal's messages beside what they name; returns those that name the items as a whole."""
    items_errors = []
    if isinstance(error, DomainError) and "items" in error.fields:
        by_sku = {row.cleaned_data.get("sku"): row for row in filled}
        for part in error.fields["items"]:
            row = by_sku.get(part.get("sku")) if isinstance(part, dict) else None
            if row is None:
                items_errors.append(error.detail)
            else:
                row.add_error(REASON_CELLS.get(part.get("reason"), "quantity"), error.detail)
        return items_errors
    for path, found in field_errors(error).items():
        name, _dot, rest = path.partition(".")
        index, _dot, cell = rest.partition(".")
        if name == "items" and index.isdigit() and int(index) < len(filled) and cell in ItemRow.base_fields:
            for message in found:
                filled[int(index)].add_error(cell, message)
        elif name == "items":
            items_errors += found
        else:
            for message in found:
                form.add_error(name if name in form.fields else None, message)
    return items_errors


@require_POST
@seller_page(roles=MANAGERS)
def session_publish(request, session_id: int):
    return _act(request, session_id, services.flash_session_publish, _("“%(name)s” is published."))


@require_POST
@seller_page(roles=MANAGERS)
def session_cancel(request, session_id: int):
    return _act(request, session_id, services.flash_session_cancel, _("“%(name)s” is cancelled."))


def _act(request, session_id: int, service, done: str):
    session = get_object_or_404(selectors.store_sessions(store=request.store), pk=session_id)
    try:
        service(session=session, by=request.user)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, done % {"name": session.name})
    return redirect("seller:flash-sessions")
