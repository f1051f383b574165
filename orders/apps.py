from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders")

    def ready(self):
        from orders.payment import gateway_refunds  # noqa: F401 - registers the gateway refunds' outbox handler
