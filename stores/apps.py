from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoresConfig(AppConfig):
    name = "stores"
    verbose_name = _("Stores")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from members.signals import user_registered
        from stores.choice import chosen_store_on_login
        from stores.invitations import member_source_on_registration

        # A member who registered through a store's QR code is that store's (and that clerk's) member.
        user_registered.connect(member_source_on_registration, dispatch_uid="stores.member_source")
        # The member's remembered store is the session's from login on (the cached product page reads it there).
        user_logged_in.connect(chosen_store_on_login, dispatch_uid="stores.chosen_store_on_login")
