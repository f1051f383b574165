"""The cart over the API: read it, add a SKU, change or remove a line; each answers with the whole cart."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.plain_input import Unusual, fields_known, id_or_none, validated, whole
from marketplace.api.serializers import InputSerializer
from orders.cart import selectors
from orders.cart import services as cart_services
from orders.cart.serializers import CartSerializer
from orders.cart.view_model import cart_view
from orders.models import MAX_QUANTITY
from stores.choice import session_store_id


def cart_response(request, status_code=status.HTTP_200_OK) -> Response:
    items = list(selectors.cart_items(user=request.user))
    return Response(
        CartSerializer(cart_view(user=request.user, items=items, now=timezone.now())).data, status=status_code
    )


class CartApi(APIView):
    """GET /api/v1/cart/: lines grouped by store, priced now, with invalid lines explained."""

    @extend_schema(responses={200: CartSerializer})
    def get(self, request):
        return cart_response(request)


class CartItemsApi(APIView):
    """POST /api/v1/cart/items/ {"sku","quantity"[,"store"]}: add, merging with the line already there. `store`
    (else the member's chosen store): sold by that store when it lists the product. Returns the cart."""

    class InputSerializer(InputSerializer):
        sku = serializers.IntegerField(min_value=1)
        quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY, default=1)
        store = serializers.IntegerField(min_value=1, required=False, allow_null=True)

    class AddedSerializer(serializers.Serializer):
        id = serializers.IntegerField(source="item_id")
        sku = serializers.IntegerField(source="sku_id")
        quantity = serializers.IntegerField()
        count = serializers.IntegerField(source="cart_units")

    @extend_schema(
        request=InputSerializer,
        responses={201: CartSerializer},
        description='With the header "Prefer: return=minimal" the answer is only the line and the cart\'s units: '
        '{"id","sku","quantity","count"} (what the product page shows), without pricing the cart.',
    )
    def post(self, request):
        values = validated(request.data, added_values, self.InputSerializer)
        added = cart_services.cart_add(
            user=request.user,
            sku_id=values["sku"],
            quantity=values["quantity"],
            store_id=values["store"] if "store" in values else session_store_id(request),
        )
        if wants_minimal(request):  # what AddedSerializer writes (a test holds the two together)
            body = {"id": added.item_id, "sku": added.sku_id, "quantity": added.quantity, "count": added.cart_units}
            return Response(body, status=status.HTTP_201_CREATED)
        return cart_response(request, status.HTTP_201_CREATED)


def added_values(data) -> dict | None:
    """An add's body read in plain Python when it has the everyday shape (marketplace.api.plain_input): what
    `CartItemsApi.InputSerializer` gives for it, else None. `store` is in the values only when the body names it."""
    try:
        fields_known(data, _ADD_FIELDS)
        values = {"sku": whole(data.get("sku")), "quantity": whole(data.get("quantity", 1), high=MAX_QUANTITY)}
        if "store" in data:
            values["store"] = id_or_none(data["store"])
    except Unusual:
        return None
    return values


_ADD_FIELDS = frozenset({"sku", "quantity", "store"})


def wants_minimal(request) -> bool:
    """RFC 7240's `Prefer: return=minimal`: the client needs no more than what the write did."""
    preferences = request.headers.get("Prefer", "")
    return "return=minimal" in (part.strip() for part in preferences.split(","))


class CartItemApi(APIView):
    """PATCH /api/v1/cart/items/{id}/ {"quantity"|"selected"|"promotion"}; DELETE removes the line."""

    class InputSerializer(InputSerializer):
        quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY, required=False)
        selected = serializers.BooleanField(required=False)
        promotion = serializers.IntegerField(min_value=1, required=False, allow_null=True)

    @extend_schema(request=InputSerializer, responses={200: CartSerializer})
    def patch(self, request, item_id: int):
        item = selectors.cart_item_of(user=request.user, item_id=item_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        cart_services.cart_change(
            item=item,
            quantity=values.get("quantity"),
            selected=values.get("selected"),
            promotion_id=values.get("promotion"),
            clear_promotion="promotion" in values and values["promotion"] is None,
        )
        return cart_response(request)

    @extend_schema(request=None, responses={200: CartSerializer})
    def delete(self, request, item_id: int):
        cart_services.cart_remove(item=selectors.cart_item_of(user=request.user, item_id=item_id))
        return cart_response(request)
