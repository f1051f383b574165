from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VouchersConfig(AppConfig):
    name = "vouchers"
    verbose_name = _("E-vouchers")

    def ready(self) -> None:
        from orders.service_goods import register_service_goods
        from vouchers.goods import VOUCHER_GOODS

        register_service_goods(VOUCHER_GOODS)  # the same object however often ready() runs
