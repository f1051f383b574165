"""Seller backend pages of parcels: by status, those waiting to ship with their ship form (any staff role).

Reads through the store-scoped shipping selectors (another store's parcel is a 404); shipping through
`parcel_ship`, with the input read by the serializer the API reads it with."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError

from logistics.models import Carrier
from marketplace.exceptions import DomainError
from marketplace.query import next_url
from orders.aftersales.selectors import refund_open
from orders.models import ParcelStatus
from orders.shipping.selectors import store_parcel, store_parcels
from orders.shipping.serializers import ParcelShipInput
from orders.shipping.services import parcel_ship
from stores.seller_pages import errors_by_field, list_links, paginate, seller_page

PARCEL_TABS = ParcelStatus.choices
FORM_FIELDS = ("carrier", "tracking_no")


def _carriers():
    return list(Carrier.objects.active())


@seller_page
def parcel_list(request, *, ship_errors: dict | None = None, status_code: int = 200):
    """Parcels by status; those waiting to ship oldest first, each with its ship form (any staff role)."""
    status = request.GET.get("status", ParcelStatus.PENDING)
    status = status if status in ParcelStatus.values else ParcelStatus.PENDING
    counts = dict(store_parcels(store=request.store).order_by().values_list("status").annotate(count=Count("id")))
    tabs = [(value, label, counts.get(value, 0)) for value, label in PARCEL_TABS]
    context = {
        "page": paginate(
            request,
            store_parcels(store=request.store, status=status)
            .select_related("order__receiver_region")
            .annotate(refund_open=refund_open("order")),  # a badge warns before shipping
        ),
        "status": status,
        "tabs": tabs,
        "carriers": _carriers(),
        "ship_errors": ship_errors or {},
        "posted": request.POST if ship_errors else {},
        **list_links(request, reverse("seller:parcels"), shown_again=bool(ship_errors)),
        "section": "parcels",
    }
    return render(request, "seller/orders/parcels.html", context, status=status_code)


@require_POST
@seller_page
def parcel_ship_view(request, parcel_id: int):
    """Ship one parcel with a carrier and tracking number, validated as the API validates them."""
    parcel = store_parcel(store=request.store, parcel_id=parcel_id)
    data = ParcelShipInput(
        data={"carrier": request.POST.get("carrier", ""), "tracking_no": request.POST.get("tracking_no", "").strip()}
    )
    try:
        data.is_valid(raise_exception=True)
        carrier = Carrier.objects.active().filter(code=data.validated_data["carrier"]).first()
        if carrier is None:
            raise ValidationError({"carrier": [_("Choose a carrier we ship with.")]})
        parcel_ship(parcel=parcel, carrier=carrier, tracking_no=data.validated_data["tracking_no"], by=request.user)
    except (ValidationError, DomainError) as error:
        parcel.refresh_from_db(fields=["status"])
        if parcel.status != ParcelStatus.PENDING:
            # Shipped meanwhile (by a colleague, or a second click): its form is gone, so say it at the top.
            messages.error(request, error.detail if isinstance(error, DomainError) else _("Already shipped."))
            return redirect(next_url(request, reverse("seller:parcels")))
        return parcel_list.__wrapped__(
            request, ship_errors={parcel.pk: errors_by_field(error, FORM_FIELDS)}, status_code=400
        )
    messages.success(
        request,
        _("Parcel %(parcel)s of order %(order)s is shipped with %(carrier)s, tracking number %(tracking)s.")
        % {
            "parcel": parcel.pk,
            "order": parcel.order.order_no,
            "carrier": carrier.name,
            "tracking": parcel.tracking_no,
        },
    )
    return redirect(next_url(request, reverse("seller:parcels")))


@seller_page
def parcel_slip(request, parcel_id: int):
    """A parcel's packing slip and shipping label, to print (any staff role): the receiver and the whole address,
    the goods with their specs and quantities, the warehouse they leave from, the carrier once shipped."""
    parcel = store_parcel(store=request.store, parcel_id=parcel_id)
    context = {
        "parcel": parcel,
        "order": parcel.order,
        "lines": parcel.lines.select_related("order_line").order_by("order_line_id"),
        "section": "parcels",
    }
    return render(request, "seller/orders/slip.html", context)
