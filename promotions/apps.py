from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromotionsConfig(AppConfig):
    name = "promotions"
    verbose_name = _("Promotions")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from catalog import storefront_extras
        from catalog.receivers import storefront_row_changed
        from promotions import storefront
        from promotions.models import Promotion

        storefront_extras.register(field="tags", provider=storefront.product_tags)
        storefront_extras.register(field="promotions", provider=storefront.product_promotions)
        # Product pages and lists show promotions: a created or stopped one refreshes their cached copies.
        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(storefront_row_changed, sender=Promotion, dispatch_uid=f"storefront:{name}:promotion")
            # The pricing engine's copy of the live promotions (promotions.selectors.ENGINE_PROMOTIONS).
            signal.connect(_promotions_changed, sender=Promotion, dispatch_uid=f"config:{name}:promotion")


def _promotions_changed(sender, **kwargs) -> None:
    from marketplace.config_cache import config_changed

    config_changed("promotions")
