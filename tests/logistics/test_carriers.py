"""Carriers (快递公司): their per-parcel limits, the demo ones, and their admin."""

import pytest
from django.db import IntegrityError
from django.test import Client

from logistics import demo
from logistics.models import Carrier
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_carriers_are_seeded_once_with_their_limits():
    for _ in range(2):
        demo.seed({"stores": {}})

    assert sorted(Carrier.objects.values_list("code", "name", "max_weight_g", "max_volume_mm3")) == [
        ("JD", "京东物流", 60_000, 1_000_000_000),
        ("SF", "顺丰速运", 50_000, 300_000_000),
        ("ZTO", "中通快递", 40_000, 200_000_000),
    ]


def test_a_carrier_without_a_limit_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        Carrier.objects.create(name="无限", code="NOLIMIT", max_weight_g=0, max_volume_mm3=1)


def test_operators_list_and_edit_carriers_in_the_admin():
    carrier = Carrier.objects.create(name="顺丰速运", code="SF", max_weight_g=50_000, max_volume_mm3=300_000_000)
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    listing = client.get("/admin/logistics/carrier/")
    change = client.get(f"/admin/logistics/carrier/{carrier.pk}/change/")

    assert listing.status_code == 200 and "顺丰速运" in listing.text
    assert change.status_code == 200
