"""The settlement API (API.md "Settlement and finance"): finance sets each store's terms and supply prices; the
store's owner and manager read their terms."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.pagination import paginated_response
from marketplace.api.permissions import IsFinance
from marketplace.api.schema import error_response
from marketplace.api.serializers import InputSerializer
from marketplace.exceptions import InvalidInput
from orders.payment.gateways import gateway_names
from settlement import selectors, services
from settlement.models import (
    Adjustment,
    Bill,
    BillLine,
    BillRun,
    BillStatus,
    Cycle,
    MatchResult,
    Mode,
    Payout,
    PayoutMethod,
    SettlementTerms,
    Statement,
    StatementItem,
    SupplyPrice,
)
from settlement.services.reconciliation import MAX_FILE_BYTES
from stores.models import Store
from stores.permissions import IsStoreManager
from stores.seller import SellerAPIView

WRONG_STATUS = error_response("invalid_transition", description="The bill (or item) is not in a state that allows it.")
NOT_YOURS = error_response("permission_denied", description="An adjustment is approved by another finance user.")
NO_PAYOUT_PERMISSION = error_response("permission_denied", description="Paying needs settlement.pay_bill.")

PERCENT = {"max_digits": 5, "decimal_places": 2, "min_value": 0, "max_value": 100}
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}


class CategoryRateSerializer(serializers.Serializer):
    category = serializers.IntegerField(min_value=1)
    rate = serializers.DecimalField(**PERCENT)


class SalesTierSerializer(serializers.Serializer):
    rate = serializers.DecimalField(**PERCENT)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DecimalField(**MONEY)  # a keyword in Python, a field name in API.md
        return fields


class MarginBandSerializer(serializers.Serializer):
    from_margin = serializers.DecimalField(**PERCENT)
    store_share = serializers.DecimalField(**PERCENT)


class TermsVersionSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username")

    class Meta:
        model = SettlementTerms
        fields = ["effective_from", "mode", "rate", "cycle", "hold_days", "created_by", "created_at"]


class TermsSerializer(serializers.Serializer):
    """The terms in force today (API.md), the payout account masked, and every version."""

    mode = serializers.ChoiceField(choices=Mode.choices)
    rate = serializers.DecimalField(max_digits=5, decimal_places=2)
    category_rates = CategoryRateSerializer(many=True)
    sales_tiers = SalesTierSerializer(many=True)
    margin_bands = MarginBandSerializer(many=True)
    cycle = serializers.ChoiceField(choices=Cycle.choices)
    hold_days = serializers.IntegerField()
    effective_from = serializers.DateField()
    bank_name = serializers.CharField()
    account_name = serializers.CharField()
    account_number = serializers.CharField(source="masked_account", help_text="The last four digits only.")
    versions = serializers.SerializerMethodField()

    def get_versions(self, terms) -> list[dict]:
        return TermsVersionSerializer(selectors.terms_versions(store=terms.store), many=True).data


def terms_response(store: Store) -> Response:
    return Response(TermsSerializer(selectors.terms_in_force(store=store, on=timezone.localdate())).data)


class FinanceStoreTermsApi(APIView):
    """GET|PUT /api/v1/finance/stores/{id}/terms/ (finance): a PUT adds a version from `effective_from`."""

    permission_classes = [IsFinance]

    class InputSerializer(InputSerializer):
        mode = serializers.ChoiceField(choices=Mode.choices)
        rate = serializers.DecimalField(**PERCENT, default=0)
        category_rates = CategoryRateSerializer(many=True, default=list)
        sales_tiers = SalesTierSerializer(many=True, default=list)
        margin_bands = MarginBandSerializer(many=True, default=list)
        cycle = serializers.ChoiceField(choices=Cycle.choices)
        hold_days = serializers.IntegerField(min_value=0, max_value=90)
        effective_from = serializers.DateField()
        bank_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
        account_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
        account_number = serializers.RegexField(r"^[0-9]{8,30}$", required=False, allow_blank=True)

    @extend_schema(responses=TermsSerializer)
    def get(self, request, store_id: int):
        return terms_response(get_object_or_404(Store, pk=store_id))

    @extend_schema(
        request=InputSerializer,
        responses={
            200: TermsSerializer,
            409: error_response("invalid_transition", description="The terms in force today."),
        },
    )
    def put(self, request, store_id: int):
        store = get_object_or_404(Store, pk=store_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        terms = services.TermsInput(
            effective_from=values["effective_from"],
            mode=values["mode"],
            cycle=values["cycle"],
            hold_days=values["hold_days"],
            rate=values["rate"],
            category_rates=[(row["category"], row["rate"]) for row in values["category_rates"]],
            sales_tiers=[(row["from"], row["rate"]) for row in values["sales_tiers"]],
            margin_bands=[(row["from_margin"], row["store_share"]) for row in values["margin_bands"]],
            bank_name=values.get("bank_name"),
            account_name=values.get("account_name"),
            account_number=values.get("account_number"),
        )
        services.terms_set(store=store, by=request.user, terms=terms)
        return terms_response(store)


class SupplyPriceSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupplyPrice
        fields = ["sku", "price"]


class FinanceSupplyPricesApi(APIView):
    """PUT /api/v1/finance/stores/{id}/supply-prices/ [{"sku","price"}] (finance): HQ's unit prices to the store."""

    permission_classes = [IsFinance]

    class InputSerializer(InputSerializer):
        sku = serializers.IntegerField(min_value=1)
        price = serializers.DecimalField(**MONEY)

    @extend_schema(request=InputSerializer(many=True), responses=SupplyPriceSerializer(many=True))
    def put(self, request, store_id: int):
        store = get_object_or_404(Store, pk=store_id)
        data = self.InputSerializer(data=request.data, many=True)
        data.is_valid(raise_exception=True)
        prices = services.supply_prices_set(
            store=store, by=request.user, prices=[(row["sku"], row["price"]) for row in data.validated_data]
        )
        return Response(SupplyPriceSerializer(prices, many=True).data)


class SellerSettlementTermsApi(SellerAPIView):
    """GET /api/v1/seller/settlement/terms/ (owner, manager): the store's terms, read-only."""

    permission_classes = [IsStoreManager]

    @extend_schema(responses=TermsSerializer)
    def get(self, request):
        return terms_response(self.store)


# --- Bill runs and bills -------------------------------------------------------------------------------------------


class BillRunSerializer(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField()

    class Meta:
        model = BillRun
        fields = ["id", "until", "cycle", "store_ids", "status", "progress", "started_at", "finished_at"]

    def get_progress(self, run: BillRun) -> dict:
        return {
            "stores_total": run.stores_total,
            "stores_done": run.stores_done,
            "bills_made": run.bills_made,
            "lines_billed": run.lines_billed,
            "failures": run.failures,
        }


class FinanceBillRunsApi(APIView):
    """POST /api/v1/finance/bill-runs/ {"until","stores"} (finance): bill every store (or those named) as of
    `until`, in a worker; 202 with the run, whose progress GET .../bill-runs/{id}/ shows until it is `done`."""

    permission_classes = [IsFinance]

    class InputSerializer(InputSerializer):
        until = serializers.DateField()
        stores = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, max_length=1000)

        def validate_until(self, until):
            if until > timezone.localdate():
                raise serializers.ValidationError(_("A bill run closes days already begun, not days to come."))
            return until

    @extend_schema(request=InputSerializer, responses={202: BillRunSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run = services.bill_run_start(
            until=data.validated_data["until"], store_ids=data.validated_data.get("stores"), by=request.user
        )
        return Response(BillRunSerializer(run).data, status=202)


class FinanceBillRunApi(APIView):
    permission_classes = [IsFinance]

    @extend_schema(responses=BillRunSerializer)
    def get(self, request, run_id: int):
        return Response(BillRunSerializer(selectors.bill_run_of(run_id=run_id)).data)


class BillSerializer(serializers.ModelSerializer):
    store = serializers.IntegerField(source="store_id")
    net_sales = serializers.DecimalField(max_digits=14, decimal_places=2)
    store_due = serializers.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        model = Bill
        fields = [
            "id",
            "bill_no",
            "store",
            "period_start",
            "period_end",
            "status",
            "gross",
            "store_discounts",
            "platform_discounts",
            "net_sales",
            "hq_take",
            "freight",
            "brought_forward",
            "adjustments",
            "credits",
            "store_due",
        ]


class BillLineSerializer(serializers.ModelSerializer):
    order_no = serializers.CharField(source="order.order_no")
    sku = serializers.IntegerField(source="line.sku_id", allow_null=True, default=None)
    net_sales = serializers.DecimalField(max_digits=14, decimal_places=2)
    store_due = serializers.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        model = BillLine
        fields = [
            "order_no",
            "line",
            "sku",
            "quantity",
            "gross",
            "store_discounts",
            "platform_discounts",
            "net_sales",
            "hq_take",
            "freight",
            "store_due",
        ]


class BillFilter(InputSerializer):
    store = serializers.IntegerField(min_value=1, required=False)
    status = serializers.ChoiceField(choices=BillStatus.choices, required=False)
    page = serializers.CharField(required=False)
    page_size = serializers.CharField(required=False)


class FinanceBillsApi(APIView):
    """GET /api/v1/finance/bills/?store=&status= (finance): every store's bills, the latest period first."""

    permission_classes = [IsFinance]

    @extend_schema(parameters=[BillFilter], responses=BillSerializer(many=True))
    def get(self, request):
        query = BillFilter(data=request.query_params)
        query.is_valid(raise_exception=True)
        bills = selectors.bills_of(
            store_id=query.validated_data.get("store"), status=query.validated_data.get("status", "")
        )
        return paginated_response(request=request, view=self, queryset=bills, serializer_class=BillSerializer)


class FinanceBillApi(APIView):
    permission_classes = [IsFinance]

    @extend_schema(responses=BillSerializer)
    def get(self, request, bill_id: int):
        return Response(BillSerializer(selectors.bill_of(bills=selectors.bills_of(), bill_id=bill_id)).data)


class FinanceBillLinesApi(APIView):
    """GET /api/v1/finance/bills/{id}/lines/: the bill's lines (a refund after billing is a negative line)."""

    permission_classes = [IsFinance]

    @extend_schema(responses=BillLineSerializer(many=True))
    def get(self, request, bill_id: int):
        bill = selectors.bill_of(bills=selectors.bills_of(), bill_id=bill_id)
        lines = selectors.bill_lines(bill=bill)
        return paginated_response(request=request, view=self, queryset=lines, serializer_class=BillLineSerializer)


class SellerBillsApi(SellerAPIView):
    """GET /api/v1/seller/settlement/bills/?status= (owner, manager): the store's own bills."""

    permission_classes = [IsStoreManager]

    @extend_schema(parameters=[BillFilter], responses=BillSerializer(many=True))
    def get(self, request):
        query = BillFilter(data=request.query_params)
        query.is_valid(raise_exception=True)
        bills = selectors.bills_of(store=self.store, status=query.validated_data.get("status", ""))
        return paginated_response(request=request, view=self, queryset=bills, serializer_class=BillSerializer)


class SellerBillApi(SellerAPIView):
    permission_classes = [IsStoreManager]

    @extend_schema(responses=BillSerializer)
    def get(self, request, bill_id: int):
        bill = selectors.bill_of(bills=selectors.bills_of(store=self.store), bill_id=bill_id)
        return Response(BillSerializer(bill).data)


class SellerBillLinesApi(SellerAPIView):
    permission_classes = [IsStoreManager]

    @extend_schema(responses=BillLineSerializer(many=True))
    def get(self, request, bill_id: int):
        bill = selectors.bill_of(bills=selectors.bills_of(store=self.store), bill_id=bill_id)
        lines = selectors.bill_lines(bill=bill)
        return paginated_response(request=request, view=self, queryset=lines, serializer_class=BillLineSerializer)


# --- Confirmation, adjustments, payouts ------------------------------------------------------------------------------


class AdjustmentSerializer(serializers.ModelSerializer):
    proposed_by = serializers.CharField(source="proposed_by.username")
    approved_by = serializers.CharField(source="approved_by.username", default=None)

    class Meta:
        model = Adjustment
        fields = ["id", "bill", "amount", "reason", "proposed_by", "approved_by", "created_at", "approved_at"]


class PayoutSerializer(serializers.ModelSerializer):
    class Meta:
        model = Payout
        fields = ["payout_no", "bill", "method", "amount", "status", "reference", "failure", "created_at", "settled_at"]


class DisputeSerializer(InputSerializer):
    reason = serializers.CharField(max_length=200, allow_blank=True)


class SellerBillConfirmApi(SellerAPIView):
    """POST /api/v1/seller/settlement/bills/{id}/confirm/ (owner, manager): the store agrees with its bill."""

    permission_classes = [IsStoreManager]

    @extend_schema(request=None, responses={200: BillSerializer, 409: WRONG_STATUS})
    def post(self, request, bill_id: int):
        bill = selectors.bill_of(bills=selectors.bills_of(store=self.store), bill_id=bill_id)
        return Response(BillSerializer(services.bill_store_confirm(bill=bill, by=request.user)).data)


class SellerBillDisputeApi(SellerAPIView):
    """POST /api/v1/seller/settlement/bills/{id}/dispute/ {"reason"} (owner, manager)."""

    permission_classes = [IsStoreManager]

    @extend_schema(request=DisputeSerializer, responses={200: BillSerializer, 409: WRONG_STATUS})
    def post(self, request, bill_id: int):
        bill = selectors.bill_of(bills=selectors.bills_of(store=self.store), bill_id=bill_id)
        data = DisputeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        disputed = services.bill_dispute(bill=bill, by=request.user, reason=data.validated_data["reason"])
        return Response(BillSerializer(disputed).data)


class FinanceAdjustmentsApi(APIView):
    """POST /api/v1/finance/bills/{id}/adjustments/ {"amount","reason"} (finance): propose an adjustment."""

    permission_classes = [IsFinance]

    class InputSerializer(InputSerializer):
        amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=-(10**11), max_value=10**11)
        reason = serializers.CharField(max_length=200)

    @extend_schema(request=InputSerializer, responses={201: AdjustmentSerializer, 409: WRONG_STATUS})
    def post(self, request, bill_id: int):
        bill = selectors.bill_of(bills=selectors.bills_of(), bill_id=bill_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        adjustment = services.adjustment_propose(bill=bill, by=request.user, **data.validated_data)
        return Response(AdjustmentSerializer(adjustment).data, status=201)


class FinanceAdjustmentApproveApi(APIView):
    """POST /api/v1/finance/adjustments/{id}/approve/ (finance, not the proposer)."""

    permission_classes = [IsFinance]

    @extend_schema(request=None, responses={200: AdjustmentSerializer, 403: NOT_YOURS, 409: WRONG_STATUS})
    def post(self, request, adjustment_id: int):
        adjustment = selectors.adjustment_of(adjustment_id=adjustment_id)
        return Response(AdjustmentSerializer(services.adjustment_approve(adjustment=adjustment, by=request.user)).data)


class FinanceBillConfirmApi(APIView):
    """POST /api/v1/finance/bills/{id}/confirm/ (finance): payable, or carried forward with nothing to pay."""

    permission_classes = [IsFinance]

    @extend_schema(request=None, responses={200: BillSerializer, 409: WRONG_STATUS})
    def post(self, request, bill_id: int):
        bill = selectors.bill_of(bills=selectors.bills_of(), bill_id=bill_id)
        return Response(BillSerializer(services.bill_confirm(bill=bill, by=request.user)).data)


class FinancePayoutApi(APIView):
    """POST /api/v1/finance/bills/{id}/payout/ {"method":"manual","reference"} or {"method":"provider"} (finance
    with the payout permission)."""

    permission_classes = [IsFinance]

    class InputSerializer(InputSerializer):
        method = serializers.ChoiceField(choices=PayoutMethod.choices)
        reference = serializers.CharField(max_length=64, required=False, allow_blank=True)

    @extend_schema(
        request=InputSerializer, responses={201: PayoutSerializer, 403: NO_PAYOUT_PERMISSION, 409: WRONG_STATUS}
    )
    def post(self, request, bill_id: int):
        bill = selectors.bill_of(bills=selectors.bills_of(), bill_id=bill_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data["method"] == PayoutMethod.MANUAL:
            reference = data.validated_data.get("reference", "")
            payout = services.payout_manual(bill=bill, by=request.user, reference=reference)
        else:
            payout = services.payout_start(bill=bill, by=request.user)
        return Response(PayoutSerializer(payout).data, status=201)


class PayoutCallbackApi(APIView):
    """POST /api/v1/payouts/callback/: the payout provider's signed report of a payout (X-Signature, HMAC-SHA256
    over the raw body). Said twice, it changes nothing."""

    authentication_classes = []
    permission_classes = [AllowAny]

    class InputSerializer(InputSerializer):
        payout_no = serializers.CharField(max_length=32)
        status = serializers.ChoiceField(choices=["succeeded", "failed"])
        provider_payout_id = serializers.CharField(max_length=64, required=False)
        failure = serializers.CharField(max_length=200, required=False, allow_blank=True)

    @extend_schema(
        request=InputSerializer,
        parameters=[OpenApiParameter("X-Signature", location=OpenApiParameter.HEADER, required=True)],
        responses=PayoutSerializer,
    )
    def post(self, request):
        payout = services.payout_callback_take(body=request.body, signature=request.headers.get("X-Signature", ""))
        return Response(PayoutSerializer(payout).data)


# --- Reconciliation ------------------------------------------------------------------------------------------------


class DaySerializer(InputSerializer):
    day = serializers.DateField()


class SimulatedStatementApi(APIView):
    """GET /api/v1/finance/statements/simulated/?day=YYYY-MM-DD (finance): the simulated gateway's statement of the
    day, as CSV (what a real gateway's merchant portal exports)."""

    permission_classes = [IsFinance]

    @extend_schema(parameters=[DaySerializer], responses={(200, "text/csv"): str})
    def get(self, request):
        query = DaySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        day = query.validated_data["day"]
        response = HttpResponse(services.simulated_statement_csv(day=day), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="simulated-{day:%Y%m%d}.csv"'
        return response


class StatementSerializer(serializers.ModelSerializer):
    imported_by = serializers.CharField(source="imported_by.username")
    items_total = serializers.IntegerField()
    matched = serializers.IntegerField()
    open_differences = serializers.IntegerField()

    class Meta:
        model = Statement
        fields = [
            "id",
            "gateway",
            "day",
            "file_name",
            "imported_by",
            "imported_at",
            "items_total",
            "matched",
            "open_differences",
        ]


class StatementItemSerializer(serializers.ModelSerializer):
    resolved_by = serializers.CharField(source="resolved_by.username", default=None)

    class Meta:
        model = StatementItem
        fields = [
            "id",
            "kind",
            "reference",
            "their_amount",
            "our_amount",
            "result",
            "note",
            "resolved_by",
            "resolved_at",
        ]


class ReconciliationsApi(APIView):
    """GET /api/v1/finance/reconciliations/ (finance): imported statements, the latest day first.
    POST (multipart: `gateway`, `day`, `file`): import a gateway's statement and match it against our books."""

    permission_classes = [IsFinance]
    parser_classes = [MultiPartParser]

    class InputSerializer(InputSerializer):
        gateway = serializers.ChoiceField(choices=gateway_names())
        day = serializers.DateField()
        file = serializers.FileField(max_length=200)

    @extend_schema(responses=StatementSerializer(many=True))
    def get(self, request):
        return paginated_response(
            request=request, view=self, queryset=selectors.statements(), serializer_class=StatementSerializer
        )

    @extend_schema(request={"multipart/form-data": InputSerializer}, responses={201: StatementSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        if upload.size > MAX_FILE_BYTES:
            message = _("A statement file is at most 20 MB.")
            raise InvalidInput(message, fields={"file": [message]})
        statement = services.statement_import(
            gateway=data.validated_data["gateway"],
            day=data.validated_data["day"],
            content=upload.read(),
            file_name=upload.name,
            by=request.user,
        )
        return Response(StatementSerializer(selectors.statement_of(statement_id=statement.pk)).data, status=201)


class ItemFilter(InputSerializer):
    result = serializers.ChoiceField(choices=MatchResult.choices, required=False)
    open = serializers.BooleanField(required=False, default=False)
    page = serializers.CharField(required=False)
    page_size = serializers.CharField(required=False)


class ReconciliationApi(APIView):
    permission_classes = [IsFinance]

    @extend_schema(responses=StatementSerializer)
    def get(self, request, statement_id: int):
        return Response(StatementSerializer(selectors.statement_of(statement_id=statement_id)).data)


class ReconciliationItemsApi(APIView):
    """GET /api/v1/finance/reconciliations/{id}/items/?result=&open=true (finance)."""

    permission_classes = [IsFinance]

    @extend_schema(parameters=[ItemFilter], responses=StatementItemSerializer(many=True))
    def get(self, request, statement_id: int):
        query = ItemFilter(data=request.query_params)
        query.is_valid(raise_exception=True)
        statement = selectors.statement_of(statement_id=statement_id)
        items = selectors.statement_items(
            statement=statement,
            result=query.validated_data.get("result", ""),
            open_only=query.validated_data["open"],
        )
        return paginated_response(request=request, view=self, queryset=items, serializer_class=StatementItemSerializer)


class ReconciliationItemResolveApi(APIView):
    """POST /api/v1/finance/reconciliation-items/{id}/resolve/ {"note"} (finance): a difference explained."""

    permission_classes = [IsFinance]

    class InputSerializer(InputSerializer):
        note = serializers.CharField(max_length=200, allow_blank=True)

    @extend_schema(request=InputSerializer, responses={200: StatementItemSerializer, 409: WRONG_STATUS})
    def post(self, request, item_id: int):
        item = selectors.statement_item_of(item_id=item_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        resolved = services.statement_item_resolve(item=item, by=request.user, note=data.validated_data["note"])
        return Response(StatementItemSerializer(resolved).data)
