"""The one module that records the e-vouchers' history (typed by VoucherEventType): terms set on goods, vouchers
issued, redeemed (with the redeeming store and clerk; also on the order's timeline, the fact settlement reads),
expired and refunded."""

from catalog.models import Spu
from orders import events as order_events
from orders.models import StoreOrder
from vouchers.models import Redemption, Voucher, VoucherEvent, VoucherEventType


def terms_changed(*, spu: Spu, type: VoucherEventType, by, **data) -> VoucherEvent:
    return VoucherEvent.objects.create(spu=spu, type=type, by=by, data=data)


def issued(*, vouchers: list[Voucher]) -> None:
    VoucherEvent.objects.bulk_create(
        VoucherEvent(
            spu_id=voucher.terms.spu_id,
            voucher=voucher,
            type=VoucherEventType.ISSUED,
            data={"order": voucher.order.order_no, "value": f"{voucher.value:.2f}", "uses": voucher.uses},
        )
        for voucher in vouchers
    )


def redeemed(*, voucher: Voucher, redemption: Redemption, order: StoreOrder) -> VoucherEvent:
    """A redemption: the voucher's history names the store, the clerk and the uses; the order's timeline gets the
    `voucher_redeemed` event with the store, the uses and their value (decision 0038)."""
    data = {"uses": redemption.uses, "amount": f"{redemption.amount:.2f}", "uses_left": voucher.uses_left}
    order_events.voucher_redeemed(
        order=order,
        by=redemption.clerk,
        data={
            "store": redemption.store_id,
            "line": voucher.line_id,
            "voucher": voucher.code,
            "redemption": redemption.pk,
            **data,
        },
    )
    return VoucherEvent.objects.create(
        spu_id=voucher.terms.spu_id,
        voucher=voucher,
        store=redemption.store,
        by=redemption.clerk,
        type=VoucherEventType.REDEEMED,
        data=data,
    )


def record(*, voucher: Voucher, type: VoucherEventType, by=None, **data) -> VoucherEvent:
    return VoucherEvent.objects.create(spu_id=voucher.terms.spu_id, voucher=voucher, type=type, by=by, data=data)
