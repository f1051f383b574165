"""Demo credit (manage.py seed_demo, decision 0043): the demo company's buyer bought HQ's goods on credit last month,
and last month's statement lists it, for corp_finance to read and pay at /me/company/statements/. Seeding again
changes nothing."""

from datetime import timedelta

from django.utils import timezone

from companies.credit.services import month_start, statement_issue
from companies.models import Company, CompanyMember, CreditOrder
from marketplace.models import Region
from members.models import Address
from orders.demo import goods_in_stock, place_order
from orders.payment.services import payment_start
from orders.pricing import LineRequest

DEMO_COMPANY_BUYER = "corp_buyer"


def seed(demo: dict) -> None:
    member = CompanyMember.objects.select_related("user", "company").filter(user__username=DEMO_COMPANY_BUYER).first()
    if member is None or CreditOrder.objects.filter(company=member.company).exists():
        return
    buyer, company = member.user, member.company
    if not buyer.addresses.filter(is_default=True).exists():
        Address.objects.create(
            user=buyer,
            name="云杉仓库",
            phone="13600000001",
            region=Region.objects.get(pk="310104"),
            detail="徐汇区漕溪北路 88 号 3 号库",
            is_default=True,
        )
    last_month = month_start(month_start(timezone.localdate()) - timedelta(days=1))
    when = timezone.now() - (timezone.localdate() - last_month) + timedelta(days=4)  # the 5th of last month
    sku_id = goods_in_stock(demo["stores"]["hq"])[0]
    trade = place_order(buyer, [LineRequest(sku_id, 2)], when=when)
    payment_start(trade=trade, method="on_credit", now=when)
    statement_issue(company=Company.objects.get(pk=company.pk), month=last_month)
