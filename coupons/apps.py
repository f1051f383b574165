from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouponsConfig(AppConfig):
    name = "coupons"
    verbose_name = _("Coupons")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from catalog import storefront_extras
        from catalog.receivers import storefront_row_changed
        from coupons import receivers, storefront
        from coupons.models import CouponTemplate
        from members.signals import user_registered

        user_registered.connect(receivers.give_new_member_coupons, dispatch_uid="coupons.new_member_coupons")
        storefront_extras.register(field="coupons", provider=storefront.product_coupons)
        storefront_extras.register_store(field="coupons", provider=storefront.store_coupons)
        # Product pages show claimable templates: a created, changed or stopped one refreshes their cached copies.
        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(storefront_row_changed, sender=CouponTemplate, dispatch_uid=f"storefront:{name}:coupon")
