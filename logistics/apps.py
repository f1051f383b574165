from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogisticsConfig(AppConfig):
    name = "logistics"
    verbose_name = _("Logistics")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from logistics.models import FreeShippingRule, FreightRateRule, FreightTemplate

        # The pricing engine's copy of the freight templates (logistics.selectors.ENGINE_TEMPLATES): any saved
        # or deleted template, rule or region of one moves its version when the transaction commits.
        for model in (FreightTemplate, FreightRateRule, FreeShippingRule):
            for name, signal in (("saved", post_save), ("deleted", post_delete)):
                signal.connect(_freight_changed, sender=model, dispatch_uid=f"config:{name}:{model._meta.label}")
        for through in (
            FreightTemplate.undeliverable_regions.through,
            FreightRateRule.regions.through,
            FreeShippingRule.regions.through,
        ):
            m2m_changed.connect(_freight_changed, sender=through, dispatch_uid=f"config:m2m:{through._meta.label}")


def _freight_changed(sender, **kwargs) -> None:
    from marketplace.config_cache import config_changed

    config_changed("freight")
