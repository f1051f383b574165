from celery import shared_task

from coupons import services


@shared_task
def expire_coupons() -> int:
    """Hourly: unused coupons past their validity become expired (one statement; idempotent)."""
    return services.coupons_expire_due()
