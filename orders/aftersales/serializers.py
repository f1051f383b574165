"""What the after-sales API and the seller's after-sales pages read and write."""

from rest_framework import serializers

from marketplace.api.serializers import InputSerializer


class ReasonInput(InputSerializer):
    """Why, in the person's own words: a store's rejection, a shopper's escalation (the services say when it is
    required)."""

    reason = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
