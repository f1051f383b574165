from decimal import Decimal

import pytest

from members import services
from members.models import MemberLevel
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_growth_moves_a_member_up_to_the_highest_level_reached_and_never_down():
    silver = MemberLevel.objects.create(name="银卡", growth_threshold=1000, price_percent=Decimal("98"))
    gold = MemberLevel.objects.create(name="金卡", growth_threshold=5000, price_percent=Decimal("95"))
    member = UserFactory()

    assert services.growth_add(user=member, growth=999).level is None
    assert services.growth_add(user=member, growth=1).level == silver
    assert services.growth_add(user=member, growth=6000).level == gold
    gold.growth_threshold = 100_000
    gold.save()
    member = services.growth_add(user=member, growth=1)

    assert (member.growth, member.level) == (7001, gold)
