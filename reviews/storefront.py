"""What the reviews center puts on the catalog's pages, through catalog.storefront_extras (from ready()).

The product page's section: the rating with the count of each star, the filters (stars, with photos) and one page
of published reviews, newest first. Four queries whatever the number of reviews: the summary, the page's count, its
rows with their authors and follow-ups, and their photos (none of the last two when the page is empty).
A store's home page: its rating, in one query. The order page (orders.lifecycle.page_extras): each received
line's 评价, or 查看评价 once the member reviewed it, in one query."""

from django.core.paginator import Paginator
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.storefront_extras import ProductSection
from orders.lifecycle.page_extras import LineLink
from reviews import selectors, services

PAGE_SIZE = 10


def product_reviews_section(spu, query: QueryDict):
    stars = selectors.stars_filter(query.get("stars"))
    with_photos = query.get("with_photos") == "1"
    rating = selectors.product_rating(spu_id=spu.pk)
    reviews = selectors.product_reviews(spu_id=spu.pk, stars=stars, with_photos=with_photos)
    page = Paginator(reviews, PAGE_SIZE).get_page(query.get("page"))
    rows = [{"review": review, "follow_up": selectors.public_follow_up(review)} for review in page.object_list]
    base = reverse("storefront-product", args=[spu.pk])
    return ProductSection(
        template="reviews/product_section.html",
        context={
            "rating": rating,
            "rows": rows,
            "page": page,
            "base": base,
            "stars": stars,
            "with_photos": with_photos,
            "star_choices": selectors.STARS,
        },
    )


def store_rating(store, now) -> dict | None:
    """The store page's `rating` part: the average of its published reviews and their count, or None before its
    first review (the page then shows no rating rather than 0)."""
    rating = selectors.store_rating([store.pk]).get(store.pk)
    return {"average": rating.average, "count": rating.count} if rating else None


def order_line_links(order, lines) -> dict[int, LineLink]:
    """The member's review of each line, or the way to write one while its window is open; nothing before
    receipt."""
    if order.status not in services.RECEIVED:
        return {}
    reviewed = selectors.member_line_reviews(user=order.user, line_ids=[line.pk for line in lines])
    now = timezone.now()
    links = {}
    for line in lines:
        line.order = order
        if line.pk in reviewed:
            url = reverse("shop-me-review", args=[reviewed[line.pk].pk])
            links[line.pk] = LineLink(label=_("See your review"), url=url, testid="see-review")
        elif services.can_review(line, now=now):
            url = reverse("shop-review-line", args=[order.order_no, line.pk])
            links[line.pk] = LineLink(label=_("Review"), url=url, testid="review-line")
    return links
