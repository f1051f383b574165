from io import StringIO

import pytest
from django.core.management import call_command

from groupbuys.models import Campaign, Group, GroupStatus, MemberStatus

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_open_group_with_one_place_left_linked_from_the_home_page_and_seeding_twice_adds_nothing(
    django_capture_on_commit_callbacks, client
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    campaign = Campaign.objects.get()
    group = Group.objects.get()
    assert (campaign.store, campaign.group_size, group.status) == (None, 2, GroupStatus.OPEN)
    assert [(m.user.username, m.status) for m in group.members.all()] == [("bob", MemberStatus.PAID)]

    home = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f'href="/group-buys/{campaign.pk}/"' in home
    page = client.get(f"/group-buys/{campaign.pk}/").content.decode()
    assert f'href="/groups/{group.pk}/"' in page

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    assert (Campaign.objects.count(), Group.objects.count()) == (1, 1)
