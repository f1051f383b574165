"""The deals' API (API.md "Quotes, assisted orders and contracts"): a company's users under
/api/v1/me/company/deals/ (their own company's deals only; another company's is 404), the store's staff under
/api/v1/seller/deals/ (their own store's only). Each write is one service."""

from decimal import Decimal

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from companies.apis import own_membership
from companies.deals import selectors, services
from companies.deals.contract import contract_pdf
from companies.deals.services import LineChange, WantedLine
from companies.models import Deal, DealStatus
from marketplace.api.pagination import paginated_response
from marketplace.api.permissions import IsOperator
from marketplace.api.schema import error_response
from marketplace.api.serializers import InputSerializer, MoneyField
from marketplace.exceptions import InvalidTransition
from stores.permissions import IsStoreManager
from stores.seller import SellerAPIView

ID_MAX = 2**63 - 1
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0.00")}
NOT_ALLOWED = error_response(
    "permission_denied",
    "approval_not_allowed",
    description="The caller's role does not allow this (`permission_denied`), or they may not approve this deal: not "
    "its approver, or its sender (`approval_not_allowed`).",
)
EXPIRED = error_response("deal_expired", "invalid_transition", description="Expired, or not in that state.")


class DealLineSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    sku = serializers.IntegerField(source="sku_id")
    title = serializers.CharField()
    quantity = serializers.IntegerField()
    list_price = MoneyField()
    unit_price = MoneyField(allow_null=True)
    amount = MoneyField(allow_null=True)


class DealEventSerializer(serializers.Serializer):
    type = serializers.CharField()
    label = serializers.CharField(source="get_type_display")
    by = serializers.CharField(source="by.username", default=None)
    at = serializers.DateTimeField()
    reason = serializers.CharField()
    data = serializers.JSONField()


class DealSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    number = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    origin = serializers.CharField()
    company = serializers.CharField(source="company.name")
    store = serializers.CharField(source="store.name")
    buyer = serializers.CharField(source="buyer.username")
    note = serializers.CharField()
    valid_until = serializers.DateField(allow_null=True)
    special_discount = MoneyField()
    list_total = serializers.SerializerMethodField()
    total = serializers.SerializerMethodField()
    percent_off = serializers.SerializerMethodField()
    terms = serializers.CharField()
    offered_by = serializers.CharField(source="offered_by.username", default=None)
    approved_by = serializers.CharField(source="approved_by.username", default=None)
    trade_no = serializers.CharField()
    order_no = serializers.CharField()
    buyer_confirmed = serializers.SerializerMethodField()
    store_confirmed = serializers.SerializerMethodField()
    lines = DealLineSerializer(many=True)
    created_at = serializers.DateTimeField()

    def _totals(self, deal: Deal):
        return selectors.deal_totals(deal)

    def get_list_total(self, deal: Deal) -> str:
        return MoneyField().to_representation(self._totals(deal).list_total)

    def get_total(self, deal: Deal) -> str:
        return MoneyField().to_representation(self._totals(deal).total)

    def get_percent_off(self, deal: Deal) -> str:
        return str(self._totals(deal).percent_off)

    def get_buyer_confirmed(self, deal: Deal) -> bool:
        return deal.buyer_confirmed_by_id is not None

    def get_store_confirmed(self, deal: Deal) -> bool:
        return deal.store_confirmed_by_id is not None


class DealDetailSerializer(DealSerializer):
    events = serializers.SerializerMethodField()

    @extend_schema(responses=DealEventSerializer(many=True))
    def get_events(self, deal: Deal) -> list[dict]:
        return DealEventSerializer(selectors.deal_events(deal=deal), many=True).data


class WantedLineSerializer(InputSerializer):
    sku = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    quantity = serializers.IntegerField(min_value=1, max_value=services.MAX_QUANTITY)


def _wanted(lines) -> list[WantedLine]:
    return [WantedLine(line["sku"], line["quantity"]) for line in lines]


def _detail(deal: Deal, status: int = 200) -> Response:
    deal = Deal.objects.select_related("company", "store", "buyer", "offered_by", "approved_by").get(pk=deal.pk)
    return Response(DealDetailSerializer(deal).data, status=status)


def _pdf(deal: Deal) -> HttpResponse:
    if deal.status != DealStatus.ORDERED:
        raise InvalidTransition(InvalidTransition.default_detail)
    response = HttpResponse(contract_pdf(deal), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="contract-{deal.number}.pdf"'
    return response


CONTRACT = {
    (200, "application/pdf"): OpenApiResponse(description="The contract (PDF)."),
    409: error_response("invalid_transition", description="The deal is not ordered yet."),
}


class CompanyDealsApi(APIView):
    """GET /api/v1/me/company/deals/: the company's deals, newest first (any user of it). POST {"lines": [{"sku",
    "quantity"}], "note"?} asks the store that sells them for a quote (a buyer of an approved company)."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(InputSerializer):
        lines = WantedLineSerializer(many=True, min_length=1, max_length=services.MAX_LINES)
        note = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)

    @extend_schema(responses=DealSerializer(many=True))
    def get(self, request):
        own_membership(request)  # a member without a company: 404, as for the company's other lists
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.company_deals(user=request.user),
            serializer_class=DealSerializer,
        )

    @extend_schema(
        request=InputSerializer,
        responses={
            201: DealDetailSerializer,
            403: NOT_ALLOWED,
            404: error_response("not_found", description="The caller belongs to no company."),
        },
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        deal = services.deal_request(user=request.user, lines=_wanted(values["lines"]), note=values["note"])
        return _detail(deal, status=201)


class CompanyDealApi(APIView):
    """GET /api/v1/me/company/deals/{id}/: the deal with its lines and its history (every change: who, old → new,
    why)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=DealDetailSerializer)
    def get(self, request, deal_id: int):
        return _detail(selectors.company_deal(user=request.user, deal_id=deal_id))


class CompanyDealActionApi(APIView):
    """POST on one of the company's deals; the subclass says which service."""

    permission_classes = [IsAuthenticated]

    def act(self, request, deal: Deal) -> Deal:
        raise NotImplementedError

    @extend_schema(request=None, responses={200: DealDetailSerializer, 403: NOT_ALLOWED, 409: EXPIRED})
    def post(self, request, deal_id: int):
        deal = selectors.company_deal(user=request.user, deal_id=deal_id)
        return _detail(self.act(request, deal))


class CompanyDealAcceptApi(CompanyDealActionApi):
    """POST .../accept/: a buyer accepts the offer before it expires (over the company's approval threshold it
    then waits for the company's approver); then `POST /api/v1/checkout/submit/ {"deal": id, ...}` orders it."""

    def act(self, request, deal):
        return services.deal_accept(deal=deal, by=request.user)


class CompanyDealApproveApi(CompanyDealActionApi):
    """POST .../approve/: the company's approver approves an order over the company's threshold."""

    def act(self, request, deal):
        return services.deal_company_approve(deal=deal, by=request.user)


class CompanyDealCancelApi(CompanyDealActionApi):
    """POST .../cancel/: the buyer withdraws a deal not yet accepted."""

    def act(self, request, deal):
        return services.deal_cancel(deal=deal, by=request.user, reason=str(request.data.get("reason", ""))[:200])


class CompanyDealContractApi(APIView):
    """GET .../contract/: the contract of the ordered deal, a PDF."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=CONTRACT)
    def get(self, request, deal_id: int):
        return _pdf(selectors.company_deal(user=request.user, deal_id=deal_id))


class CompanyDealContractConfirmApi(CompanyDealActionApi):
    """POST .../contract/confirm/: the buyer's side confirms the contract (once)."""

    def act(self, request, deal):
        return services.deal_contract_confirm(deal=deal, by=request.user, side="buyer")


class SellerDealsApi(SellerAPIView):
    """GET /api/v1/seller/deals/?status=: the store's deals. POST {"company", "buyer", "lines": [{"sku",
    "quantity"}]} opens one for a buyer of an approved company (named by user name), to be priced like a quote."""

    class InputSerializer(InputSerializer):
        company = serializers.IntegerField(min_value=1, max_value=ID_MAX)
        buyer = serializers.CharField(max_length=150)
        lines = WantedLineSerializer(many=True, min_length=1, max_length=services.MAX_LINES)

    @extend_schema(responses=DealSerializer(many=True))
    def get(self, request):
        deals = selectors.store_deals(store=self.store)
        if request.query_params.get("status") in DealStatus.values:
            deals = deals.filter(status=request.query_params["status"])
        return paginated_response(request=request, view=self, queryset=deals, serializer_class=DealSerializer)

    @extend_schema(request=InputSerializer, responses={201: DealDetailSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        deal = services.deal_open(
            store=self.store,
            by=request.user,
            company_id=values["company"],
            buyer_login=values["buyer"],
            lines=_wanted(values["lines"]),
        )
        return _detail(deal, status=201)


class SellerDealApi(SellerAPIView):
    """GET /api/v1/seller/deals/{id}/: one of the store's deals with its history."""

    @extend_schema(responses=DealDetailSerializer)
    def get(self, request, deal_id: int):
        return _detail(selectors.store_deal(store=self.store, deal_id=deal_id))


class SellerDealOfferApi(SellerAPIView):
    """POST /api/v1/seller/deals/{id}/offer/ {"lines": [{"id", "unit_price"?, "quantity"?}], "valid_until",
    "special_discount"?, "reason"?, "terms"?}: the store's prices (any staff): it answers a quote or changes its
    offer (a reason is needed for every change to what was offered, and for a special discount). More than the
    store's threshold off the list total, the offer waits for a manager's approval."""

    class ChangeSerializer(InputSerializer):
        id = serializers.IntegerField(min_value=1, max_value=ID_MAX)
        unit_price = serializers.DecimalField(**MONEY, required=False, default=None, allow_null=True)
        quantity = serializers.IntegerField(
            min_value=1, max_value=services.MAX_QUANTITY, required=False, default=None, allow_null=True
        )

    class InputSerializer(InputSerializer):
        lines = serializers.ListField(required=False, default=list, max_length=services.MAX_LINES)
        valid_until = serializers.DateField()
        special_discount = serializers.DecimalField(**MONEY, required=False, default=None, allow_null=True)
        reason = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
        terms = serializers.CharField(max_length=4000, required=False, default=None, allow_null=True, allow_blank=True)

        def validate_lines(self, lines):
            changes = SellerDealOfferApi.ChangeSerializer(data=lines, many=True)
            changes.is_valid(raise_exception=True)
            return [LineChange(c["id"], c["unit_price"], c["quantity"]) for c in changes.validated_data]

    @extend_schema(request=InputSerializer, responses={200: DealDetailSerializer, 409: EXPIRED})
    def post(self, request, deal_id: int):
        return _offer(request, selectors.store_deal(store=self.store, deal_id=deal_id))


def _offer(request, deal: Deal) -> Response:
    data = SellerDealOfferApi.InputSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    values = data.validated_data
    deal = services.deal_propose(
        deal=deal,
        by=request.user,
        changes=values["lines"],
        valid_until=values["valid_until"],
        special_discount=values["special_discount"],
        reason=values["reason"],
        terms=values["terms"],
    )
    return _detail(deal)


class SellerDealApproveApi(SellerAPIView):
    """POST /api/v1/seller/deals/{id}/approve/: a manager (or the owner) approves an offer beyond the threshold,
    never their own (`approval_not_allowed`). POST .../refuse/ {"reason"} sends it back to be priced again."""

    permission_classes = [IsStoreManager]

    @extend_schema(request=None, responses={200: DealDetailSerializer, 403: NOT_ALLOWED, 409: EXPIRED})
    def post(self, request, deal_id: int):
        deal = selectors.store_deal(store=self.store, deal_id=deal_id)
        return _detail(services.deal_approve(deal=deal, by=request.user))


class SellerDealRefuseApi(SellerAPIView):
    permission_classes = [IsStoreManager]

    class InputSerializer(InputSerializer):
        reason = serializers.CharField(max_length=200)

    @extend_schema(request=InputSerializer, responses={200: DealDetailSerializer, 403: NOT_ALLOWED, 409: EXPIRED})
    def post(self, request, deal_id: int):
        deal = selectors.store_deal(store=self.store, deal_id=deal_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return _detail(services.deal_approval_refuse(deal=deal, by=request.user, reason=data.validated_data["reason"]))


class SellerDealContractApi(SellerAPIView):
    """GET /api/v1/seller/deals/{id}/contract/: the contract PDF; POST .../contract/confirm/ the store's side
    confirms it (once)."""

    @extend_schema(responses=CONTRACT)
    def get(self, request, deal_id: int):
        return _pdf(selectors.store_deal(store=self.store, deal_id=deal_id))


class SellerDealContractConfirmApi(SellerAPIView):
    @extend_schema(request=None, responses={200: DealDetailSerializer, 409: CONTRACT[409]})
    def post(self, request, deal_id: int):
        deal = selectors.store_deal(store=self.store, deal_id=deal_id)
        return _detail(services.deal_contract_confirm(deal=deal, by=request.user, side="store"))


class SellerDealSettingsApi(SellerAPIView):
    """GET|PUT /api/v1/seller/deal-settings/ {"approval_percent"}: more than this percent off the list total needs
    a manager's approval (5 unless set). Owners and managers."""

    permission_classes = [IsStoreManager]

    class InputSerializer(InputSerializer):
        approval_percent = serializers.DecimalField(
            max_digits=5, decimal_places=2, min_value=Decimal(0), max_value=Decimal(100)
        )

    class OutputSerializer(serializers.Serializer):
        approval_percent = serializers.DecimalField(max_digits=5, decimal_places=2)

    @extend_schema(responses=OutputSerializer)
    def get(self, request):
        return Response({"approval_percent": str(selectors.approval_percent(self.store.pk))})

    @extend_schema(request=InputSerializer, responses=OutputSerializer)
    def put(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        settings = services.deal_settings_set(
            store=self.store, approval_percent=data.validated_data["approval_percent"]
        )
        return Response({"approval_percent": str(settings.approval_percent)})


# --- The platform's operators (decision 0042): every store's deals, acting as a party to any of them.

PLATFORM_NOT_ALLOWED = error_response(
    "permission_denied",
    "approval_not_allowed",
    description="Not an operator (`permission_denied`); an operator without the platform's approval permission "
    "(companies.approve_deal), or the one who sent the offer (`approval_not_allowed`).",
)


class PlatformDealsApi(APIView):
    """GET /api/v1/platform/deals/?status=&store=: every store's deals, newest first (operators)."""

    permission_classes = [IsOperator]

    @extend_schema(responses=DealSerializer(many=True))
    def get(self, request):
        store = request.query_params.get("store", "")
        deals = selectors.platform_deals(
            status=request.query_params.get("status"), store_id=int(store) if store.isdigit() else None
        )
        return paginated_response(request=request, view=self, queryset=deals, serializer_class=DealSerializer)


class PlatformDealApi(APIView):
    """GET /api/v1/platform/deals/{id}/: any store's deal with its history."""

    permission_classes = [IsOperator]

    @extend_schema(responses=DealDetailSerializer)
    def get(self, request, deal_id: int):
        return _detail(selectors.platform_deal(deal_id=deal_id))


class PlatformDealOfferApi(APIView):
    """POST /api/v1/platform/deals/{id}/offer/ (the body of the seller's offer): an operator answers a quote or
    changes an offer of any store, with a reason for every change; beyond the store's threshold it waits for
    approval (the store's manager or owner, or another operator with the platform's approval permission)."""

    permission_classes = [IsOperator]

    @extend_schema(request=SellerDealOfferApi.InputSerializer, responses={200: DealDetailSerializer, 409: EXPIRED})
    def post(self, request, deal_id: int):
        return _offer(request, selectors.platform_deal(deal_id=deal_id))


class PlatformDealApproveApi(APIView):
    """POST /api/v1/platform/deals/{id}/approve/: an operator with the platform's approval permission approves an
    offer beyond the store's threshold, never one they sent (`approval_not_allowed`)."""

    permission_classes = [IsOperator]

    @extend_schema(request=None, responses={200: DealDetailSerializer, 403: PLATFORM_NOT_ALLOWED, 409: EXPIRED})
    def post(self, request, deal_id: int):
        return _detail(services.deal_approve(deal=selectors.platform_deal(deal_id=deal_id), by=request.user))


class PlatformDealRefuseApi(APIView):
    """POST /api/v1/platform/deals/{id}/refuse/ {"reason"}: the same operator sends it back to be priced again."""

    permission_classes = [IsOperator]

    @extend_schema(
        request=SellerDealRefuseApi.InputSerializer,
        responses={200: DealDetailSerializer, 403: PLATFORM_NOT_ALLOWED, 409: EXPIRED},
    )
    def post(self, request, deal_id: int):
        deal = selectors.platform_deal(deal_id=deal_id)
        data = SellerDealRefuseApi.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return _detail(services.deal_approval_refuse(deal=deal, by=request.user, reason=data.validated_data["reason"]))
