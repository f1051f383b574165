from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuctionsConfig(AppConfig):
    name = "auctions"
    verbose_name = _("Auctions")

    def ready(self) -> None:
        from auctions import plays, services, storefront
        from catalog import storefront_extras
        from orders.payment.purposes import register_purpose
        from orders.plays import register_play

        register_purpose(services.DepositPurpose())
        register_play(plays.AuctionPlay())
        storefront_extras.register_rows(field="auction", query=storefront.auction_rows, shape=storefront.auction_shape)
