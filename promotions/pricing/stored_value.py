"""Step 5, beside points: stored value (储值, gift-card balance). It is money the member paid before, so it pays
for goods like cash: not a discount, funded by no one, and a line's `payable` stays what API.md says it is (its
amount less its discounts). What it pays is capped at the amount asked, the member's balance and the goods still
payable after coupons and points; freight (step 6) is paid in cash.

The amount used is spread over the valid lines by what each still owes, by the largest-remainder method, so the
lines' parts sum exactly to the stores' and the stores' to the cart's, and a refund of any line knows how much of
it goes back to the balance."""

from marketplace.amounts import ZERO, apportion, quantize
from promotions.pricing.breakdown import StoredValueUse
from promotions.pricing.ledger import LineState
from promotions.pricing.types import CartInput


def pay_with_stored_value(cart: CartInput, lines: list[LineState]) -> StoredValueUse:
    balance = cart.member.stored_value_balance
    owed = [line.payable for line in lines]
    used = min(quantize(cart.stored_value), balance, sum(owed, ZERO))
    if used <= 0:
        return StoredValueUse(balance=balance)
    # A share in proportion to what a line owes never exceeds it, even with the leftover cent: no line's cash
    # part goes below zero.
    for line, part in zip(lines, apportion(used, owed), strict=True):
        line.stored_value = part
    return StoredValueUse(balance=balance, used=used)
