"""The counter's pages in the seller backend: the touch page /seller/pos/ (its script, static/js/pos.js, speaks to
the counter's API), a sale's receipt with its print stylesheet, the owner's counter settings and accounts, and the
staff figures. Same selectors and services as the API."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from marketplace.exceptions import DomainError
from orders.models import CounterMethod, PosAccountKind
from orders.payment.methods import channel_choices
from orders.pos import selectors, services
from orders.pos.accounts import pos_account_create
from orders.pos.apis import PosAccountsApi
from stores.models import StaffRole
from stores.seller_pages import MANAGERS, OWNER, field_errors, seller_page


@seller_page
def counter(request):
    """The counter: goods by barcode, code or name, quantities, the member, the total as lines are added, payment."""
    takes = services.pos_settings_of(store=request.store).methods
    context = {
        "methods": [(value, label) for value, label in CounterMethod.choices if value in takes],
        "accounts": selectors.pos_accounts(store=request.store).filter(is_active=True),
        "qr_channels": channel_choices(),
        "section": "pos",
    }
    return render(request, "seller/pos/counter.html", context)


@seller_page
def receipt(request, trade_no: str):
    """A counter sale's receipt, printable on a 58 or 80 mm receipt printer (@media print)."""
    trade = selectors.counter_sale(store=request.store, trade_no=trade_no)
    payment = trade.payments.all()[0] if trade.payments.all() else None
    tender = getattr(payment, "counter_tender", None) if payment else None
    context = {"trade": trade, "payment": payment, "tender": tender, "store": request.store, "section": "pos"}
    return render(request, "seller/pos/receipt.html", context)


@seller_page(roles=OWNER)
def pos_settings(request):
    """The owner's counter: the ways it takes, and the customers who may buy on account (挂账, 月结)."""
    errors = {}
    if request.method == "POST":
        if request.POST.get("form") == "account":
            errors = _account_add(request)
            if not errors:
                messages.success(request, _("Account added."))
                return redirect("seller:pos-settings")
        else:
            try:
                services.pos_settings_update(
                    store=request.store, methods={m: m in request.POST.getlist("methods") for m in CounterMethod.values}
                )
            except DomainError as error:
                errors = field_errors(error)
            else:
                messages.success(request, _("Counter settings saved."))
                return redirect("seller:pos-settings")
    context = {
        "takes": services.pos_settings_of(store=request.store).methods,
        "methods": CounterMethod.choices,
        "kinds": PosAccountKind.choices,
        "accounts": selectors.pos_accounts(store=request.store),
        "errors": errors,
        "section": "pos-settings",
    }
    return render(request, "seller/pos/settings.html", context, status=400 if errors else 200)


def _account_add(request) -> dict[str, list[str]]:
    """The account form, checked by the API's serializer and written by the same service; its errors by field."""
    data = PosAccountsApi.AccountInput(
        data={key: request.POST.get(key, "") for key in ("kind", "name", "phone", "credit_limit")}
    )
    if not data.is_valid():
        return field_errors(ValidationError(data.errors))
    try:
        pos_account_create(store=request.store, **data.validated_data)
    except DomainError as error:
        return field_errors(error)
    return {}


@seller_page
def staff_figures(request):
    """A clerk's own counter sales and members gained; owners and managers see every staff member's."""
    own = request.membership.role == StaffRole.CLERK
    figures = selectors.staff_figures(store=request.store, user_id=request.user.pk if own else None)
    context = {"figures": figures, "own": own, "section": "staff-figures", "managers": MANAGERS}
    return render(request, "seller/pos/staff_figures.html", context)
