from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Catalog")

    def ready(self) -> None:
        from catalog.models import ProductFavourite, StoreFavourite
        from catalog.receivers import connect_storefront_listeners
        from catalog.selectors import favourite_values
        from members.backends import read_with_member_about

        connect_storefront_listeners()
        # The heart of a product or store page comes with its member's row (members.backends).
        read_with_member_about("product", favourite_values(ProductFavourite, "spu_id"))
        read_with_member_about("store", favourite_values(StoreFavourite, "store_id"))
