"""What the reviews center puts on the catalog's pages, through catalog.storefront_extras (from ready()).

The product page's section: the rating with the count of each star, the filters (stars, with photos) and one page
of published reviews, newest first. Four queries whatever the number of reviews: the summary, the page's count, its
rows with their authors and follow-ups, and their photos (none of the last two when the page is empty).
A store's home page: its rating, in one query."""

from django.core.paginator import Paginator
from django.http import QueryDict
from django.urls import reverse

from catalog.storefront_extras import ProductSection
from reviews import selectors

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
