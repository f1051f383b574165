from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from flashsales.models import FlashSession, SessionStatus

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_live_flash_session_linked_from_the_home_page_and_seeding_twice_adds_nothing(
    django_capture_on_commit_callbacks, client
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    now = timezone.now()
    live = FlashSession.objects.get(status=SessionStatus.PUBLISHED, starts_at__lte=now, ends_at__gt=now)
    assert live.store is None and live.items.count() == 2
    assert FlashSession.objects.filter(status=SessionStatus.PUBLISHED, starts_at__gt=now).count() == 1

    home = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'href="/flash/"' in home and live.name in home
    page = client.get("/flash/").content.decode()
    assert live.name in page and "数码明日秒杀" in page

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    assert FlashSession.objects.count() == 2
