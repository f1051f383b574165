"""Growth value (成长值) and the member level it earns."""

from django.db import transaction
from django.db.models import F

from members.models import MemberLevel, User
from members.selectors import LEVEL_PERCENT


@transaction.atomic
def growth_add(*, user: User, growth: int) -> User:
    """Add growth (the orders center adds the yuan paid) and move the member to the highest level reached.
    Levels only go up here; an operator lowers one by hand."""
    User.objects.filter(pk=user.pk).update(growth=F("growth") + growth)
    user.refresh_from_db(fields=["growth", "level"])
    user.__dict__.pop(LEVEL_PERCENT, None)  # read with the member before the level could move (members.selectors)
    reached = MemberLevel.objects.filter(growth_threshold__lte=user.growth).order_by("-growth_threshold").first()
    current = user.level.growth_threshold if user.level else -1
    if reached and reached.growth_threshold > current:
        user.level = reached
        user.save(update_fields=["level"])
    return user
