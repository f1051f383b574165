"""The orders center's API routes (under /api/v1/): each sub-domain's, in the order they are listed."""

from orders.aftersales import urls as aftersales
from orders.cart import urls as cart
from orders.checkout import urls as checkout
from orders.lifecycle import urls as lifecycle
from orders.payment import urls as payment
from orders.pickup import urls as pickup
from orders.pos import urls as pos
from orders.shipping import urls as shipping

urlpatterns = [
    *cart.urlpatterns,
    *checkout.urlpatterns,
    *payment.urlpatterns,
    *lifecycle.urlpatterns,
    *aftersales.urlpatterns,
    *shipping.urlpatterns,
    *pickup.urlpatterns,
    *pos.urlpatterns,
]
