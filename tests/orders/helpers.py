"""What order tests share: a shopper with an address, phones in stock, submitting through the API."""

import json
import secrets
from decimal import Decimal

from catalog.models import Spu, Stock
from members.models import Address
from orders.payment.gateways import SimulatedGateway
from tests.catalog.factories import PhoneCatalog


def sku_of(spu: Spu, memory: str = "128G"):
    return next(sku for sku in spu.skus.all() if sku.specs["内存"] == memory)


def address_of(user, region: str = "310104") -> Address:
    return Address.objects.create(user=user, name="张三", phone="13912345678", region_id=region, detail="1 号")


def available(sku) -> int:
    return sum(stock.on_hand - stock.reserved for stock in Stock.objects.filter(sku=sku))


def reserved(sku) -> int:
    return sum(stock.reserved for stock in Stock.objects.filter(sku=sku))


def submit(api, lines, *, address: int, expected: str, key: str | None = None, **extra):
    """POST /checkout/submit/ with `lines` [(sku, quantity)]; coupons "auto" unless given."""
    body = {
        "lines": [{"sku": sku.pk, "quantity": quantity} for sku, quantity in lines],
        "address": address,
        "coupons": "auto",
        "expected_payable": expected,
        **extra,
    }
    headers = {"HTTP_IDEMPOTENCY_KEY": key or secrets.token_hex(8)}
    return api.post("/api/v1/checkout/submit/", body, format="json", **headers)


def callback(client, payment_no: str, amount: str, *, event_id: str | None = None, signature: str | None = None):
    """The simulated gateway's signed notification, as it posts it."""
    body = json.dumps(
        {
            "payment_no": payment_no,
            "amount": amount,
            "status": "succeeded",
            "event_id": event_id or secrets.token_hex(8),
        }
    ).encode()
    return client.post(
        "/api/v1/payments/callback/simulated/",
        body,
        content_type="application/json",
        HTTP_X_SIGNATURE=signature if signature is not None else SimulatedGateway().sign(body),
    )


def pay(api, trade_no: str):
    """Start the payment and have the gateway confirm it; returns the payment's JSON."""
    payment = api.post(f"/api/v1/payments/{trade_no}/", {"method": "simulated"}, format="json").json()
    response = callback(api, payment["payment_no"], payment["amount"])
    assert response.status_code == 200, response.json()
    return payment


def phones(store, **kwargs):
    return PhoneCatalog().phone(store, **kwargs)


def money(value: str) -> Decimal:
    return Decimal(value)
