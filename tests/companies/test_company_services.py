"""Registering a company, its review, its users, addresses and invoice titles: who may, what is refused, the events."""

import pytest

from companies import services
from companies.exceptions import AlreadyInCompany, InvalidCreditCode, NotCompanyAdmin
from companies.models import CompanyEvent, CompanyMember, CompanyRole, CompanyStatus, InvoiceTitle
from marketplace.exceptions import InvalidInput, InvalidTransition
from tests.companies.factories import CODES, admin_of, company_with_users, user_in
from tests.factories import OperatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_buyer_registers_a_company_that_waits_for_review_and_becomes_its_admin():
    user = UserFactory()
    company = services.company_register(user=user, name="甲公司", credit_code=" 9144030071526726xg ")
    assert company.status == CompanyStatus.PENDING
    assert company.credit_code == "9144030071526726XG"
    member = CompanyMember.objects.get(user=user)
    assert (member.company, member.role, member.is_admin) == (company, CompanyRole.BUYER, True)
    assert list(company.events.values_list("type", "by")) == [("registered", user.pk)]


def test_a_code_with_a_wrong_check_character_is_refused_with_its_code():
    with pytest.raises(InvalidCreditCode) as refused:
        services.company_register(user=UserFactory(), name="甲公司", credit_code="9144030071526726XH")
    assert refused.value.code == "invalid_credit_code"
    assert "credit_code" in refused.value.fields


def test_one_code_registers_one_company_and_a_user_joins_one_company():
    company = company_with_users(code=CODES[0])
    with pytest.raises(InvalidInput):
        services.company_register(user=UserFactory(), name="乙公司", credit_code=CODES[0])
    with pytest.raises(AlreadyInCompany):
        services.company_register(user=admin_of(company), name="乙公司", credit_code=CODES[1])


def test_an_operator_approves_or_rejects_with_a_reason_once():
    operator = OperatorFactory()
    first = company_with_users(code=CODES[0], approved=False)
    second = company_with_users(code=CODES[1], approved=False)
    assert services.company_approve(company=first, by=operator).status == CompanyStatus.APPROVED
    with pytest.raises(InvalidTransition):
        services.company_approve(company=first, by=operator)
    with pytest.raises(InvalidInput):
        services.company_reject(company=second, by=operator, reason=" ")
    services.company_reject(company=second, by=operator, reason="执照模糊")
    event = CompanyEvent.objects.get(company=second, type="rejected")
    assert (event.by, event.reason) == (operator, "执照模糊")


def test_only_the_admin_adds_users_and_each_user_has_one_company():
    company = company_with_users()
    other = company_with_users(code=CODES[1])
    newcomer = UserFactory(phone="13800001111")
    with pytest.raises(NotCompanyAdmin):
        services.company_member_add(
            company=company, by=user_in(company, CompanyRole.FINANCE), login=newcomer.username, role="buyer"
        )
    member = services.company_member_add(company=company, by=admin_of(company), login="13800001111", role="buyer")
    assert member.user == newcomer
    with pytest.raises(AlreadyInCompany):
        services.company_member_add(company=other, by=admin_of(other), login=newcomer.username, role="buyer")
    assert company.members.count() == 4


def test_the_admin_cannot_remove_themselves_but_removes_others_with_an_event():
    company = company_with_users()
    admin = admin_of(company)
    with pytest.raises(InvalidTransition):
        services.company_member_remove(member=admin.company_membership, by=admin)
    finance = CompanyMember.objects.get(company=company, role=CompanyRole.FINANCE)
    services.company_member_remove(member=finance, by=admin)
    assert not CompanyMember.objects.filter(pk=finance.pk).exists()
    assert CompanyEvent.objects.filter(company=company, type="member_removed", by=admin).count() == 1


def test_an_invoice_title_with_a_credit_code_as_tax_number_is_checked():
    company = company_with_users()
    admin = admin_of(company)
    with pytest.raises(InvalidCreditCode):
        services.invoice_title_create(company=company, by=admin, title="甲公司", tax_number="91350100M000100Y44")
    title = services.invoice_title_create(company=company, by=admin, title="甲公司", tax_number="91350100m000100y43")
    assert InvoiceTitle.objects.get(company=company).tax_number == "91350100M000100Y43" == title.tax_number
