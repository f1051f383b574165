"""Auction jobs: thin and idempotent."""

from celery import shared_task

from auctions.services import auctions_close_due


@shared_task(name="auctions.tasks.close_auctions")
def close_auctions() -> int:
    """Every minute: close the auctions past their end (winner named, losers' deposits back), and forfeit the
    winners past their time to pay with no order (the next bidder offered the lot)."""
    return auctions_close_due()
