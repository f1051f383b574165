from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.pagination import paginated_response
from marketplace.api.permissions import IsOperator
from marketplace.api.schema import error_response
from marketplace.api.serializers import InputSerializer
from promotions import selectors, services
from promotions.goods_scope import PromotionScopeSerializer
from promotions.models import Funder, MemberScopeKind, Promotion
from promotions.pricing import Channel, PromotionKind
from stores.permissions import IsStoreManager
from stores.seller import SellerAPIView

CONFLICT = error_response("promotion_conflict", description="It overlaps a live promotion of its exclusive group.")
STOPPED = error_response("invalid_transition", description="The promotion is already stopped.")
# The largest numbers the database columns hold: a larger one is a 400, not an overflow (a 500).
ID_MAX = 2**63 - 1
COUNT_MAX = 2**31 - 1


def id_list() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=ID_MAX), required=False, default=list, max_length=1000
    )


class PromotionInputSerializer(InputSerializer):
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=[kind.value for kind in PromotionKind])
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    scope = PromotionScopeSerializer()
    rules = serializers.DictField()
    channels = serializers.ListField(
        child=serializers.ChoiceField(choices=[channel.value for channel in Channel]), required=False, default=list
    )
    member_scope = serializers.ChoiceField(choices=MemberScopeKind.choices, default=MemberScopeKind.ALL)
    member_levels = id_list()
    per_member_limit = serializers.IntegerField(
        min_value=1, max_value=COUNT_MAX, required=False, allow_null=True, default=None
    )
    retail_only = serializers.BooleanField(required=False, default=False)

    def to_service(self) -> dict:
        return dict(self.validated_data)


class PlatformPromotionInputSerializer(PromotionInputSerializer):
    funder = serializers.ChoiceField(choices=[Funder.PLATFORM, Funder.SHARED], default=Funder.PLATFORM)
    platform_percent = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100, default=100)


class PromotionSerializer(serializers.ModelSerializer):
    scope = PromotionScopeSerializer(source="*", read_only=True)

    class Meta:
        model = Promotion
        fields = [
            "id",
            "store",
            "name",
            "kind",
            "rules",
            "starts_at",
            "ends_at",
            "scope",
            "channels",
            "member_scope",
            "member_levels",
            "per_member_limit",
            "retail_only",
            "funder",
            "platform_percent",
            "status",
            "created_at",
        ]


class StopInputSerializer(InputSerializer):
    reason = serializers.CharField(max_length=200, required=False, default="")


class SellerPromotionListApi(SellerAPIView):
    """GET /api/v1/seller/promotions/; POST creates one; owners and managers only, as on the seller backend's
    promotion pages; an overlap in the same exclusive group is `promotion_conflict` naming the other promotion."""

    # Reading too: a store's pricing plans are its managers' business, and a clerk opens none of their pages.
    permission_classes = [IsStoreManager]

    @extend_schema(responses=PromotionSerializer(many=True))
    def get(self, request):
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.store_promotions(store=self.store),
            serializer_class=PromotionSerializer,
        )

    @extend_schema(request=PromotionInputSerializer, responses={201: PromotionSerializer, 409: CONFLICT})
    def post(self, request):
        data = PromotionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        promotion = services.promotion_create(store=self.store, by=request.user, **data.to_service())
        return Response(PromotionSerializer(promotion).data, status=status.HTTP_201_CREATED)


class SellerPromotionDetailApi(SellerAPIView):
    """GET /api/v1/seller/promotions/{id}/ (owner or manager, as the list); PATCH changes one that has not started,
    with the fields of POST (those left out stay): `promotion_started` once it has, `invalid_transition` when it is
    stopped, `promotion_conflict` as POST."""

    permission_classes = [IsStoreManager]

    @extend_schema(responses=PromotionSerializer)
    def get(self, request, promotion_id: int):
        promotion = get_object_or_404(selectors.store_promotions(store=self.store), pk=promotion_id)
        return Response(PromotionSerializer(promotion).data)

    @extend_schema(
        request=PromotionInputSerializer,
        responses={
            200: PromotionSerializer,
            409: error_response(
                "promotion_started",
                "invalid_transition",
                "promotion_conflict",
                description="It has started, it is stopped, or it would overlap a live promotion of its group.",
            ),
        },
    )
    def patch(self, request, promotion_id: int):
        promotion = get_object_or_404(selectors.store_promotions(store=self.store), pk=promotion_id)
        data = PromotionInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        promotion = services.promotion_update(promotion=promotion, by=request.user, **data.to_service())
        return Response(PromotionSerializer(promotion).data)


class SellerPromotionStopApi(SellerAPIView):
    """POST /api/v1/seller/promotions/{id}/stop/ {"reason"} (owner or manager)."""

    permission_classes = [IsStoreManager]

    @extend_schema(request=StopInputSerializer, responses={200: PromotionSerializer, 409: STOPPED})
    def post(self, request, promotion_id: int):
        data = StopInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        promotion = get_object_or_404(selectors.store_promotions(store=self.store), pk=promotion_id)
        promotion = services.promotion_stop(promotion=promotion, by=request.user, **data.validated_data)
        return Response(PromotionSerializer(promotion).data)


class PlatformPromotionListApi(APIView):
    """GET /api/v1/platform/promotions/; POST creates a platform-wide promotion, funded by HQ or shared."""

    permission_classes = [IsOperator]

    @extend_schema(responses=PromotionSerializer(many=True))
    def get(self, request):
        return paginated_response(
            request=request, view=self, queryset=selectors.platform_promotions(), serializer_class=PromotionSerializer
        )

    @extend_schema(request=PlatformPromotionInputSerializer, responses={201: PromotionSerializer, 409: CONFLICT})
    def post(self, request):
        data = PlatformPromotionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        promotion = services.promotion_create(store=None, by=request.user, **data.to_service())
        return Response(PromotionSerializer(promotion).data, status=status.HTTP_201_CREATED)


class PlatformPromotionStopApi(APIView):
    """POST /api/v1/platform/promotions/{id}/stop/ {"reason"}: operators stop any promotion."""

    permission_classes = [IsOperator]

    @extend_schema(request=StopInputSerializer, responses={200: PromotionSerializer, 409: STOPPED})
    def post(self, request, promotion_id: int):
        data = StopInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        promotion = get_object_or_404(Promotion, pk=promotion_id)
        promotion = services.promotion_stop(promotion=promotion, by=request.user, **data.validated_data)
        return Response(PromotionSerializer(promotion).data)
