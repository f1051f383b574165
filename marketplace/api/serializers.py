"""Base classes for API input: unknown fields are an error, not silently dropped."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class InputSerializer(serializers.Serializer):
    """Input of one operation. A field the operation does not know is refused, so a typo never goes unseen."""

    default_error_messages = {"unknown_field": _("Unknown field.")}

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = set(data) - set(self.fields)
            if unknown:
                raise serializers.ValidationError(
                    {name: [self.error_messages["unknown_field"]] for name in sorted(unknown)}
                )
        return super().to_internal_value(data)
