"""Deal jobs: thin and idempotent. They import their services when they run."""

from celery import shared_task


@shared_task(name="companies.deals.tasks.expire_deals")
def expire_deals() -> int:
    """Every hour: deals not ordered by their validity date expire (an offer can no longer be accepted)."""
    from companies.deals.services import deals_expire

    return deals_expire()
