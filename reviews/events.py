"""The one module that records what happens to a review (its ReviewEvent history), and tells the storefront's
cache that the product page changed when what it shows did."""

from catalog.storefront_cache import storefront_changed
from members.models import User
from reviews.models import ReviewEvent, ReviewEventType

# What the product page shows changes with these (a held review or follow-up shows nowhere public yet).
SHOWN = {
    ReviewEventType.APPROVED,
    ReviewEventType.HIDDEN,
    ReviewEventType.FOLLOW_UP_APPROVED,
    ReviewEventType.FOLLOW_UP_HIDDEN,
    ReviewEventType.REPLIED,
}


def review_event(
    *, review, type: ReviewEventType, by: User | None, reason: str = "", shown: bool = False
) -> ReviewEvent:
    """Record `type` on the review; when the storefront shows the change (`shown`, or a type that always shows),
    move the product pages' cached copies on once the transaction commits."""
    event = ReviewEvent.objects.create(review=review, type=ReviewEventType(type), by=by, reason=reason)
    if shown or type in SHOWN:
        storefront_changed()
    return event
