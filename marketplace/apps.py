from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Marketplace")

    def ready(self):
        post_migrate.connect(_reload_regions, sender=self, dispatch_uid="marketplace.reload_regions")
        _connect_catalog_to_logistics()
        _connect_stores_to_catalog()
        from marketplace import header
        from marketplace.notifications.selectors import unread_of_member
        from members.backends import read_with_member

        header.connect()  # the storefront header's part of the cached pages (decision 0036)
        read_with_member("unread_count", unread_of_member)  # the header's count, with the member's row
        from marketplace.notifications import delivery  # noqa: F401 - registers the e-mail and SMS outbox handlers


def _connect_catalog_to_logistics() -> None:
    """The catalog asks which freight templates a store's products may ship under; logistics, which stands beside
    it, knows. The project package may know both, so it plugs the answer in (catalog.freight_templates)."""
    from catalog import freight_templates
    from logistics.selectors import product_freight_templates

    freight_templates.provide(product_freight_templates)


def _connect_stores_to_catalog() -> None:
    """A store's application names its categories of business, which are the catalog's; the catalog stands above the
    stores center, so the project package plugs the catalog's answer in (stores.business_categories)."""
    from catalog.selectors import top_level_categories
    from stores import business_categories

    business_categories.provide(top_level_categories)


def _reload_regions(sender, **kwargs):
    """`flush` (run between transactional tests, or by hand) empties the reference data that a migration
    loaded; post_migrate follows every flush, so the regions come back the way permissions do."""
    from marketplace.models import Region
    from marketplace.regions import load_regions

    load_regions(Region)
