"""Every action of the operators' console, by role: which role may run it is a decision, written down here; a new
action fails this test until someone decides who runs it. An action a role may not run is not offered to it, and
posting it anyway changes nothing. Refund arbitration is no bulk action: each escalated request is ruled on in its own
page with a written ruling (tests/orders/test_admin.py opens and posts it as finance)."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib import admin
from django.test import RequestFactory

from companies.credit import services as credit
from companies.models import Company, CreditOrder, Repayment
from tests.companies.factories import company_with_users
from tests.factories import FinanceFactory, OperatorFactory, StoreFactory

pytestmark = pytest.mark.django_db

OPERATORS = {
    "catalog.spu": {"approve", "reject", "take_off_shelf"},  # product review (审核) and taking goods down
    "catalog.spureview": {"approve", "reject", "take_off_shelf"},  # the same, on the review queue's list
    "stores.store": {"approve", "freeze", "reopen"},  # store applications and freezing
    # business buyers' companies (rejecting takes a reason: the platform API); last month's credit statement by hand
    "companies.company": {"approve", "issue_last_statement"},
    "companies.creditstatement": {"record_transfer"},  # a bank transfer paying a credit statement (decision 0043)
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
# Offered only to an operator holding the permission named (not the operator group's): a superuser holds every one.
BY_PERMISSION = {
    # an offer beyond a store's threshold approved by the platform (decision 0042): companies.approve_deal
    "companies.deal": {"approve"},
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
    assert actions_of(OperatorFactory(is_superuser=True)) == OPERATORS | BY_PERMISSION


def test_an_operator_records_a_bank_transfer_against_a_statement_from_the_action_bar(client):
    company = company_with_users()
    Company.objects.filter(pk=company.pk).update(credit_limit=Decimal("1000.00"))
    store = StoreFactory()
    for number, amount in ((1, "300.00"), (2, "200.50")):
        credit.credit_hold(
            company_id=company.pk,
            amount=Decimal(amount),
            reference=f"P{number}",
            by=None,
            orders=[credit.OrderOnCredit(number, f"O{number}", store.pk, Decimal(amount))],
        )
    statement = credit.statement_issue(company=company, month=date.today())
    client.force_login(OperatorFactory())
    url = "/admin/companies/creditstatement/"
    action = {"action": "record_transfer", "_selected_action": [statement.pk], "index": 0}

    client.post(url, {**action, "amount": "500.51", "reference": "BANK-9"})  # a cent more than is owed
    assert not Repayment.objects.exists()
    client.post(url, {**action, "amount": "350.25", "reference": "BANK-1"})

    company.refresh_from_db()
    assert company.credit_used == Decimal("150.25")
    owed = dict(CreditOrder.objects.values_list("order_no", "repaid"))
    assert owed == {"O1": Decimal("300.00"), "O2": Decimal("50.25")}
