from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PresalesConfig(AppConfig):
    name = "presales"
    verbose_name = _("Presales")

    def ready(self) -> None:
        from catalog import storefront_extras
        from orders.plays import register_play
        from presales import storefront
        from presales.plays import BalancePlay, DepositPlay

        register_play(DepositPlay())
        register_play(BalancePlay())
        storefront_extras.register_rows(field="presale", query=storefront.presale_rows, shape=storefront.presale_shape)
