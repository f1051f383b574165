"""Reads of the project package's own data: the home page's banners."""

from datetime import datetime

from django.db.models import QuerySet

from marketplace.models import Banner


def effective_banners(*, now: datetime, limit: int = 8) -> QuerySet[Banner]:
    """The banners the home page shows at `now`, in display order."""
    return Banner.objects.effective(now)[:limit]
