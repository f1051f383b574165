from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from marketplace.models import Region


class RegionField(serializers.PrimaryKeyRelatedField):
    """A region by its official 6-digit code, in and out ("310104")."""

    default_error_messages = {
        "does_not_exist": _("Unknown region code {pk_value}."),
        "incorrect_type": _("A region is its 6-digit code as a string."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Region.objects.all())
        super().__init__(**kwargs)


class RegionListField(serializers.ListField):
    """Several regions by code, checked in one query; returns the Region objects in the order given."""

    default_error_messages = {"unknown": _("Unknown region codes: {codes}.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("child", serializers.CharField(max_length=6))
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
