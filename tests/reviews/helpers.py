"""What review tests share: a shopper's received order (bought and paid through the API), pictures to upload."""

from datetime import timedelta
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from orders.models import OrderStatus, StoreOrder
from tests.conftest import client_for
from tests.orders.helpers import address_of, pay, sku_of, submit


def png(name: str = "photo.png", colour: str = "navy") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def bought(spu, user, *, status: str = OrderStatus.DELIVERED, received_days_ago: float = 1) -> StoreOrder:
    """`user` buys the 128G SKU of `spu` and pays; the order then stands `status` (received `received_days_ago` when
    delivered or completed). The parcels' journey is tested with shipments; here it is stood in for."""
    api = client_for(user)
    address = user.addresses.first() or address_of(user)
    sku = sku_of(spu)
    trade = submit(api, [(sku, 1)], address=address.pk, expected=f"{sku.price:.2f}", coupons=[])
    assert trade.status_code == 201, trade.json()
    pay(api, trade.json()["trade_no"])
    order = StoreOrder.objects.get(trade__trade_no=trade.json()["trade_no"])
    received = timezone.now() - timedelta(days=received_days_ago)
    fields = {"status": status}
    if status in (OrderStatus.DELIVERED, OrderStatus.COMPLETED):
        fields |= {"shipped_at": received - timedelta(days=1), "delivered_at": received}
    StoreOrder.objects.filter(pk=order.pk).update(**fields)
    return StoreOrder.objects.get(pk=order.pk)
