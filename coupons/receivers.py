"""Listeners to the signals of the centers below, which do not know the coupons center."""

from coupons import services


def give_new_member_coupons(sender, *, user, **kwargs) -> None:
    services.coupon_issue_on_registration(user=user)
