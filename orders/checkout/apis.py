"""Checkout over the API: the preview (nothing reserved) and the submission that places the trade."""

from decimal import Decimal
from functools import partial

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.selectors import seller_of
from marketplace.api.plain_input import validated
from marketplace.api.schema import error_response
from marketplace.api.serializers import INTEGER_MAX, InputSerializer
from orders.checkout.body import checkout_values
from orders.checkout.preview import AUTO, CheckoutRequest, checkout_price
from orders.checkout.serializers import TradeSerializer, trade_data
from orders.checkout.services import Submission, order_submit
from orders.models import MAX_CART_LINES, MAX_QUANTITY
from orders.plays import PlayChoice
from orders.pricing import LineRequest
from promotions.pricing import Channel
from promotions.serializers import CartBreakdownSerializer, breakdown_data


class CouponsField(serializers.JSONField):
    """`"auto"` (the best coupons the member holds) or a list of the member's coupon ids."""

    json_schema = {
        "oneOf": [
            {"type": "string", "enum": [AUTO]},
            {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": INTEGER_MAX}},
        ]
    }


class CheckoutPreviewApi(APIView):
    """POST /api/v1/checkout/preview/ {"lines"?, "address"?, "coupons": "auto" | [ids], "points", "stored_value",
    "channel", "play"?, "deal"?}: the breakdown per store and line, coupon lists and warnings (API.md), with what the
    member's stored value would pay and the cash left to pay. Nothing is reserved or locked. `deal`: an accepted deal
    of the member's company, its lines at its agreed prices (decision 0042)."""

    class LineSerializer(InputSerializer):
        sku = serializers.IntegerField(min_value=1)
        quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY)
        store = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)

    class InputSerializer(InputSerializer):
        lines = serializers.ListField(required=False, default=list, max_length=MAX_CART_LINES)
        address = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
        coupons = CouponsField(required=False, default=AUTO)
        points = serializers.IntegerField(min_value=0, required=False, default=0)
        stored_value = serializers.DecimalField(
            max_digits=14, decimal_places=2, min_value=Decimal("0.00"), required=False, default=Decimal("0.00")
        )
        channel = serializers.ChoiceField(choices=[c.value for c in Channel], required=False, default=Channel.WEB)
        play = serializers.CharField(max_length=40, required=False, default=None, allow_null=True)
        pickup_store = serializers.IntegerField(min_value=1, required=False, default=None, allow_null=True)
        deal = serializers.IntegerField(
            min_value=1, max_value=INTEGER_MAX, required=False, default=None, allow_null=True
        )

        def validate_play(self, play):
            """ "group_buy:12": the one line of `lines` bought through that marketing play."""
            return PlayChoice.from_text(play) if play is not None else None

        def validate_lines(self, lines):
            serializer = CheckoutPreviewApi.LineSerializer(data=lines, many=True)
            serializer.is_valid(raise_exception=True)
            skus = [line["sku"] for line in serializer.validated_data]
            if len(set(skus)) != len(skus):
                raise serializers.ValidationError(_("Name each SKU once."))
            return [
                LineRequest(
                    line["sku"], line["quantity"], seller_id=seller_of(sku_id=line["sku"], store_id=line["store"])
                )
                for line in serializer.validated_data
            ]

        def validate_coupons(self, coupons):
            if coupons == AUTO:
                return AUTO
            if isinstance(coupons, list) and all(
                isinstance(c, int) and not isinstance(c, bool) and 1 <= c <= INTEGER_MAX for c in coupons
            ):
                return tuple(coupons)
            raise serializers.ValidationError(_('"auto" or a list of your coupon ids.'))

    @extend_schema(
        request=InputSerializer,
        responses={
            200: CartBreakdownSerializer,
            409: error_response("pickup_unavailable", description="The pickup store does not sell every line."),
        },
    )
    def post(self, request):
        values = validated(request.data, partial(checkout_values, submit=False), self.InputSerializer)
        checkout = CheckoutRequest(
            lines=tuple(values["lines"]),
            address_id=values["address"],
            coupons=values["coupons"],
            points=values["points"],
            channel=Channel(values["channel"]),
            stored_value=values["stored_value"],
            play=values["play"],
            pickup_store=values["pickup_store"],
            deal=values["deal"],
        )
        priced = checkout_price(user=request.user, request=checkout, now=timezone.now())
        return Response(breakdown_data(priced.breakdown))


class CheckoutSubmitApi(APIView):
    """POST /api/v1/checkout/submit/: the preview's body plus `expected_payable`, with an `Idempotency-Key`
    header. Places the trade and one order per store (cross-border stores: as many as the cap needs)."""

    class InputSerializer(CheckoutPreviewApi.InputSerializer):
        expected_payable = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.00"))
        address = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)  # pickup: none
        note = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)

    @extend_schema(
        request=InputSerializer,
        parameters=[OpenApiParameter("Idempotency-Key", location=OpenApiParameter.HEADER, required=False)],
        responses={
            201: TradeSerializer,
            409: error_response(
                "insufficient_stock",
                "price_changed",
                "coupon_unavailable",
                "insufficient_points",
                "insufficient_stored_value",
                "pickup_unavailable",
                "deal_not_ready",
                "deal_expired",
                description="Stock, the price, a coupon, points or stored value changed since the preview; or the "
                "pickup store does not sell every line; or the deal named is not accepted or has expired.",
            ),
            422: error_response("idempotency_conflict", description="The Idempotency-Key came with another body."),
        },
    )
    def post(self, request):
        values = validated(request.data, partial(checkout_values, submit=True), self.InputSerializer)
        submission = Submission(
            checkout=CheckoutRequest(
                lines=tuple(values["lines"]),
                address_id=values["address"],
                coupons=values["coupons"],
                points=values["points"],
                stored_value=values["stored_value"],
                channel=Channel(values["channel"]),
                play=values["play"],
                pickup_store=values["pickup_store"],
                deal=values["deal"],
            ),
            expected_payable=values["expected_payable"],
            idempotency_key=request.headers.get("Idempotency-Key", "")[:100],
            note=values["note"],
        )
        trade = order_submit(user=request.user, submission=submission)
        return Response(trade_data(trade), status=status.HTTP_201_CREATED)
