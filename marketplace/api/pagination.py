import re

from django.utils.translation import gettext_lazy as _
from rest_framework import pagination, serializers

from marketplace.api.serializers import InputSerializer


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=` and `?page_size=` (at most 100); `{"count", "next", "previous", "results"}` (API.md).

    A page past the last, or one that is not a positive number, is 404 `not_found` (DRF's rule); a `page_size` that
    is not a positive number is 400 `validation_error` rather than silently the default, so that what the OpenAPI
    schema says of both holds. A larger `page_size` than 100 gives 100 (API.md). Empty, either is the default, as
    any empty query parameter is no parameter (marketplace.api.schema)."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    last_page_strings = ()  # DRF's ?page=last is no part of the contract: a page is a number

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if not raw:
            return self.page_size
        if not re.fullmatch(r"[0-9]+", raw) or not raw.strip("0"):
            raise serializers.ValidationError({self.page_size_query_param: [_("A whole number from 1 on.")]})
        # A very long number is simply more than the most (int() of thousands of digits is refused by Python).
        return self.max_page_size if len(raw) > 9 else min(int(raw), self.max_page_size)

    extra_schema: dict | None = None  # the schema of what a view adds beside the page (marketplace.api.schema)

    def get_paginated_response_schema(self, schema):
        envelope = super().get_paginated_response_schema(schema)
        envelope["required"] = ["count", "next", "previous", "results"]
        if self.extra_schema:
            envelope["properties"].update(self.extra_schema["properties"])
            envelope["required"] += self.extra_schema.get("required", [])
        return envelope

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = "Items per page (default 20); more than 100 gives 100."
        return parameters


class PageQuerySerializer(InputSerializer):
    """`page` and `page_size` as a list's query serializer declares them: what PageNumberPagination accepts."""

    page = serializers.IntegerField(min_value=1, required=False)
    page_size = serializers.IntegerField(min_value=1, required=False)


def paginated_response(*, request, view, queryset, serializer_class, context: dict | None = None):
    """One page of `queryset` serialized in the list shape. Views call this instead of repeating the dance."""
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True, context=context or {}).data)
