"""What holds a locked coupon: an unpaid store order or trade of the orders center, named by its kind and number
(decision 0015). The orders center names the holder when it locks, consumes or returns coupons
(coupons.services.usage) and asks which coupons are held by what through coupons.selectors.coupon_holders; it
never reads the coupons' rows itself (import-linter keeps orders out of coupons.models)."""

from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CouponHolderKind(models.TextChoices):
    STORE_ORDER = "store_order", _("Store order")  # the coupon discounts the lines of one store order
    TRADE = "trade", pgettext_lazy("coupon holder", "Trade")  # spread over several store orders of one trade (合并支付)


class CouponHolder(NamedTuple):
    kind: CouponHolderKind
    number: str

    @classmethod
    def of(cls, *, order_no: str = "", trade_no: str = "") -> "CouponHolder":
        """The holder named by exactly one of a store order's number and a trade's."""
        if bool(order_no) == bool(trade_no):
            raise TypeError("name either a store order (order_no) or a trade (trade_no)")
        return cls(CouponHolderKind.STORE_ORDER, order_no) if order_no else cls(CouponHolderKind.TRADE, trade_no)
