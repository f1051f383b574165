from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=` and `?page_size=` (at most 100); `{"count", "next", "previous", "results"}` (API.md)."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


def paginated_response(*, request, view, queryset, serializer_class, context: dict | None = None):
    """One page of `queryset` serialized in the list shape. Views call this instead of repeating the dance."""
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True, context=context or {}).data)
