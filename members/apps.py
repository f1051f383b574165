from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        from django.db.models import F

        from members import schema  # noqa: F401  (registers the bearer scheme with drf-spectacular)
        from members.backends import read_with_member
        from members.selectors import LEVEL_PERCENT

        read_with_member(LEVEL_PERCENT, lambda: F("level__price_percent"))  # pricing's member, with the member's row

        post_migrate.connect(_sync_role_groups, dispatch_uid="members.sync_role_groups")


def _sync_role_groups(sender, **kwargs):
    """Models added by later migrations get their permissions granted to the roles that should have them."""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is not with_models[-1]:
        return  # every app's permissions exist only once the last app's post_migrate has run

    from members.roles import sync_role_groups

    sync_role_groups(Group, Permission)
