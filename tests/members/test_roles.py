"""The platform roles' groups hold the permissions members/roles.py lists, after every migrate."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db.models.signals import post_migrate

from members.models import Role

pytestmark = pytest.mark.django_db

ALL_ON_BANNERS = {"add_banner", "change_banner", "delete_banner", "view_banner"}


def codenames(role: Role, app_label: str) -> set[str]:
    group = Group.objects.get(name=role)
    return set(group.permissions.filter(content_type__app_label=app_label).values_list("codename", flat=True))


def test_operators_run_the_home_page_banners():
    assert codenames(Role.OPERATOR, "marketplace") >= ALL_ON_BANNERS
    assert codenames(Role.FINANCE, "marketplace") == set()


def test_the_post_migrate_sync_grants_them_again():
    Group.objects.get(name=Role.OPERATOR).permissions.clear()
    last_app = [config for config in apps.get_app_configs() if config.models_module is not None][-1]

    post_migrate.send(
        sender=last_app, app_config=last_app, verbosity=0, interactive=False, using="default", apps=apps, plan=[]
    )

    assert codenames(Role.OPERATOR, "marketplace") >= ALL_ON_BANNERS
    orders = codenames(Role.OPERATOR, "orders")
    # Orders are read, never edited by hand; the one decision operators take on them is arbitrating a refund.
    assert "view_storeorder" in orders and all(
        codename.startswith("view_") for codename in orders - {"arbitrate_refund"}
    )
    assert "arbitrate_refund" in orders and "arbitrate_refund" not in codenames(Role.FINANCE, "orders")
