"""Request checks that every view would otherwise have to repeat."""

from django.conf import settings
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


class SecurityHeaders:
    """Content-Security-Policy and Permissions-Policy on every response (settings.CONTENT_SECURITY_POLICY,
    settings.PERMISSIONS_POLICY; Django's SecurityMiddleware sets the rest). Pages load scripts only from our own
    static files, never inline (static/js/site.js carries what used to be inline), so a stored text that slips
    past escaping still cannot run. A view that needs another policy sets the header itself and keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.CONTENT_SECURITY_POLICY:
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
