"""Demo deals (manage.py seed_demo, issue 16 item 7) of 上海云杉贸易有限公司 with HQ: a quote corp_buyer asked for
that HQ has not priced yet, and an assisted order HQ opened for corp_buyer that hq_clerk priced 10 % off (beyond the
store's 5 %), waiting for hq_manager's approval (or the operator's: the demo operator holds the platform's approval
permission). Seeding again changes nothing."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import Permission
from django.utils import timezone

from catalog.models import Sku, SpuStatus
from companies.deals import services
from companies.deals.services import LineChange, WantedLine
from companies.demo import CREDIT_CODE
from companies.models import Company, Deal
from members.models import User

OFF = Decimal("0.90")


def seed(demo: dict) -> None:
    operator = User.objects.filter(username="operator").first()
    if operator is not None:
        operator.user_permissions.add(Permission.objects.get(codename="approve_deal"))
    company = Company.objects.filter(credit_code=CREDIT_CODE).first()
    if company is None or Deal.objects.filter(company=company).exists():
        return
    hq = demo["stores"]["hq"]
    skus = list(
        Sku.objects.filter(store=hq, is_active=True, spu__status=SpuStatus.ON_SHELF).order_by("-price", "pk")[:2]
    )
    if len(skus) < 2:
        return
    buyer = User.objects.get(username="corp_buyer")
    clerk = User.objects.get(username="hq_clerk")
    services.deal_request(
        user=buyer, lines=[WantedLine(skus[0].pk, 20), WantedLine(skus[1].pk, 10)], note="年度办公采购询价"
    )
    opened = services.deal_open(
        store=hq, by=clerk, company_id=company.pk, buyer_login=buyer.username, lines=[WantedLine(skus[1].pk, 30)]
    )
    line = opened.lines.get()
    services.deal_propose(
        deal=opened,
        by=clerk,
        changes=[LineChange(line.pk, unit_price=(line.list_price * OFF).quantize(Decimal("0.01")))],
        valid_until=timezone.localdate() + timedelta(days=14),
        reason="老客户批量采购",
    )
