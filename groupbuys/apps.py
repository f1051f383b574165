from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupbuysConfig(AppConfig):
    name = "groupbuys"
    verbose_name = _("Group buys")

    def ready(self) -> None:
        from catalog import storefront_extras
        from groupbuys import plays, storefront
        from orders.lifecycle import page_extras
        from orders.plays import register_play

        storefront_extras.register_rows(
            field="group_buy", query=storefront.group_buy_rows, shape=storefront.group_buy_shape
        )
        page_extras.register_line_links(name="group_buy", provider=storefront.order_line_links)
        register_play(plays.GROUP_OPEN)  # the same objects however often ready() runs
        register_play(plays.GROUP_JOIN)
