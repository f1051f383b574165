"""E-voucher goods as the orders center sees them (orders/service_goods.py): the SPUs with terms ship nothing, and
their paid lines become vouchers in the payment's transaction."""

from datetime import datetime

from django.db.models import QuerySet

from catalog.models import Spu
from orders.models import OrderLine, StoreOrder
from orders.service_goods import ServiceGoods


class VoucherGoods(ServiceGoods):
    def spu_ids(self) -> QuerySet:
        return Spu.objects.filter(voucher_terms__isnull=False).values_list("pk", flat=True)

    def paid(self, *, order: StoreOrder, lines: list[OrderLine], now: datetime) -> None:
        from vouchers.services import vouchers_issue

        vouchers_issue(order=order, lines=lines, now=now)


VOUCHER_GOODS = VoucherGoods()
