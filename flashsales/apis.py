"""The flash-sale API: the member's pass, the attempt (the hot path: no SQL unless it wins), the storefront's
sessions, and the seller's sessions (create, list, publish, cancel)."""

import json

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from flashsales import selectors, services
from flashsales.exceptions import FlashRefused
from flashsales.models import FlashSession
from flashsales.serializers import FlashSessionSerializer, StorefrontSessionSerializer
from marketplace.api.errors import error_body
from marketplace.api.pagination import paginated_response
from marketplace.api.schema import error_response
from marketplace.api.serializers import INTEGER_MAX, InputSerializer, IsoDateTimeField
from marketplace.exceptions import DomainError
from stores.permissions import IsStoreManager
from stores.seller import SellerAPIView

PASS_HEADER = "X-Flash-Pass"
PASS_META = "HTTP_X_FLASH_PASS"
MAX_ATTEMPT_QUANTITY = 99
REFUSALS = error_response(
    "flash_not_started",
    "flash_ended",
    "flash_limit_reached",
    "flash_sold_out",
    "flash_unavailable",
    description="The gate refused the attempt.",
)


class FlashPassApi(APIView):
    """GET /api/v1/flash/pass/: the member's pass for attempts (send it as `X-Flash-Pass`), valid 12 hours."""

    @extend_schema(responses={200: inline_serializer("FlashPass", {"pass": serializers.CharField()})})
    def get(self, request):
        return Response({"pass": selectors.member_pass(user_id=request.user.pk)})


def checkout_url(sku_id: int, quantity: int) -> str:
    return reverse("shop-checkout") + "?" + urlencode({"buy": 1, "sku": sku_id, "quantity": quantity})


class FlashAttemptApi(APIView):
    """POST /api/v1/flash/{session}/{sku}/attempts/ {"quantity"?: 1} with `X-Flash-Pass`: one attempt at a unit.
    201 with the hold (its token, expiry, and where to check out); a refusal is 409 with its code. No session or
    token lookup (the pass is signed) and no throttle (the gate is the limit): a losing attempt runs no SQL."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []

    class InputSerializer(InputSerializer):
        quantity = serializers.IntegerField(min_value=1, max_value=MAX_ATTEMPT_QUANTITY, required=False, default=1)

    def dispatch(self, request, *args, **kwargs):
        """POST skips DRF's request cycle (its Request wrapper, negotiation, renderer): at a sale's peak this view
        takes a hundred thousand requests, nearly all of them refusals, and must keep pace with a bare view. What
        DRF would do here is done by hand below: no authentication to run, strict input, the error shape. The
        other methods, and the schema (from `post`), stay DRF's."""
        if request.method != "POST":
            return super().dispatch(request, *args, **kwargs)
        return attempt(request, **kwargs)

    @extend_schema(
        request=InputSerializer,
        parameters=[OpenApiParameter(PASS_HEADER, location=OpenApiParameter.HEADER, required=True)],
        responses={
            201: inline_serializer(
                "FlashHold",
                {
                    "token": serializers.CharField(),
                    "quantity": serializers.IntegerField(),
                    "expires_at": IsoDateTimeField(),
                    "checkout_url": serializers.CharField(),
                },
            ),
            401: error_response("not_authenticated", description="No pass, or not a valid one."),
            404: error_response("not_found", description="No such session or SKU on sale."),
            409: REFUSALS,
        },
    )
    def post(self, request, session_id: int, sku_id: int):  # documents the operation; dispatch() answers it
        return attempt(request, session_id=session_id, sku_id=sku_id)


def _answer(body: dict, status_code: int) -> HttpResponse:
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status_code, content_type="application/json")
    # A refusal is the gate's everyday answer (a sale ends with a hundred thousand of them), not a warning: Django's
    # request log would write a line for each.
    response._has_been_logged = True
    return response


def _quantity(raw: bytes) -> int | None:
    """The body's `quantity` (1 when the body is empty or `{}`); None when the body is not what the API takes."""
    if raw in (b"", b"{}") or not raw.strip():
        return 1
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(data, dict) or set(data) - {"quantity"}:
        return None
    quantity = data.get("quantity", 1)
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= MAX_ATTEMPT_QUANTITY:
        return None
    return quantity


def refusal(refused: FlashRefused) -> HttpResponse:
    """The gate's no, in the active language (the bench's floor view answers these very bytes)."""
    return _answer(error_body(refused.code, refused.detail), refused.status)


def attempt(request, *, session_id: int, sku_id: int) -> HttpResponse:
    user_id = selectors.pass_member(request.META.get(PASS_META, ""))  # META: request.headers builds a dict
    if user_id is None:
        detail = _("Send the member's pass (GET /api/v1/flash/pass/) as X-Flash-Pass.")
        return _answer(error_body("not_authenticated", detail), 401)
    quantity = _quantity(request.body)
    if quantity is None:
        message = _("A JSON object with at most `quantity`, a whole number from 1 to 99.")
        return _answer(error_body("validation_error", message, {"quantity": [message]}), 400)
    try:
        hold = services.flash_attempt(session_id=session_id, sku_id=sku_id, user_id=user_id, quantity=quantity)
    except FlashRefused as refused:
        return refusal(refused)
    except DomainError as error:  # not_found
        return _answer(error_body(error.code, error.detail, error.fields), error.status)
    body = {
        "token": hold.token,
        "quantity": hold.quantity,
        "expires_at": IsoDateTimeField().to_representation(hold.expires_at),
        "checkout_url": checkout_url(sku_id, quantity),
    }
    return _answer(body, 201)


class FlashSessionListApi(APIView):
    """GET /api/v1/flash/sessions/: the live and upcoming published sessions, soonest first."""

    permission_classes = [AllowAny]
    pagination_class = None  # the sessions of a few days: a short list, whole

    @extend_schema(responses={200: StorefrontSessionSerializer(many=True)})
    def get(self, request):
        sessions = selectors.storefront_sessions(now=timezone.now())
        return Response(StorefrontSessionSerializer(sessions, many=True).data)


class FlashItemInputSerializer(InputSerializer):
    sku = serializers.IntegerField(min_value=1, max_value=INTEGER_MAX)
    flash_price = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    quantity = serializers.IntegerField(min_value=1, max_value=100000)


class FlashSessionInputSerializer(InputSerializer):
    name = serializers.CharField(max_length=100)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    per_member_limit = serializers.IntegerField(min_value=1, max_value=99, default=1)
    exclusive = serializers.BooleanField(default=True)
    items = serializers.ListField(child=FlashItemInputSerializer(), min_length=1, max_length=services.MAX_ITEMS)

    def to_service(self) -> dict:
        values = dict(self.validated_data)
        values["items"] = [
            services.ItemInput(sku_id=item["sku"], flash_price=item["flash_price"], quantity=item["quantity"])
            for item in values["items"]
        ]
        return values


class SellerFlashSessionListApi(SellerAPIView):
    """GET/POST /api/v1/seller/flash-sessions/: the store's sessions; create a draft for its own SKUs (managers
    and owners; store funded)."""

    permission_classes = [IsStoreManager]

    @extend_schema(responses={200: FlashSessionSerializer(many=True)})
    def get(self, request):
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.store_sessions(store=self.store),
            serializer_class=FlashSessionSerializer,
        )

    @extend_schema(request=FlashSessionInputSerializer, responses={201: FlashSessionSerializer})
    def post(self, request):
        data = FlashSessionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = services.flash_session_create(store=self.store, by=request.user, **data.to_service())
        return Response(FlashSessionSerializer(session).data, status=status.HTTP_201_CREATED)


class SellerFlashSessionActionApi(SellerAPIView):
    """A manager's action on one of the store's sessions (another store's is not found), answered with the session."""

    permission_classes = [IsStoreManager]

    @staticmethod
    def service(*, session: FlashSession, by) -> FlashSession:
        raise NotImplementedError

    def post(self, request, session_id: int):
        session = get_object_or_404(selectors.store_sessions(store=self.store), pk=session_id)
        self.service(session=session, by=request.user)
        return Response(FlashSessionSerializer(FlashSession.objects.get(pk=session.pk)).data)


@extend_schema(
    request=None,
    responses={
        200: FlashSessionSerializer,
        409: error_response("invalid_transition", "insufficient_stock", description="Not a draft, or short."),
    },
)
class SellerFlashSessionPublishApi(SellerFlashSessionActionApi):
    """POST /api/v1/seller/flash-sessions/{id}/publish/: take the flash quantities out of stock and open the gate."""

    service = staticmethod(services.flash_session_publish)


@extend_schema(
    request=None,
    responses={
        200: FlashSessionSerializer,
        409: error_response("invalid_transition", "flash_unavailable", description="Ended, or Redis is down."),
    },
)
class SellerFlashSessionCancelApi(SellerFlashSessionActionApi):
    """POST /api/v1/seller/flash-sessions/{id}/cancel/: give the session up (a draft; a published one not started
    returns its quantities to stock; a started one stops selling now and closes when its holds expire). Again:
    the session as it is."""

    service = staticmethod(services.flash_session_cancel)
