from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from members.backends import read_with_member
        from orders.cart.guest import merge_on_login
        from orders.cart.selectors import units_of_member
        from orders.payment import gateway_refunds  # noqa: F401 - registers the gateway refunds' outbox handler
        from orders.payment.credit_repayments import StatementPurpose
        from orders.payment.purposes import register_purpose

        user_logged_in.connect(merge_on_login, dispatch_uid="orders.cart.guest.merge_on_login")
        read_with_member("cart_units", units_of_member)  # the header's count, with the member's row (members.backends)
        register_purpose(StatementPurpose())  # a company's credit statement paid online (decision 0043)
