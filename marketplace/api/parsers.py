"""The API's JSON parser: DRF's, with the limits a public endpoint needs before any view sees the data.

- Size: Django refuses a body over settings.DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) as DRF reads it; the exception
  handler answers 413 `request_too_large` (marketplace.api.errors).
- Depth: nesting deeper than MAX_DEPTH is 400 `validation_error` (Python's parser would recurse until a
  RecursionError, a 500, at about a thousand levels; no request of ours nests more than a few).
- NUL: PostgreSQL text cannot hold U+0000, so a string or key with one would fail in the database as a 500
  wherever a view passes it on; it is 400 here, once for every field (the forms' and query strings' NULs are
  refused by marketplace.middleware.RefuseNullCharacters).
"""

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.parsers import JSONParser as DRFJSONParser
from rest_framework.settings import api_settings
from rest_framework.utils import json

MAX_DEPTH = 32


class JSONParser(DRFJSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        body = stream.read()
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        constant = json.strict_constant if api_settings.STRICT_JSON else None  # NaN and Infinity are not JSON
        try:
            data = json.loads(body.decode(encoding), parse_constant=constant)
        except RecursionError:
            raise exceptions.ParseError(_("The JSON is nested too deeply.")) from None
        except ValueError as error:  # UnicodeDecodeError too
            raise exceptions.ParseError(_("JSON parse error - %(error)s") % {"error": error}) from None
        _check(data)
        return data


def _check(data) -> None:
    """Raise ParseError for nesting deeper than MAX_DEPTH or a NUL in any string or key (iteratively: the check
    must not recurse either)."""
    waiting = [(data, 1)]
    while waiting:
        value, depth = waiting.pop()
        if isinstance(value, str):
            if "\x00" in value:
                raise exceptions.ParseError(_("Null characters are not allowed."))
        elif isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                raise exceptions.ParseError(_("The JSON is nested too deeply."))
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str) and "\x00" in key:
                    raise exceptions.ParseError(_("Null characters are not allowed."))
                waiting.append((item, depth + 1))
