"""Reads of the reviews center, each scoped: the storefront's (published reviews of a product, ratings of
products and stores), a member's own, a store's own (another store's review is not found)."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Prefetch, Q, QuerySet

from marketplace.query import query_number
from members.models import User
from reviews.exceptions import NotFound
from reviews.models import FollowUp, Review, ReviewPhoto, ReviewStatus
from stores.models import Store
from stores.selectors import for_store

STARS = (5, 4, 3, 2, 1)
TENTH = Decimal("0.1")


def stars_filter(value) -> int | None:
    """A page's `?stars=` as a number of stars, or None (no filter) for anything else, 9 and 0 included."""
    number = query_number(value, 6)
    return number if 1 <= number <= 5 else None


def one_decimal(value) -> Decimal:
    """An average as shown: to 0.1, halves up (4.45 -> 4.5)."""
    return Decimal(str(value or 0)).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Rating:
    """What the product page's header of reviews shows: the average to 0.1, the count, the count of each star and
    of reviews with photos."""

    average: Decimal = Decimal("0.0")
    count: int = 0
    by_star: dict[int, int] = field(default_factory=lambda: dict.fromkeys(STARS, 0))
    with_photos: int = 0

    @property
    def stars_rows(self) -> list[tuple[int, int, int]]:
        """(stars, count, percent of all) from 5 down to 1, for the bars."""
        return [
            (stars, count, round(count * 100 / self.count) if self.count else 0)
            for stars, count in self.by_star.items()
        ]


def product_rating(*, spu_id: int) -> Rating:
    """The published reviews of one product summed up, in one query."""
    counts = {f"s{stars}": Count("pk", filter=Q(stars=stars)) for stars in STARS}
    row = (
        Review.objects.published()
        .filter(spu_id=spu_id)
        .aggregate(
            average=Avg("stars"), count=Count("pk"), with_photos=Count("pk", filter=Q(has_photos=True)), **counts
        )
    )
    return Rating(
        average=one_decimal(row["average"]),
        count=row["count"],
        by_star={stars: row[f"s{stars}"] for stars in STARS},
        with_photos=row["with_photos"],
    )


@dataclass(frozen=True)
class StoreRating:
    average: Decimal
    count: int


def store_rating(store_ids) -> dict[int, StoreRating]:
    """{store id: its published reviews' average stars (to 0.1) and count} for the given stores, in one query. A
    store without a review is absent: its page says "no rating yet" rather than 0."""
    rows = (
        Review.objects.published()
        .filter(store_id__in=list(store_ids))
        .values("store_id")
        .annotate(average=Avg("stars"), count=Count("pk"))
    )
    return {row["store_id"]: StoreRating(average=one_decimal(row["average"]), count=row["count"]) for row in rows}


def _with_parts(reviews: QuerySet[Review]) -> QuerySet[Review]:
    """With the author, the follow-up and the photos, in two queries whatever the number of reviews."""
    reviews = reviews.select_related("user", "follow_up")
    return reviews.prefetch_related(Prefetch("photos", queryset=ReviewPhoto.objects.order_by("id")))


def product_reviews(*, spu_id: int, stars: int | None = None, with_photos: bool = False) -> QuerySet[Review]:
    """A product's published reviews, newest first, narrowed to a number of stars and to those with photos."""
    reviews = Review.objects.published().filter(spu_id=spu_id)
    if stars:
        reviews = reviews.filter(stars=stars)
    if with_photos:
        reviews = reviews.filter(has_photos=True)
    return _with_parts(reviews.order_by("-created_at", "-id"))


def public_follow_up(review: Review) -> FollowUp | None:
    """The follow-up the public sees: a published one."""
    follow_up = getattr(review, "follow_up", None)
    return follow_up if follow_up is not None and follow_up.status == ReviewStatus.PUBLISHED else None


def member_reviews(*, user: User) -> QuerySet[Review]:
    """The member's own reviews in every status (held and hidden ones are shown to them alone), newest first."""
    return _with_parts(Review.objects.filter(user=user).order_by("-created_at", "-id"))


def member_review(*, user: User, review_id: int) -> Review:
    review = member_reviews(user=user).filter(pk=review_id).first()
    if review is None:
        raise NotFound()
    return review


def member_line_reviews(*, user: User, line_ids) -> dict[int, Review]:
    """{order line id: the member's review of it} for the given lines."""
    return {review.line_id: review for review in Review.objects.filter(user=user, line_id__in=list(line_ids))}


def store_reviews(*, store: Store, stars: int | None = None, replied: bool | None = None) -> QuerySet[Review]:
    """The store's published reviews (what shoppers see and the store may reply to), newest first."""
    reviews = for_store(Review.objects.published(), store)
    if stars:
        reviews = reviews.filter(stars=stars)
    if replied is not None:
        reviews = reviews.filter(replied_at__isnull=not replied)
    return _with_parts(reviews.order_by("-created_at", "-id"))


def store_review(*, store: Store, review_id: int) -> Review:
    review = store_reviews(store=store).filter(pk=review_id).first()
    if review is None:
        raise NotFound()
    return review
