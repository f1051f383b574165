"""The seam through which service goods (e-vouchers, issue 15) take part in orders: goods that ship nothing.

Orders never imports the center that sells them (vouchers, above orders). That center registers one `ServiceGoods`
from its AppConfig.ready(); orders asks it which SPUs are services, so that the shipping split leaves their lines
out of parcels and the sweep for lost splits does not wait for parcels that never come, and tells it when an order
is paid, in the payment's transaction, so that it can deliver the service (issue the vouchers). Decision 0038."""

from datetime import datetime

from django.db.models import QuerySet

from orders.models import OrderLine, StoreOrder


class ServiceGoods:
    """Subclass and override; register from the app's ready()."""

    def spu_ids(self) -> QuerySet:
        """The SPUs that are services: a `catalog.Spu` query of `values_list("pk", flat=True)` (a subquery)."""
        raise NotImplementedError

    def paid(self, *, order: StoreOrder, lines: list[OrderLine], now: datetime) -> None:
        """In the payment's transaction, the order's row locked: `lines` are the order's service lines."""


_REGISTERED: list[ServiceGoods] = []


def register_service_goods(goods: ServiceGoods) -> None:
    if goods not in _REGISTERED:
        _REGISTERED.append(goods)


def service_spu_queries() -> list[QuerySet]:
    """One subquery of service SPU ids per registered center (none: nothing is a service)."""
    return [goods.spu_ids() for goods in _REGISTERED]


def service_line_ids(lines: list[OrderLine]) -> set[int]:
    """The ids of those of `lines` that are service goods (a query per registered center)."""
    wanted = {line.spu_id for line in lines}
    services: set[int] = set()
    for query in service_spu_queries() if wanted else []:
        services.update(query.filter(pk__in=wanted))
    return {line.pk for line in lines if line.spu_id in services}


def service_goods_paid(*, order: StoreOrder, now: datetime) -> None:
    """Tell each registered center of the order's service lines, if it has any."""
    if not _REGISTERED:
        return
    lines = list(order.lines.all())
    services = service_line_ids(lines)
    if services:
        for goods in _REGISTERED:
            goods.paid(order=order, lines=[line for line in lines if line.pk in services], now=now)
