from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "companies"
    verbose_name = _("Companies")

    def ready(self) -> None:
        from catalog import storefront_extras
        from companies import storefront

        # The credit and deals jobs register with Celery (its autodiscovery finds only companies.tasks).
        from companies.credit import tasks as credit_tasks  # noqa: F401
        from companies.deals import tasks as deal_tasks  # noqa: F401
        from companies.selectors import BUYING_COMPANY, buying_company_of_member
        from members.backends import read_with_member

        # The product page's wholesale terms for a business buyer: the catalog may not import this center.
        storefront_extras.register_section(name="wholesale", provider=storefront.wholesale_section)
        storefront.register()
        # Whether a member buys for a company, asked by every logged-in product page and add to cart: read with the
        # member's row (members.backends), kept where buying_company_id looks first.
        read_with_member(BUYING_COMPANY, buying_company_of_member)
