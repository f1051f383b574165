"""The shopper's pages of the orders center: each sub-domain's. The seller backend's are gathered in
marketplace/seller_urls.py, the simulated gateway's page in marketplace/urls.py."""

from orders.aftersales import page_urls as aftersales
from orders.cart import page_urls as cart
from orders.checkout import page_urls as checkout
from orders.lifecycle import page_urls as lifecycle
from orders.payment import page_urls as payment

urlpatterns = [
    *cart.urlpatterns,
    *checkout.urlpatterns,
    *payment.urlpatterns,
    *lifecycle.urlpatterns,
    *aftersales.urlpatterns,
]
