from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Marketplace")

    def ready(self):
        post_migrate.connect(_reload_regions, sender=self, dispatch_uid="marketplace.reload_regions")


def _reload_regions(sender, **kwargs):
    """`flush` (run between transactional tests, or by hand) empties the reference data that a migration
    loaded; post_migrate follows every flush, so the regions come back the way permissions do."""
    from marketplace.models import Region
    from marketplace.regions import load_regions

    load_regions(Region)
