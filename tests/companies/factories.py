"""Companies as the tests need them: an approved one with its users in their roles, its prices."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from companies import services
from companies.models import Company, CompanyMember, CompanyRole, CompanyStatus, PriceList
from tests.factories import UserFactory

# Real codes' shape: 17 characters and their check character (companies.credit_code).
CODES = ("91350100M000100Y43", "9144030071526726XG", "91110000802100433B")


def company_with_users(*, code: str = CODES[0], name: str = "上海甲贸易有限公司", approved: bool = True) -> Company:
    """A company registered by its admin (a buyer), with an approver and a finance user; approved unless told."""
    admin = UserFactory()
    company = services.company_register(user=admin, name=name, credit_code=code)
    for role in (CompanyRole.APPROVER, CompanyRole.FINANCE):
        services.company_member_add(company=company, by=admin, login=UserFactory().username, role=role)
    if approved:
        Company.objects.filter(pk=company.pk).update(status=CompanyStatus.APPROVED)
        company.refresh_from_db()
    return company


def admin_of(company: Company):
    return CompanyMember.objects.get(company=company, is_admin=True).user


def user_in(company: Company, role: str):
    return CompanyMember.objects.filter(company=company, role=role).order_by("pk").first().user


def price_list(company, store, prices: dict, *, days=(0, 30), by=None) -> PriceList:
    """A list valid from today + days[0] to today + days[1] (days may be negative: an expired list)."""
    today = timezone.localdate()
    return services.price_list_create(
        store=store,
        by=by or UserFactory(),
        company_id=company.pk,
        name="年度协议",
        valid_from=today + timedelta(days=days[0]),
        valid_to=today + timedelta(days=days[1]),
        items={sku.pk: Decimal(price) for sku, price in prices.items()},
    )


def tiers(store, sku, min_quantity: int, *pairs: tuple[int, str]):
    return services.wholesale_terms_set(
        store=store,
        sku=sku,
        min_quantity=min_quantity,
        tiers=[services.Tier(quantity, Decimal(price)) for quantity, price in pairs],
    )
