"""What a locked-out login gets back (django-axes' AXES_LOCKOUT_CALLABLE)."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from marketplace.api.errors import error_body


def lockout_response(request, original_response, credentials):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    detail = _("Too many failed logins. Try again in %(minutes)d minutes.") % {"minutes": minutes}
    retry_after = {"Retry-After": str(minutes * 60)}
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("login_locked", detail), status=429, headers=retry_after)
    return HttpResponse(detail, status=429, headers=retry_after, content_type="text/plain; charset=utf-8")
