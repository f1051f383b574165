"""Demo business buyer (manage.py seed_demo, issue 16): 上海云杉贸易有限公司, approved, with three users (corp_buyer,
its admin, who orders; corp_approver; corp_finance), an address and an invoice title; HQ's wholesale terms (a
minimum of 2 and breaks at 10 and 50 units) on its three cheapest goods, a negotiated price list for the company on
the cheapest, valid for a year, and a credit limit of 50,000 on net 30 terms. Seeding again changes nothing."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from catalog.models import Sku, SpuStatus
from companies import services
from companies.models import Company, CompanyMember, CompanyRole, CompanyStatus, PriceList, WholesaleTerms
from marketplace.models import Region
from marketplace.money import quantize
from members.demo import demo_user

CREDIT_CODE = "91310115MA1K3Y8N2D"
NAME = "上海云杉贸易有限公司"
TIERS = ((10, Decimal("0.95")), (50, Decimal("0.90")))  # share of the SKU's price from each quantity on
NEGOTIATED = Decimal("0.88")
CREDIT_LIMIT = Decimal("50000.00")


def seed(demo: dict) -> None:
    buyer = demo_user("corp_buyer", phone="13600000001")
    company = Company.objects.filter(credit_code=CREDIT_CODE).first()
    if company is None:
        company = _company(demo, buyer)
    hq = demo["stores"]["hq"]
    skus = list(
        Sku.objects.filter(store=hq, is_active=True, spu__status=SpuStatus.ON_SHELF).order_by("price", "pk")[:3]
    )
    for sku in skus:
        if not WholesaleTerms.objects.filter(sku=sku).exists():
            tiers = [services.Tier(quantity, quantize(sku.price * share)) for quantity, share in TIERS]
            services.wholesale_terms_set(store=hq, sku=sku, min_quantity=2, tiers=tiers)
    if skus and not PriceList.objects.filter(company=company, store=hq).exists():
        today = timezone.localdate()
        services.price_list_create(
            store=hq,
            by=demo["operator"],
            company_id=company.pk,
            name="年度协议价",
            valid_from=today,
            valid_to=today + timedelta(days=365),
            items={skus[0].pk: quantize(skus[0].price * NEGOTIATED)},
        )
    for member in CompanyMember.objects.filter(company=company).select_related("user"):
        demo["accounts"].append((f"company {member.role}", member.user.username, "/me/company/"))


def _company(demo: dict, buyer) -> Company:
    company = services.company_register(user=buyer, name=NAME, credit_code=CREDIT_CODE)
    for username, phone, role in (
        ("corp_approver", "13600000002", CompanyRole.APPROVER),
        ("corp_finance", "13600000003", CompanyRole.FINANCE),
    ):
        demo_user(username, phone=phone)
        services.company_member_add(company=company, by=buyer, login=username, role=role)
    services.company_address_create(
        company=company,
        by=buyer,
        name="王仓管",
        phone="13600000001",
        region=Region.objects.get(code="310115"),
        detail="张江路 88 号 3 号仓库",
    )
    services.invoice_title_create(
        company=company,
        by=buyer,
        title=NAME,
        tax_number=CREDIT_CODE,
        bank="招商银行上海张江支行",
        bank_account="121900000001",
    )
    if company.status == CompanyStatus.PENDING:
        company = services.company_approve(company=company, by=demo["operator"])
    # Credit terms (赊账): corp_buyer may pay up to 50,000 on credit, due 30 days after each order.
    Company.objects.filter(pk=company.pk).update(credit_limit=CREDIT_LIMIT, credit_days=30)
    return company
