"""E-voucher jobs: thin and idempotent. They import their services when they run."""

from celery import shared_task


@shared_task(name="vouchers.tasks.expire_vouchers")
def expire_vouchers() -> int:
    """Every ten minutes: vouchers past their validity expire, their unused uses refunded where the goods say so."""
    from vouchers.services import vouchers_expire_due

    return vouchers_expire_due()
