"""What e-voucher tests share: a tea tasting (品茶体验, 100.00 a ticket, or `price`) sold as e-vouchers by a store,
bought and paid through the checkout API, and clerks of the stores where it is valid."""

from decimal import Decimal

from orders.models import StoreOrder
from stores.models import StaffRole
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.factories import MembershipFactory, OperatorFactory
from tests.orders.helpers import address_of, pay, sku_of, submit
from vouchers.models import Voucher
from vouchers.services import TermsInput, terms_set


def tea_tasting(
    store, *, price="100.00", uses=1, stores=(), valid_days=30, refund=True, stock=10, catalog=None, **validity
):
    """The SKU of a service product of `store` sold as e-vouchers (`uses` each, valid in `stores`)."""
    spu = (catalog or PhoneCatalog()).phone(store, title="品茶 体验课", prices=(price, "300.00"), stock=stock)
    terms = TermsInput(
        store_ids=[each.pk for each in stores],
        uses=uses,
        valid_days=None if validity else valid_days,
        refund_on_expiry=refund,
        **validity,
    )
    terms_set(spu=spu, by=OperatorFactory(), data=terms)
    return sku_of(spu)


def buy(member, sku, *, quantity: int = 1, expected: str | None = None) -> StoreOrder:
    """The member buys and pays `quantity` vouchers; their paid order."""
    api = client_for(member)
    expected = expected or str(Decimal(sku.price) * quantity)
    response = submit(api, [(sku, quantity)], address=address_of(member).pk, expected=expected)
    assert response.status_code == 201, response.json()
    pay(api, response.json()["trade_no"])
    return StoreOrder.objects.get(trade__trade_no=response.json()["trade_no"])


def vouchers_of(order: StoreOrder) -> list[Voucher]:
    return list(Voucher.objects.filter(order=order).order_by("serial"))


def clerk_of(store):
    return MembershipFactory(store=store, role=StaffRole.CLERK).user
