from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self) -> None:
        from catalog import storefront_extras
        from orders.lifecycle import page_extras
        from reviews import storefront

        # The product page's rating and reviews: the catalog may not import this center, so it asks its registry.
        storefront_extras.register_section(name="reviews", provider=storefront.product_reviews_section)
        storefront_extras.register_store(field="rating", provider=storefront.store_rating)
        # Each received line of the member's order page: review it, or see the review.
        page_extras.register_line_links(name="reviews", provider=storefront.order_line_links)
