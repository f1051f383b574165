"""Reads of a company's credit, scoped: its finance users and admins read its statements (anyone else in the
company is refused, anyone outside it finds nothing); operators read every company's in the admin."""

from django.db.models import Prefetch, QuerySet

from companies.exceptions import NotCompanyFinance
from companies.models import (
    CompanyMember,
    CompanyRole,
    CreditAllocation,
    CreditOrder,
    CreditStatement,
    CreditStatementLine,
    Repayment,
)
from marketplace.exceptions import NotFound
from members.models import User


def finance_membership(user: User) -> CompanyMember:
    """The user's place in a company as one who reads and pays its credit: not_found without a company,
    not_company_finance for a buyer or approver who is not its admin."""
    membership = CompanyMember.objects.select_related("company").filter(user_id=user.pk).first()
    if membership is None:
        raise NotFound()
    if membership.role != CompanyRole.FINANCE and not membership.is_admin:
        raise NotCompanyFinance()
    return membership


def company_statements(*, user: User) -> QuerySet[CreditStatement]:
    """The statements of the user's company, the latest month first."""
    return CreditStatement.objects.filter(company=finance_membership(user).company)


def company_statement(*, user: User, statement_id: int) -> CreditStatement:
    """One statement of the user's company with its lines (each order with its repayments and refunds) and the
    payments made against it; another company's is not found."""
    statement = (
        company_statements(user=user)
        .filter(pk=statement_id)
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=CreditStatementLine.objects.select_related("credit_order__store").prefetch_related(
                    Prefetch("credit_order__allocations", queryset=CreditAllocation.objects.order_by("at", "pk"))
                ),
            ),
            Prefetch("payments", queryset=Repayment.objects.select_related("by")),
        )
        .first()
    )
    if statement is None:
        raise NotFound()
    return statement


def owed_orders(*, company_id: int) -> QuerySet[CreditOrder]:
    """What the company still owes, oldest due first."""
    return CreditOrder.objects.filter(company_id=company_id, settled_at__isnull=True).select_related("store")
