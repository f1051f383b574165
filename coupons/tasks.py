from celery import shared_task

from coupons import services


@shared_task
def expire_coupons() -> int:
    """Hourly: unused coupons past their validity become expired (one statement; idempotent)."""
    return services.coupons_expire_due()


@shared_task
def remind_expiring_coupons() -> int:
    """Daily: tell members of their unused coupons that expire soon, once per coupon."""
    return services.coupons_expiring_remind()
