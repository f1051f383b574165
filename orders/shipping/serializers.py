"""What the seller sends to ship a parcel, read the same way by the API and the seller backend's ship form."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from marketplace.api.serializers import InputSerializer


class ParcelShipInput(InputSerializer):
    """A carrier's code and the tracking number it gave the parcel."""

    carrier = serializers.CharField(max_length=20)
    tracking_no = serializers.RegexField(
        r"^[A-Za-z0-9-]+$",
        max_length=40,
        error_messages={"invalid": gettext_lazy("Letters, digits and dashes only.")},
    )
