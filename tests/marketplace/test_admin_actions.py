"""Every action of the operators' console, by role: which role may run it is a decision, written down here; a new
action fails this test until someone decides who runs it. An action a role may not run is not offered to it, and
posting it anyway changes nothing. Refund arbitration is no bulk action: each escalated request is ruled on in its own
page with a written ruling (tests/orders/test_admin.py opens and posts it as finance)."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from tests.factories import FinanceFactory, OperatorFactory

pytestmark = pytest.mark.django_db

OPERATORS = {
    "catalog.spu": {"approve", "reject", "take_off_shelf"},  # product review (审核) and taking goods down
    "catalog.spureview": {"approve", "reject", "take_off_shelf"},  # the same, on the review queue's list
    "stores.store": {"approve", "freeze", "reopen"},  # store applications and freezing
    "companies.company": {"approve"},  # business buyers' companies (rejecting takes a reason: the platform API)
    "promotions.promotion": {"stop"},
    "coupons.coupontemplate": {"stop"},
    # a platform flash sale goes live (its stock taken, its gate loaded), or is cancelled (decision 0029)
    "flashsales.flashsession": {"publish", "cancel"},
    "groupbuys.campaign": {"stop"},  # a group buy opens no more groups; open ones run to their deadline
    "auctions.auction": {"publish"},  # a platform auction opens: its lot taken from stock
    "presales.presale": {"publish", "cancel"},  # a platform presale shown; cancelled with every deposit refunded
    "reviews.review": {"approve", "hide", "hide_follow_up"},  # moderation of what the word filter held, and hiding
    "marketplace.outboxmessage": {"retry_now"},  # stuck gateway refunds, e-mail and SMS
    "axes.accessattempt": {"cleanup_expired_attempts"},  # failed logins (django-axes)
}
EXPECTED = {
    "operator": OPERATORS,
    "finance": {},  # finance reads orders, refunds and stores; it decides none of them
}


def actions_of(user) -> dict[str, set[str]]:
    """The actions the console offers `user` on each list they may open (Django's bulk delete left out: every
    model of ours refuses deleting in the admin or reserves it to superusers)."""
    request = RequestFactory().get("/admin/")
    request.user = user
    offered = {}
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_or_change_permission(request):
            continue
        names = set(model_admin.get_actions(request)) - {"delete_selected"}
        if names:
            offered[model._meta.label_lower] = names
    return offered


@pytest.mark.parametrize("role", EXPECTED)
def test_each_role_is_offered_exactly_the_actions_decided_for_it(role):
    user = {"operator": OperatorFactory, "finance": FinanceFactory}[role]()

    assert actions_of(user) == EXPECTED[role]


def test_a_superuser_is_offered_every_action():
    assert actions_of(OperatorFactory(is_superuser=True)) == OPERATORS
