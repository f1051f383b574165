"""The clerk's pickup page (/seller/pickups/): type or scan the shopper's pickup code to hand the order over; the
store's pickup orders waiting below. The API's twin: same input serializer, same service."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from marketplace.exceptions import DomainError
from orders.lifecycle.selectors import store_orders
from orders.models import Delivery, OrderStatus
from orders.pickup.apis import PickupCodeInput
from orders.pickup.services import pickup_collect
from stores.seller_pages import paginate, seller_page


@seller_page
def pickup_desk(request):
    """GET: the code form and the orders waiting; POST: collect the order of the code typed or scanned."""
    error, status_code = "", 200
    if request.method == "POST":
        data = PickupCodeInput(data={"code": request.POST.get("code", "")})
        if not data.is_valid():
            error, status_code = _("Type the digits of the pickup code."), 400
        else:
            try:
                order = pickup_collect(store=request.store, code=data.validated_data["code"], by=request.user)
            except DomainError as refusal:
                error, status_code = refusal.detail, 409
            else:
                messages.success(request, _("Order %(order_no)s handed over.") % {"order_no": order.order_no})
                return redirect("seller:pickups")
    waiting = store_orders(store_id=request.store.pk, status=OrderStatus.PAID).filter(delivery=Delivery.PICKUP)
    context = {"page": paginate(request, waiting), "error": error, "section": "pickups"}
    return render(request, "seller/orders/pickups.html", context, status=status_code)
