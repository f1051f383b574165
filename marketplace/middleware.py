"""Request checks that every view would otherwise have to repeat."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.defaults import bad_request

NUL = "\x00"


class RefuseNullCharacters:
    """PostgreSQL text cannot hold a NUL character, so a NUL in the path, the query string or a form field would
    reach a query and fail with a 500 wherever a view passes the text on unchecked (a search box, a filter).
    Such a request is refused here with a 400: the API's error shape under /api/, the 400 page elsewhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            if request.path.startswith("/api/"):
                detail = _("Null characters are not allowed.")
                return JsonResponse({"code": "validation_error", "detail": detail, "fields": {}}, status=400)
            return bad_request(request, exception=None)
        return self.get_response(request)


def _has_nul(request) -> bool:
    if NUL in request.path:
        return True
    sources = [request.GET]
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        sources.append(request.POST)
    return any(NUL in value for data in sources for _key, values in data.lists() for value in values)
