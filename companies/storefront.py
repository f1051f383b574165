"""What the companies center puts on the product page, through catalog.storefront_extras and catalog.holes (from
ready()): a business buyer's wholesale terms (批发: minimum order quantity, quantity breaks, their company's
negotiated price) for each SKU of the product. The page is shared by every shopper from the cache, so the section
is only a personal part's marker; the part is drawn for each asker, empty for anyone who is not a business buyer
(one query), and in two more for one; a buyer of the company also gets "ask for a quote" (the SKU and quantity
they choose, two queries more)."""

from django.utils import timezone

from catalog.holes import register_hole
from catalog.storefront_extras import ProductSection
from companies import selectors
from companies.deals.selectors import quote_skus

HOLE = "wholesale"


def wholesale_section(spu, query) -> ProductSection:
    return ProductSection(template="companies/product_section.html", context={"spu_id": spu.pk, "hole": HOLE})


def wholesale_terms(request, *, spu: str) -> dict:
    """The asker's rows: one per SKU of the product with terms for them, or none."""
    user = getattr(request, "user", None)
    day = timezone.localdate()
    rows = selectors.product_business_terms(user=user, spu_id=int(spu), day=day)
    return {"wholesale_rows": rows, "quote_skus": quote_skus(user=user, spu_id=int(spu))}


def _nothing_to_show(request, values: dict) -> str | None:
    """The part's key: the same empty text for everyone who is no business buyer (most askers), drawn once; a
    buyer's own terms each time."""
    return None if values["wholesale_rows"] or values["quote_skus"] else "none"


def register() -> None:
    register_hole(HOLE, template="companies/wholesale_terms.html", context=wholesale_terms, key=_nothing_to_show)
