"""The reviews center's section of the product page (catalog.storefront_extras.register_section, from ready()):
the rating with the count of each star, the filters (stars, with photos) and one page of published reviews,
newest first. Four queries whatever the number of reviews: the summary, the page's count, its rows with their
authors and follow-ups, and their photos (none of the last two when the page is empty)."""

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
