"""What the payment API and the gateways' notifications carry, read by DRF serializers."""

from rest_framework import serializers

from marketplace.api.serializers import InputSerializer


class SimulatedNotification(InputSerializer):
    """The simulated gateway's "paid" notification, as API.md gives it."""

    payment_no = serializers.CharField(max_length=32)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    status = serializers.ChoiceField(choices=["succeeded"])
    event_id = serializers.CharField(max_length=64)
