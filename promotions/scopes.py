"""Which SKUs a promotion's goods scope covers, as a queryset (for conflict checks; the engine matches scopes
against cart lines itself)."""

from django.db.models import Q, QuerySet

from catalog.models import BackendCategory, Sku


def covered_skus(*, store_id: int | None, scope_all: bool, skus, categories, brands, excluded) -> QuerySet[Sku]:
    """Active SKUs of the store (every store for a platform promotion) inside the scope. A category covers its
    whole subtree, found by its tree range rather than by walking it."""
    queryset = Sku.objects.filter(is_active=True)
    if store_id is not None:
        queryset = queryset.filter(store_id=store_id)
    if not scope_all:
        covered = Q(pk__in=skus) | Q(spu__brand_id__in=brands)
        for category in BackendCategory.objects.filter(pk__in=categories):
            covered |= Q(
                spu__category__tree_id=category.tree_id,
                spu__category__lft__gte=category.lft,
                spu__category__rght__lte=category.rght,
            )
        queryset = queryset.filter(covered)
    return queryset.exclude(pk__in=excluded)
