from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from logistics import selectors, services
from logistics.freight import FreightBasis
from marketplace.api.fields import RegionListField
from marketplace.api.pagination import paginated_response
from marketplace.api.serializers import COUNT_MAX, InputSerializer
from stores.permissions import IsStoreManager
from stores.seller import SellerAPIView

UNITS = {"max_digits": 10, "decimal_places": 3, "min_value": 0}
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}


class RateSerializer(InputSerializer):
    regions = RegionListField(required=False, default=list)
    first_units = serializers.DecimalField(**UNITS)
    first_fee = serializers.DecimalField(**MONEY)
    additional_units = serializers.DecimalField(**UNITS)
    additional_fee = serializers.DecimalField(**MONEY)

    def validate(self, data):
        if data["first_units"] <= 0 or data["additional_units"] <= 0:
            raise serializers.ValidationError("First and additional units must be above zero.")
        return data


class FreeShippingSerializer(InputSerializer):
    regions = RegionListField(required=False, default=list)
    min_amount = serializers.DecimalField(**MONEY, required=False, allow_null=True, default=None)
    min_count = serializers.IntegerField(
        min_value=1, max_value=COUNT_MAX, required=False, allow_null=True, default=None
    )

    def validate(self, data):
        if data["min_amount"] is None and data["min_count"] is None:
            raise serializers.ValidationError("Give a minimum amount, a minimum count, or both.")
        return data


class TemplateInputSerializer(InputSerializer):
    name = serializers.CharField(max_length=100)
    basis = serializers.ChoiceField(choices=[basis.value for basis in FreightBasis])
    rates = RateSerializer(many=True, required=False, default=list)
    free_shipping = FreeShippingSerializer(many=True, required=False, default=list)
    undeliverable = RegionListField(required=False, default=list)

    def to_service(self) -> dict:
        data = dict(self.validated_data)
        data["rates"] = [services.RateInput(**rate) for rate in data["rates"]]
        data["free_shipping"] = [services.FreeShippingInput(**rule) for rule in data["free_shipping"]]
        return data


class TemplateOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    basis = serializers.CharField()
    rates = serializers.SerializerMethodField()
    free_shipping = serializers.SerializerMethodField()
    undeliverable = serializers.SerializerMethodField()

    @staticmethod
    def _codes(regions) -> list[str]:
        return [region.code for region in regions.all()]

    def get_rates(self, template) -> list[dict]:
        return [
            {
                "regions": self._codes(rule.regions),
                "first_units": str(rule.first_units),
                "first_fee": str(rule.first_fee),
                "additional_units": str(rule.additional_units),
                "additional_fee": str(rule.additional_fee),
            }
            for rule in template.rates.all()
        ]

    def get_free_shipping(self, template) -> list[dict]:
        return [
            {
                "regions": self._codes(rule.regions),
                "min_amount": None if rule.min_amount is None else str(rule.min_amount),
                "min_count": rule.min_count,
            }
            for rule in template.free_shipping.all()
        ]

    def get_undeliverable(self, template) -> list[str]:
        return self._codes(template.undeliverable_regions)


class SellerFreightTemplateListApi(SellerAPIView):
    """GET /api/v1/seller/freight-templates/; POST creates one (owner or manager)."""

    def get_permissions(self):
        return [IsStoreManager()] if self.request.method == "POST" else super().get_permissions()

    @extend_schema(responses=TemplateOutputSerializer(many=True))
    def get(self, request):
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.store_freight_templates(store=self.store),
            serializer_class=TemplateOutputSerializer,
        )

    @extend_schema(request=TemplateInputSerializer, responses={201: TemplateOutputSerializer})
    def post(self, request):
        data = TemplateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        template = services.freight_template_save(store=self.store, by=request.user, **data.to_service())
        template = selectors.store_freight_templates(store=self.store).get(pk=template.pk)
        return Response(TemplateOutputSerializer(template).data, status=status.HTTP_201_CREATED)


class SellerFreightTemplateDetailApi(SellerAPIView):
    """GET /api/v1/seller/freight-templates/{id}/; PUT replaces it; DELETE retires it (owner or manager)."""

    def get_permissions(self):
        return [IsStoreManager()] if self.request.method in {"PUT", "DELETE"} else super().get_permissions()

    def _template(self, template_id: int):
        return get_object_or_404(selectors.store_freight_templates(store=self.store), pk=template_id)

    @extend_schema(responses=TemplateOutputSerializer)
    def get(self, request, template_id: int):
        return Response(TemplateOutputSerializer(self._template(template_id)).data)

    @extend_schema(request=TemplateInputSerializer, responses=TemplateOutputSerializer)
    def put(self, request, template_id: int):
        template = self._template(template_id)
        data = TemplateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.freight_template_save(store=self.store, by=request.user, template=template, **data.to_service())
        return Response(TemplateOutputSerializer(self._template(template_id)).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, template_id: int):
        services.freight_template_delete(template=self._template(template_id), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
