"""Writes of the reviews center: a shopper reviews a received line and may follow it up once, the store replies
once, operators approve what the word filter held and hide what breaks the rules. Each is one transaction with its
event (reviews/events.py); what the product page shows moves its cached copies on at commit."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.images import make_thumbnails
from marketplace.images import validate_image
from marketplace.tasks import enqueue
from members.models import User
from orders.models import OrderLine, OrderStatus
from reviews import tasks, wordfilter
from reviews.events import review_event
from reviews.exceptions import AlreadyReviewed, InvalidInput, NotFound, ReviewNotAllowed
from reviews.models import FollowUp, Review, ReviewEventType, ReviewPhoto, ReviewStatus
from stores.models import Store

RECEIVED = (OrderStatus.DELIVERED, OrderStatus.COMPLETED)  # 已签收, 已完成: the goods are in the shopper's hands
MAX_TEXT = 500  # characters of a review, a follow-up or a reply
MAX_PHOTOS = 5
MAX_REASON = 200


def window_days() -> int:
    """Days after receipt a line may be reviewed (settings.REVIEW_WINDOW_DAYS)."""
    return settings.REVIEW_WINDOW_DAYS


def review_deadline(line: OrderLine) -> datetime | None:
    """When reviewing `line` closes, or None if its order is not received yet."""
    order = line.order
    if order.status not in RECEIVED or order.delivered_at is None:
        return None
    return order.delivered_at + timedelta(days=window_days())


def can_review(line: OrderLine, *, now: datetime | None = None) -> bool:
    deadline = review_deadline(line)
    return deadline is not None and (now or timezone.now()) <= deadline


def _check_text(text: str, field: str = "text") -> str:
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        message = _("Write at most %(n)d characters.") % {"n": MAX_TEXT}
        raise InvalidInput(message, fields={field: [message]})
    return text


def _check_photos(photos: Sequence[File]) -> None:
    if len(photos) > MAX_PHOTOS:
        message = _("Add at most %(n)d photos.") % {"n": MAX_PHOTOS}
        raise InvalidInput(message, fields={"photos": [message]})
    for photo in photos:
        try:
            validate_image(photo)  # the product pictures' checks: type, bytes, pixels
        except InvalidInput as error:
            raise InvalidInput(error.detail, fields={"photos": error.fields.get("image", [error.detail])}) from error


def _add_photos(review: Review, photos: Sequence[File], *, follow_up: bool) -> None:
    for photo in photos:
        row = ReviewPhoto.objects.create(review=review, follow_up=follow_up, image=photo)
        enqueue(tasks.make_review_photo_thumbnails, row.pk)


@transaction.atomic
def review_create(
    *,
    line: OrderLine,
    by: User,
    stars: int,
    text: str = "",
    photos: Sequence[File] = (),
    anonymous: bool = False,
    now: datetime | None = None,
) -> Review:
    """The order's shopper reviews one line of a received order within the window, once. A hold-level word holds
    the review for moderation (only its author sees it); mask-level words are shown as ＊."""
    now = now or timezone.now()
    line = OrderLine.objects.select_for_update().select_related("order").get(pk=line.pk)  # one review at a time
    order = line.order
    if order.user_id != by.pk:
        raise NotFound()  # another shopper's line is as unknown as a missing one
    if Review.objects.filter(line=line).exists():
        raise AlreadyReviewed(_("You have already reviewed this item."))
    deadline = review_deadline(line)
    if deadline is None:
        raise ReviewNotAllowed(_("Goods can be reviewed once the order is received."))
    if now > deadline:
        raise ReviewNotAllowed(
            _("Reviews close %(days)d days after receipt; this one closed on %(date)s.")
            % {"days": window_days(), "date": timezone.localtime(deadline).strftime("%Y-%m-%d")}
        )
    if not isinstance(stars, int) or isinstance(stars, bool) or not 1 <= stars <= 5:
        message = _("Choose 1 to 5 stars.")
        raise InvalidInput(message, fields={"stars": [message]})
    screened = wordfilter.screen(_check_text(text))
    _check_photos(photos)
    review = Review.objects.create(
        line=line,
        order=order,
        user=by,
        store_id=order.store_id,
        spu_id=line.spu_id,
        title=line.title,
        specs=line.specs,
        stars=stars,
        text=screened.text,
        anonymous=anonymous,
        has_photos=bool(photos),
        status=ReviewStatus.HELD if screened.held else ReviewStatus.PUBLISHED,
        held_words=list(screened.held_words),
        created_at=now,
    )
    _add_photos(review, photos, follow_up=False)
    review_event(review=review, type=ReviewEventType.CREATED, by=by, shown=not screened.held)
    if screened.held:
        review_event(review=review, type=ReviewEventType.HELD, by=None, reason=", ".join(screened.held_words))
    return review


def _locked(review: Review) -> Review:
    return Review.objects.select_for_update().get(pk=review.pk)


@transaction.atomic
def review_follow_up(
    *, review: Review, by: User, text: str = "", photos: Sequence[File] = (), now: datetime | None = None
) -> FollowUp:
    """The author adds the one follow-up review (追评) to their review: words, photos or both."""
    review = _locked(review)
    if review.user_id != by.pk:
        raise NotFound()
    if review.status == ReviewStatus.HIDDEN:
        raise ReviewNotAllowed(_("A hidden review cannot be followed up."))
    if FollowUp.objects.filter(review=review).exists():
        raise AlreadyReviewed(_("You have already followed up this review."))
    text = _check_text(text)
    if not text and not photos:
        message = _("Write something or add a photo.")
        raise InvalidInput(message, fields={"text": [message]})
    _check_photos(photos)
    screened = wordfilter.screen(text)
    follow_up = FollowUp.objects.create(
        review=review,
        text=screened.text,
        status=ReviewStatus.HELD if screened.held else ReviewStatus.PUBLISHED,
        held_words=list(screened.held_words),
        created_at=now or timezone.now(),
    )
    _add_photos(review, photos, follow_up=True)
    if photos and not review.has_photos:
        review.has_photos = True
        review.save(update_fields=["has_photos"])
    shown = review.status == ReviewStatus.PUBLISHED and not screened.held
    review_event(review=review, type=ReviewEventType.FOLLOWED_UP, by=by, shown=shown)
    if screened.held:
        review_event(review=review, type=ReviewEventType.HELD, by=None, reason=", ".join(screened.held_words))
    return follow_up


@transaction.atomic
def review_reply(*, review: Review, store: Store, by: User, text: str, now: datetime | None = None) -> Review:
    """The store replies to a published review of its own, once. Another store's review, or one the public does not
    see, is not found."""
    review = _locked(review)
    if review.store_id != store.pk or review.status != ReviewStatus.PUBLISHED:
        raise NotFound()
    if review.replied_at is not None:
        raise AlreadyReviewed(_("The store has already replied to this review."))
    text = _check_text(text)
    if not text:
        message = _("Write the reply.")
        raise InvalidInput(message, fields={"text": [message]})
    review.reply, review.replied_at, review.replied_by = text, now or timezone.now(), by
    review.save(update_fields=["reply", "replied_at", "replied_by"])
    review_event(review=review, type=ReviewEventType.REPLIED, by=by)
    return review


@transaction.atomic
def review_approve(*, review: Review, by: User) -> Review:
    """An operator publishes a held review, and its held follow-up with it."""
    review = _locked(review)
    if review.status == ReviewStatus.HELD:
        review.status = ReviewStatus.PUBLISHED
        review.save(update_fields=["status"])
        review_event(review=review, type=ReviewEventType.APPROVED, by=by)
    follow_up = FollowUp.objects.filter(review=review, status=ReviewStatus.HELD).first()
    if follow_up is not None:
        follow_up.status = ReviewStatus.PUBLISHED
        follow_up.save(update_fields=["status"])
        review_event(review=review, type=ReviewEventType.FOLLOW_UP_APPROVED, by=by)
    return review


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason or len(reason) > MAX_REASON:
        message = _("Give a reason of at most %(n)d characters.") % {"n": MAX_REASON}
        raise InvalidInput(message, fields={"reason": [message]})
    return reason


@transaction.atomic
def review_hide(*, review: Review, by: User, reason: str) -> Review:
    """An operator hides a review (held or published) with a reason; its author still sees it, with the reason."""
    reason = _reason(reason)
    review = _locked(review)
    if review.status == ReviewStatus.HIDDEN:
        return review
    review.status, review.hidden_reason = ReviewStatus.HIDDEN, reason
    review.save(update_fields=["status", "hidden_reason"])
    review_event(review=review, type=ReviewEventType.HIDDEN, by=by, reason=reason)
    return review


@transaction.atomic
def follow_up_hide(*, follow_up: FollowUp, by: User, reason: str) -> FollowUp:
    """An operator hides a follow-up review with a reason; the review itself stays."""
    reason = _reason(reason)
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.status != ReviewStatus.HIDDEN:
        follow_up.status, follow_up.hidden_reason = ReviewStatus.HIDDEN, reason
        follow_up.save(update_fields=["status", "hidden_reason"])
        review_event(review=follow_up.review, type=ReviewEventType.FOLLOW_UP_HIDDEN, by=by, reason=reason)
    return follow_up


def review_photo_make_thumbnails(*, photo: ReviewPhoto) -> ReviewPhoto:
    """(Re)make the photo's thumbnails; safe to run twice."""
    photo.thumbnails = make_thumbnails(photo.image.name, prefix=f"reviews/thumbs/{photo.pk}")
    photo.save(update_fields=["thumbnails"])
    return photo
