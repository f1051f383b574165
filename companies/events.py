"""The one module that records what happens to a company (its CompanyEvent history): a type, who, and why."""

from companies.models import Company, CompanyEvent, CompanyEventType
from members.models import User


def company_event(
    *, company: Company, type: CompanyEventType, by: User | None, reason: str = "", **data
) -> CompanyEvent:
    """The event row every change of a company, its users, addresses, invoice titles and price lists leaves."""
    return CompanyEvent.objects.create(company=company, type=CompanyEventType(type), by=by, reason=reason, data=data)
