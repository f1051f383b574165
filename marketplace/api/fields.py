"""Serializer fields the apps share. A field may carry `json_schema`: what the OpenAPI schema should add to its
mapping (marketplace.api.schema.AutoSchema), for what its validation checks that drf-spectacular cannot see."""

import re

from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from marketplace.models import Region

REGION_CODE = r"^[0-9]{6}$"


class RegionField(serializers.PrimaryKeyRelatedField):
    """A region by its official 6-digit code, in and out ("310104")."""

    json_schema = {"type": "string", "pattern": REGION_CODE, "description": "An official 6-digit region code."}
    default_error_messages = {
        "does_not_exist": _("Unknown region code {pk_value}."),
        "incorrect_type": _("A region is its 6-digit code as a string."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Region.objects.all())
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        # Only a code of the documented form reaches the database: not 310104 (a number), not " 310104".
        if not isinstance(data, str) or not re.fullmatch(REGION_CODE, data):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class RegionListField(serializers.ListField):
    """Several regions by code, checked in one query; returns the Region objects in the order given."""

    default_error_messages = {"unknown": _("Unknown region codes: {codes}.")}

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "child",
            serializers.RegexField(
                REGION_CODE, error_messages={"invalid": RegionField.default_error_messages["incorrect_type"]}
            ),
        )
        kwargs.setdefault("max_length", 500)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        codes = list(dict.fromkeys(super().to_internal_value(data)))
        found = Region.objects.in_bulk(codes)
        missing = [code for code in codes if code not in found]
        if missing:
            self.fail("unknown", codes=", ".join(missing[:10]))
        return [found[code] for code in codes]

    def to_representation(self, value):
        return [region.code for region in value]


def _password_min_length() -> int:
    lengths = [
        validator.min_length
        for validator in password_validation.get_default_password_validators()
        if isinstance(validator, password_validation.MinimumLengthValidator)
    ]
    return max(lengths, default=1)


class PasswordField(serializers.CharField):
    """A new password. Django's validators (settings.AUTH_PASSWORD_VALIDATORS) judge it in the service; the schema
    says what it can of them: the least length, and not digits only."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 128)
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)

    @property
    def json_schema(self) -> dict:
        return {
            "minLength": _password_min_length(),
            "pattern": "[^0-9]",
            "description": "Not all digits, not a common password, not like the username.",
        }
