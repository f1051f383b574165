"""The OpenAPI schema (/api/schema/) says what the API does, for every view, from what the view already declares:

- lists: a `many=True` response of a GET is the page envelope `{"count", "next", "previous", "results"}` with
  `?page=` and `?page_size=`, as `paginated_response` answers, unless the view sets `pagination_class = None`
  (the category trees, the regions); a view's `page_extras` serializer adds what it answers beside the page;
- errors: every operation lists the statuses it can answer with the one error shape, `Error`
  (`{"code", "detail", "fields"}`, marketplace.api.errors), each with its codes: 400 where there is input, 401
  where credentials are read, 403 where a role or a CSRF token is needed, 404 where an object is named in the path
  or a page is asked for, 413 where there is a body, 414 where parameters can make the request line too long, 429
  where a rate limit counts, 503 where a limit fails closed.
  What only the view knows (a 409 of its service, a 404 for an id in the body) it adds with `error_response`;
- fields: an output field with `default=None` is nullable (its source may be missing); a DecimalField is a string
  with its `pattern` (marketplace.api.serializers.decimal_pattern, which the input serializers enforce); a field's
  `json_schema` adds what its own validation checks (marketplace.api.fields: region codes, passwords).
"""

from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions, serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.settings import api_settings

from marketplace.api.serializers import decimal_pattern

ERROR_COMPONENT = "Error"
ERROR_REF = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}
ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error of the API (API.md).",
    "properties": {
        "code": {"type": "string", "description": "Stable snake_case code to branch on.", "pattern": "^[a-z_]+$"},
        "detail": {"type": "string", "description": "A message for people, in the request's language."},
        "fields": {
            "type": "object",
            "additionalProperties": {},
            "description": "What was wrong with which input: a field's name -> its messages; the fields of nested "
            "inputs nest the same way (`skus` -> index -> `price`).",
        },
    },
    "required": ["code", "detail", "fields"],
    "additionalProperties": False,
}
RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait before trying again."}}

# status -> (codes, description) of the errors every view may answer, as marketplace.api.errors maps them.
STANDARD_ERRORS = {
    400: (("validation_error",), "The input breaks a rule; `fields` says which and why."),
    401: (
        ("not_authenticated",),
        "No valid credentials: a bearer token from POST /api/v1/auth/token/ is missing, expired or wrong.",
    ),
    403: (("permission_denied",), "The caller's role does not allow this."),
    404: (("not_found",), "No such object, or not one of the caller's (another store's objects are not found)."),
    413: (("request_too_large",), "The request body is larger than the API reads."),
    414: ((), "The request line is longer than the server reads (gunicorn's limit); the answer is not JSON."),
    429: (("throttled",), "Too many requests; `Retry-After` says when to try again."),
    503: (("service_unavailable",), "The rate limit guarding a secret cannot count right now; try again shortly."),
}
CSRF_NOTE = "A browser session's write without its CSRF token is refused too."
PAGE_NOTE = "So is a `page` past the last."
OPEN_PERMISSIONS = (permissions.AllowAny, permissions.IsAuthenticated)


def error_schema(*codes: str) -> dict:
    """The Error component, narrowed to the codes one response carries."""
    return {"allOf": [ERROR_REF, {"properties": {"code": {"enum": list(codes)}}}]}


def error_response(*codes: str, description: str = "") -> OpenApiResponse:
    """An error response a view declares itself in `extend_schema(responses=...)`, for what only it knows:
    `409: error_response("insufficient_stock", "price_changed")`."""
    return OpenApiResponse(response=error_schema(*codes), description=description or ", ".join(codes))


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's, knowing this codebase's lists, errors and fields (the module's docstring).

    Also names each view's nested serializers after the view ("RegisterApi.InputSerializer" -> "RegisterInput"),
    so the many InputSerializer / OutputSerializer classes of the codebase become distinct schema components."""

    def get_serializer_name(self, serializer, direction):
        cls = type(serializer)
        owner, _, name = cls.__qualname__.rpartition(".")
        if not owner:
            return super().get_serializer_name(serializer, direction)
        return owner.removesuffix("Api") + name.removesuffix("Serializer")

    def _get_paginator(self):
        # The views are APIViews that paginate through marketplace.api.pagination.paginated_response; DRF's rule
        # for generic views holds for them: the default pagination unless the view says otherwise.
        pagination_class = getattr(self.view, "pagination_class", api_settings.DEFAULT_PAGINATION_CLASS)
        if not pagination_class:
            return None
        paginator = pagination_class()
        # What a view answers beside the page (a ledger's balance, the catalogue's facets): `page_extras`, a
        # serializer whose fields join the envelope.
        extras = getattr(self.view, "page_extras", None)
        if extras is not None:
            paginator.extra_schema = self._map_serializer(extras, "response")
        return paginator

    def _get_serializer_field_meta(self, field, direction):
        meta = super()._get_serializer_field_meta(field, direction)
        # DRF gives the default when the source is missing (a member without a level): null.
        if direction == "response" and field.default is None:
            meta["nullable"] = True
        return meta

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if not schema or "$ref" in schema:
            return schema
        if isinstance(field, serializers.DecimalField) and schema.get("type") == "string":
            schema["pattern"] = decimal_pattern(field, output=direction == "response")
        # What a field's own validation checks beyond its type (marketplace.api.fields): a region code's form.
        schema.update(getattr(field, "json_schema", None) or {})
        return schema

    def _get_parameters(self):
        parameters = super()._get_parameters()
        for parameter in parameters:
            # `?status=` is no filter at all, as an HTML form sends it: DRF's fields read an empty optional value so,
            # and so do its paginator and the views that read a parameter by hand. Not a list (`?brand=`: an empty
            # id is invalid).
            if (
                parameter["in"] == "query"
                and not parameter.get("required")
                and parameter.get("schema", {}).get("type") != "array"
            ):
                parameter["allowEmptyValue"] = True
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        self.registry.register_on_missing(
            ResolvedComponent(
                name=ERROR_COMPONENT, type=ResolvedComponent.SCHEMA, object=ERROR_COMPONENT, schema=ERROR_SCHEMA
            )
        )
        for status, description in self._error_statuses().items():
            codes, _description = STANDARD_ERRORS[status]
            response = {"description": description}
            if codes:
                response["content"] = {"application/json": {"schema": error_schema(*codes)}}
            if status in (429, 503):
                response["headers"] = RETRY_AFTER
            responses.setdefault(str(status), response)
        return responses

    def _error_statuses(self) -> dict[int, str]:
        """The standard error statuses of this operation, each with what it means here."""
        view, statuses = self.view, {}

        def add(status: int, *notes: str) -> None:
            statuses[status] = " ".join(note for note in notes if note) or STANDARD_ERRORS[status][1]

        has_body = self.method in ("POST", "PUT", "PATCH") and self.get_request_serializer() is not None
        locations = {parameter["in"] for parameter in self._get_parameters()}
        if has_body or "query" in locations:
            add(400)
        authenticators = view.get_authenticators()
        if authenticators:
            add(401)
        has_role = any(not isinstance(permission, OPEN_PERMISSIONS) for permission in view.get_permissions())
        csrf = self.method not in permissions.SAFE_METHODS and any(
            isinstance(authenticator, SessionAuthentication) for authenticator in authenticators
        )
        if has_role or csrf:
            add(403, STANDARD_ERRORS[403][1] if has_role else "", CSRF_NOTE if csrf else "")
        paginated = self.method == "GET" and self._is_list_view() and self._get_paginator() is not None
        if "{" in self.path:
            add(404, STANDARD_ERRORS[404][1], PAGE_NOTE if paginated else "")
        elif paginated:
            add(404, "A `page` past the last.")
        if has_body:
            add(413)
        if locations & {"query", "path"}:
            add(414)
        throttles = view.get_throttles()
        if throttles:
            add(429)
        if any(getattr(throttle, "refuse_uncounted", False) for throttle in throttles):
            add(503)
        return statuses
