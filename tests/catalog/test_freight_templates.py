"""The catalog asks which freight templates a store's products may ship under (catalog.freight_templates) and
logistics answers, plugged in by the project package: neither imports the other, and no module reaches another
center's rows through a foreign key's model or the app registry (the back doors decision 0015 closed)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from catalog.freight_templates import FreightTemplateChoice, store_freight_templates
from logistics import services as logistics_services
from tests.catalog.test_spu_shipping import freight_template
from tests.factories import StoreFactory

ROOT = Path(__file__).resolve().parents[2]
APPS = settings.PROJECT_APPS
BACK_DOORS = re.compile(r"\.field\.related_model\b|\bapps\.get_model\(")


@pytest.mark.django_db
def test_a_store_is_offered_its_own_live_templates_oldest_first(store, owner):
    first, retired, second = (
        freight_template(store, "按件"),
        freight_template(store, "旧"),
        freight_template(store, "大件"),
    )
    freight_template(StoreFactory(), "别家")
    logistics_services.freight_template_delete(template=retired, by=owner)

    assert store_freight_templates(store_id=store.pk) == [
        FreightTemplateChoice(first.pk, "按件"),
        FreightTemplateChoice(second.pk, "大件"),
    ]


def test_no_center_reaches_another_through_a_foreign_keys_model_or_the_app_registry():
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if BACK_DOORS.search(line)
    ]

    assert found == []
