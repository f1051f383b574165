"""Settlement counts in Beijing days (TIME_ZONE): a bill's date, a statement's day. Where a day starts, as a moment."""

from datetime import date, datetime, time

from django.utils import timezone


def day_start(day: date) -> datetime:
    """Midnight at the start of `day`, in the marketplace's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())
