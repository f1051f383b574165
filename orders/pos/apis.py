"""The counter's API (POS, 收银台) under /api/v1/seller/pos/, behind the touch page /seller/pos/ and usable by a
counter app: find goods and members, price the lines, sell, the receipt, a refund at the counter, the store's
settings and accounts; and the staff figures under /api/v1/seller/staff/figures/. Thin: validate, call one service
or selector, serialize."""

from decimal import Decimal

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from marketplace.api.schema import error_response
from marketplace.api.serializers import InputSerializer
from marketplace.exceptions import InvalidInput, NotFound
from members.cards import CARD_CODE_PREFIX
from orders.models import MAX_CART_LINES, MAX_QUANTITY, CounterMethod, PosAccountKind
from orders.pos import selectors, services
from orders.pos.accounts import pos_account_create, pos_account_repay
from orders.pos.customers import member_find
from orders.pos.serializers import (
    PosAccountSerializer,
    PosMemberSerializer,
    PosSaleSerializer,
    PosSettingsSerializer,
    PosSkuSerializer,
    QuoteSerializer,
    StaffFiguresSerializer,
)
from stores.models import StaffRole
from stores.permissions import IsStoreManager, IsStoreOwner, IsStoreStaff
from stores.seller import SellerAPIView

SALE_REFUSALS = error_response(
    "pos_method_disabled",
    "pos_tendered_short",
    "pos_credit_limit_reached",
    "pos_member_required",
    "insufficient_stored_value",
    "insufficient_stock",
    description="The counter does not take this way, cash short, account over its limit, stored value or stock short.",
)


class LineInput(InputSerializer):
    sku = serializers.IntegerField(min_value=1)
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY)


class LinesInput(InputSerializer):
    lines = LineInput(many=True, max_length=MAX_CART_LINES)
    member = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def validate_lines(self, lines: list[dict]) -> list[dict]:
        """A SKU scanned twice is one line of both quantities (the engine prices each SKU once)."""
        merged: dict[int, int] = {}
        for line in lines:
            merged[line["sku"]] = merged.get(line["sku"], 0) + line["quantity"]
        if any(quantity > MAX_QUANTITY for quantity in merged.values()):
            raise serializers.ValidationError(_("At most %(count)d of one SKU.") % {"count": MAX_QUANTITY})
        return [{"sku": sku, "quantity": quantity} for sku, quantity in merged.items()]


def member_of(query: str):
    """The member the clerk typed (phone) or scanned (card code); nobody for an empty field; a member not found is
    a validation_error naming `member`. Returns (member, shown by card code)."""
    if not query.strip():
        return None, False
    member = member_find(query=query)
    if member is None:
        message = _("No member has this phone number or card code.")
        raise InvalidInput(message, fields={"member": [message]})
    return member, query.strip().startswith(CARD_CODE_PREFIX)


def lines_of(values) -> list[services.PosLine]:
    return [services.PosLine(line["sku"], line["quantity"]) for line in values["lines"]]


class PosSkusApi(SellerAPIView):
    """GET /api/v1/seller/pos/skus/?q=: the store's sellable SKUs by barcode or SKU code (exact, first) or title."""

    pagination_class = None  # the whole list, unpaged (API.md)

    @extend_schema(parameters=[OpenApiParameter("q", str)], responses={200: PosSkuSerializer(many=True)})
    def get(self, request):
        skus = selectors.pos_skus(store=self.store, query=request.query_params.get("q", "")[:100])
        return Response(PosSkuSerializer(skus, many=True).data)


class PosMemberApi(SellerAPIView):
    """GET /api/v1/seller/pos/member/?q=: the member of a phone number or a scanned card code (404 if none)."""

    @extend_schema(
        parameters=[OpenApiParameter("q", str)],
        responses={
            200: PosMemberSerializer,
            404: error_response("not_found", description="No member has that phone number or member code."),
        },
    )
    def get(self, request):
        query = request.query_params.get("q", "")[:200]
        member = member_find(query=query)
        if member is None:
            raise NotFound()
        by_card = query.strip().startswith(CARD_CODE_PREFIX)
        return Response(PosMemberSerializer(member, context={"by_card": by_card}).data)


class PosQuoteApi(SellerAPIView):
    """POST /api/v1/seller/pos/quote/ {"lines", "member"?}: the lines priced for the member (nothing held)."""

    @extend_schema(request=LinesInput, responses={200: QuoteSerializer})
    def post(self, request):
        data = LinesInput(data=request.data)
        data.is_valid(raise_exception=True)
        member, _by_card = member_of(data.validated_data["member"])
        quote = services.pos_quote(store=self.store, member=member, lines=lines_of(data.validated_data))
        return Response(QuoteSerializer(quote).data)


class PosSalesApi(SellerAPIView):
    """POST /api/v1/seller/pos/sales/ {"lines", "member"?, "method", "tendered"?, "reference"?, "account"?,
    "qr_channel"?, "key"?}: sell at the counter. Paid and handed over at once (201), or for "qr" waiting for the
    gateway (`pay_url`). Stored value needs the member's card code (they are at the counter)."""

    class SaleInput(LinesInput):
        method = serializers.ChoiceField(choices=CounterMethod.choices)
        tendered = serializers.DecimalField(
            max_digits=14, decimal_places=2, min_value=Decimal("0.00"), required=False, allow_null=True, default=None
        )
        reference = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
        account = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
        qr_channel = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
        key = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")

    @extend_schema(request=SaleInput, responses={201: PosSaleSerializer, 409: SALE_REFUSALS})
    def post(self, request):
        data = self.SaleInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        member, by_card = member_of(values["member"])
        if values["method"] == CounterMethod.STORED_VALUE and not by_card:
            member = None  # a phone number is no proof the member is here: stored value needs their card code
        sale = services.pos_sale(
            store=self.store,
            clerk=request.user,
            lines=lines_of(values),
            member=member,
            tender=services.Tender(
                method=values["method"],
                tendered=values["tendered"],
                reference=values["reference"],
                account_id=values["account"],
                qr_channel=values["qr_channel"],
            ),
            idempotency_key=values["key"],
        )
        return Response(PosSaleSerializer(sale).data, status=status.HTTP_201_CREATED)


class PosRefundApi(SellerAPIView):
    """POST /api/v1/seller/pos/sales/{trade_no}/refund/ {"reason"?}: the customer brought the goods back; the sale is
    refunded in full and its goods go back on the shelf (owners and managers)."""

    permission_classes = [IsStoreManager]

    class ReasonInput(InputSerializer):
        reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    @extend_schema(
        request=ReasonInput,
        responses={200: None, 409: error_response("pos_not_refundable", description="Unpaid, closed or refunding.")},
    )
    def post(self, request, trade_no: str):
        data = self.ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        refunds = services.pos_refund(
            store=self.store, trade_no=trade_no, by=request.user, reason=data.validated_data["reason"]
        )
        return Response({"refunds": [refund.refund_no for refund in refunds], "amount": _total(refunds)})


def _total(refunds) -> str:
    return f"{sum((refund.amount for refund in refunds), Decimal('0.00')):.2f}"


class PosSettingsApi(SellerAPIView):
    """GET /api/v1/seller/pos/settings/: the ways the counter takes (any staff); PUT {"methods"}: the owner's."""

    def get_permissions(self):
        return [IsStoreOwner()] if self.request.method == "PUT" else [IsStoreStaff()]

    @extend_schema(responses={200: PosSettingsSerializer})
    def get(self, request):
        return Response({"methods": services.pos_settings_of(store=self.store).methods})

    @extend_schema(request=PosSettingsSerializer, responses={200: PosSettingsSerializer})
    def put(self, request):
        class SettingsInput(InputSerializer):
            methods = serializers.ListField(child=serializers.ChoiceField(choices=CounterMethod.choices), max_length=6)

        data = SettingsInput(data=request.data)
        data.is_valid(raise_exception=True)
        chosen = set(data.validated_data["methods"])
        found = services.pos_settings_update(store=self.store, methods={m: m in chosen for m in CounterMethod.values})
        return Response({"methods": found.methods})


class PosAccountsApi(SellerAPIView):
    """GET /api/v1/seller/pos/accounts/: the store's counter accounts (挂账, 月结); POST: a new one (managers)."""

    pagination_class = None  # the whole list, unpaged (API.md)

    class AccountInput(InputSerializer):
        kind = serializers.ChoiceField(choices=PosAccountKind.choices)
        name = serializers.CharField(max_length=50)
        phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
        credit_limit = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.00"))

    def get_permissions(self):
        return [IsStoreManager()] if self.request.method == "POST" else [IsStoreStaff()]

    @extend_schema(responses={200: PosAccountSerializer(many=True)})
    def get(self, request):
        return Response(PosAccountSerializer(selectors.pos_accounts(store=self.store), many=True).data)

    @extend_schema(
        request=AccountInput,
        responses={201: PosAccountSerializer, 409: error_response("pos_account_exists", description="Name taken.")},
    )
    def post(self, request):
        data = self.AccountInput(data=request.data)
        data.is_valid(raise_exception=True)
        account = pos_account_create(store=self.store, **data.validated_data)
        return Response(PosAccountSerializer(account).data, status=status.HTTP_201_CREATED)


class PosAccountRepayApi(SellerAPIView):
    """POST /api/v1/seller/pos/accounts/{id}/repay/ {"amount", "reference"}: money received from the customer
    (managers); the same reference twice records it once."""

    permission_classes = [IsStoreManager]

    class RepayInput(InputSerializer):
        amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
        reference = serializers.CharField(max_length=32)

    @extend_schema(
        request=RepayInput,
        responses={200: PosAccountSerializer, 409: error_response("pos_repayment_too_much", description="Owes less.")},
    )
    def post(self, request, account_id: int):
        data = self.RepayInput(data=request.data)
        data.is_valid(raise_exception=True)
        account = selectors.pos_accounts(store=self.store).filter(pk=account_id).first()
        if account is None:
            raise NotFound()
        pos_account_repay(account=account, by=request.user, **data.validated_data)
        account.refresh_from_db()
        return Response(PosAccountSerializer(account).data)


class StaffFiguresApi(SellerAPIView):
    """GET /api/v1/seller/staff/figures/: counter sales and members gained, today and this month: a clerk's own, or
    for owners and managers every staff member of the store."""

    pagination_class = None  # the whole list, unpaged (API.md)

    @extend_schema(responses={200: StaffFiguresSerializer(many=True)})
    def get(self, request):
        own = self.membership.role == StaffRole.CLERK
        figures = selectors.staff_figures(store=self.store, user_id=request.user.pk if own else None)
        return Response(StaffFiguresSerializer(figures, many=True).data)
