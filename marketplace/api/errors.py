"""Every API error leaves in one shape: {"code": stable_snake_case, "detail": human message, "fields": {...}}.

DRF's exceptions, Django's, and our DomainError all pass through `exception_handler`; URLs that match no
view under /api/ get the same shape from `not_found`, `bad_request` and `server_error` (handler404 / 400 / 500).
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response

from marketplace.exceptions import DomainError

# DRF exception class -> our stable code. Order matters: subclasses first.
DRF_CODES: list[tuple[type[exceptions.APIException], str]] = [
    (exceptions.ValidationError, "validation_error"),
    (exceptions.ParseError, "validation_error"),
    (exceptions.NotAuthenticated, "not_authenticated"),
    (exceptions.AuthenticationFailed, "not_authenticated"),
    (exceptions.PermissionDenied, "permission_denied"),
    (exceptions.NotFound, "not_found"),
    (exceptions.MethodNotAllowed, "method_not_allowed"),
    (exceptions.NotAcceptable, "not_acceptable"),
    (exceptions.UnsupportedMediaType, "unsupported_media_type"),
    (exceptions.Throttled, "throttled"),
]


def error_body(code: str, detail: str, fields: dict | None = None) -> dict:
    return {"code": code, "detail": str(detail), "fields": fields or {}}


def exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER. Returns None (a 500) only for real bugs."""
    if isinstance(exc, DomainError):
        return Response(error_body(exc.code, exc.detail, exc.fields), status=exc.status)
    if isinstance(exc, RequestDataTooBig):  # over DATA_UPLOAD_MAX_MEMORY_SIZE, raised as DRF reads the body
        body = error_body("request_too_large", _("The request body is too large."))
        return Response(body, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_validation_messages(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None

    code = next((code for cls, code in DRF_CODES if isinstance(exc, cls)), exc.default_code)
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, exceptions.ValidationError):
        detail, fields = _split_validation_detail(exc.detail)
    else:
        detail, fields = exc.detail, {}
    return Response(error_body(code, detail, fields), status=exc.status_code, headers=headers)


def _validation_messages(exc: DjangoValidationError):
    return exc.message_dict if hasattr(exc, "error_dict") else exc.messages


def _split_validation_detail(detail) -> tuple[str, dict]:
    """DRF gives a dict of field errors or a list of general ones; the general ones become `detail`."""
    if isinstance(detail, dict):
        fields = {key: value for key, value in detail.items() if key != "non_field_errors"}
        general = detail.get("non_field_errors")
        if general:
            return str(general[0]), fields
        return _first_message(fields) or _("Invalid input."), fields
    if isinstance(detail, list) and detail:
        return str(detail[0]), {}
    return str(detail), {}


def _first_message(errors, path: str = "") -> str:
    """The first leaf message of a nested error structure, prefixed with where it is ("skus.0.price: ...")."""
    if isinstance(errors, dict):
        items = errors.items()
    elif isinstance(errors, list):
        items = enumerate(errors)
    else:
        return f"{path}: {errors}" if path else str(errors)
    for key, value in items:
        inner_path = (
            path
            if isinstance(key, int) and not isinstance(value, dict)
            else ".".join(part for part in (path, str(key)) if part)
        )
        message = _first_message(value, inner_path)
        if message:
            return message
    return ""


def bad_request(request, exception=None):
    """handler400 (a SuspiciousOperation: a malformed host, too many fields...): JSON under /api/."""
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("validation_error", _("Bad request.")), status=status.HTTP_400_BAD_REQUEST)
    from django.views.defaults import bad_request as default_bad_request

    return default_bad_request(request, exception)


def not_found(request, exception=None):
    """handler404: JSON under /api/, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("not_found", _("Not found.")), status=status.HTTP_404_NOT_FOUND)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def server_error(request):
    """handler500: a 500 is always a bug; the client still gets the contract's shape."""
    if request.path.startswith("/api/"):
        body = error_body("server_error", _("Something went wrong on our side; it has been logged."))
        return JsonResponse(body, status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    from django.views.defaults import server_error as default_server_error

    return default_server_error(request)
