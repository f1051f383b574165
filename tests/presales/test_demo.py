from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from presales.models import Presale
from presales.selectors import taking_deposits

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_presale_taking_deposits_linked_from_the_home_page_and_seeding_twice_adds_nothing(
    django_capture_on_commit_callbacks, client
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    presale = taking_deposits(now=timezone.now()).get()
    assert presale.counted == presale.deposit * 3 and presale.store is not None

    home = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f'href="/presale/{presale.pk}/"' in home and presale.name in home
    assert presale.name in client.get(f"/presale/{presale.pk}/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    assert Presale.objects.count() == 1
