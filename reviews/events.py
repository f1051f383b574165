"""The one module that records what happens to a review (its ReviewEvent history), tells the storefront's cache
that the product page changed when what it shows did, and tells people: the store's staff of a review once the
public can read it (at once, or when an operator approves a held one), the reviewer of the store's reply."""

from catalog.storefront_cache import storefront_changed
from marketplace.notifications.models import MessageKind
from marketplace.notifications.services import Notice, notify
from members.models import User
from reviews.models import ReviewEvent, ReviewEventType
from stores.selectors import store_staff

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
    if (type == ReviewEventType.CREATED and shown) or type == ReviewEventType.APPROVED:
        notify(_to_staff(event))
    elif type == ReviewEventType.REPLIED:
        params = {"title": review.title, "review_id": review.pk}
        notify([Notice(kind=MessageKind.REVIEW_REPLIED, recipient_id=review.user_id, key=_key(event), params=params)])
    return event


def _key(event: ReviewEvent) -> str:
    return f"review_event:{event.pk}"


def _to_staff(event: ReviewEvent) -> list[Notice]:
    """Every staff member of the reviewed store, once for the review (a held review approved later: then)."""
    review = event.review
    params = {"title": review.title, "stars": review.stars, "order_no": review.order.order_no}
    return [
        Notice(
            kind=MessageKind.STORE_REVIEW_RECEIVED,
            recipient_id=membership.user_id,
            key=f"{_key(event)}:store",
            params=params,
            store_id=review.store_id,
        )
        for membership in store_staff(store=review.store)
    ]
