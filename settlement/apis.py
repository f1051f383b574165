"""The settlement API (API.md "Settlement and finance"): finance sets each store's terms and supply prices; the
store's owner and manager read their terms."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.permissions import IsFinance
from marketplace.api.schema import error_response
from marketplace.api.serializers import InputSerializer
from settlement import selectors, services
from settlement.models import Cycle, Mode, SettlementTerms, SupplyPrice
from stores.models import Store
from stores.permissions import IsStoreManager
from stores.seller import SellerAPIView

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
