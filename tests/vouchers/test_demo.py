from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from settlement.models import LedgerEntry
from settlement.services.ledger import ledger_post
from vouchers.models import Voucher
from vouchers.values import uses_value

pytestmark = pytest.mark.django_db


def test_the_demo_sells_tea_tasting_vouchers_one_used_up_one_partly_and_seeding_twice_adds_nothing(
    django_capture_on_commit_callbacks, client
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    used_up, partly = Voucher.objects.order_by("serial")
    assert (used_up.status, used_up.uses_left) == ("used", 0)
    assert (partly.status, partly.uses_left) == ("active", 2)
    assert used_up.value + partly.value == used_up.line.payable  # 168.00 a voucher, less HQ's promotions

    ledger_post()
    credited = dict(LedgerEntry.objects.filter(kind="redeemed").values_list("store__name").annotate(gross=Sum("gross")))
    first_use = uses_value(value=partly.value, uses=3, used=0, count=1)
    assert sorted(credited.values()) == sorted([used_up.value, first_use])  # the two stores that redeemed
    client.force_login(partly.user)
    page = client.get("/me/vouchers/").content.decode()
    assert partly.code in page and used_up.code in page

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    assert Voucher.objects.count() == 2
