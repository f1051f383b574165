from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FlashsalesConfig(AppConfig):
    name = "flashsales"
    verbose_name = _("Flash sales")

    def ready(self) -> None:
        from catalog import storefront_extras
        from flashsales import storefront

        storefront_extras.register(field="flash", provider=storefront.product_flash)
