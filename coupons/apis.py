from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from coupons import selectors, services
from coupons.models import CouponKind, CouponStatus, CouponTemplate, IssueMode, RedeemKind, RefundPolicy
from marketplace.api.pagination import PageQuerySerializer, paginated_response
from marketplace.api.permissions import IsOperator
from marketplace.api.schema import error_response
from marketplace.api.serializers import InputSerializer
from marketplace.api.throttling import GuessingThrottle
from promotions.goods_scope import CouponGoodsSerializer
from promotions.pricing import Channel
from stores.permissions import IsStoreManager
from stores.seller import SellerAPIView

MONEY = {"max_digits": 14, "decimal_places": 2}
UNAVAILABLE = error_response(
    "coupon_unavailable", description="`fields.reason` says why: none left, stopped, ended ..."
)
STOPPED = error_response("invalid_transition", description="The coupon is stopped.")
# The largest count the database columns hold: a larger one is a 400, not an overflow (a 500).
COUNT_MAX = 2**31 - 1


class CouponTemplateInputSerializer(InputSerializer):
    """API.md's coupon template; `value` is an amount for cash and threshold coupons, the share paid for percent
    ones. PATCH sends only what changes."""

    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=CouponKind.choices)
    value = serializers.DecimalField(**MONEY, min_value=0)
    threshold = serializers.DecimalField(**MONEY, min_value=0, required=False)
    max_discount = serializers.DecimalField(**MONEY, min_value=0, required=False, allow_null=True)
    goods = CouponGoodsSerializer()
    valid_from = serializers.DateTimeField(required=False, allow_null=True)
    valid_to = serializers.DateTimeField(required=False, allow_null=True)
    valid_days = serializers.IntegerField(min_value=1, max_value=3650, required=False, allow_null=True)
    total = serializers.IntegerField(min_value=1, max_value=100_000_000)
    per_user = serializers.IntegerField(min_value=1, max_value=COUNT_MAX, required=False, allow_null=True)
    per_user_per_day = serializers.IntegerField(min_value=1, max_value=COUNT_MAX, required=False, allow_null=True)
    issue_mode = serializers.ChoiceField(choices=IssueMode.choices, required=False)
    public = serializers.BooleanField(required=False)
    claim_from = serializers.DateTimeField(required=False, allow_null=True)
    claim_to = serializers.DateTimeField(required=False, allow_null=True)
    points_cost = serializers.IntegerField(min_value=0, max_value=COUNT_MAX, required=False)
    channels = serializers.ListField(child=serializers.ChoiceField(choices=[c.value for c in Channel]), required=False)
    refund_policy = serializers.ChoiceField(choices=RefundPolicy.choices, required=False)


class PlatformCouponTemplateInputSerializer(CouponTemplateInputSerializer):
    issue_on_register = serializers.BooleanField(required=False)


class CouponStoreSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CouponCenterTemplateSerializer(serializers.Serializer):
    """A template as shoppers see it in the coupon center."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    value = serializers.DecimalField(**MONEY)
    threshold = serializers.DecimalField(**MONEY)
    max_discount = serializers.DecimalField(**MONEY, allow_null=True)
    store = CouponStoreSerializer(allow_null=True)
    goods = CouponGoodsSerializer(source="*", read_only=True)
    valid_from = serializers.DateTimeField(allow_null=True)
    valid_to = serializers.DateTimeField(allow_null=True)
    valid_days = serializers.IntegerField(allow_null=True)
    claim_to = serializers.DateTimeField(allow_null=True)
    per_user = serializers.IntegerField(allow_null=True)
    points_cost = serializers.IntegerField()
    remaining = serializers.IntegerField()


class CouponTemplateSerializer(CouponCenterTemplateSerializer):
    """A template as its store or the platform manages it: every field."""

    total = serializers.IntegerField()
    issued = serializers.IntegerField()
    per_user_per_day = serializers.IntegerField(allow_null=True)
    issue_mode = serializers.CharField()
    public = serializers.BooleanField()
    claim_from = serializers.DateTimeField(allow_null=True)
    channels = serializers.ListField(child=serializers.CharField())
    refund_policy = serializers.CharField()
    issue_on_register = serializers.BooleanField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()


class UserCouponSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    source = serializers.CharField()
    name = serializers.CharField(source="template.name")
    kind = serializers.CharField(source="template.kind")
    value = serializers.DecimalField(**MONEY, source="face_value")
    threshold = serializers.DecimalField(**MONEY, source="template.threshold")
    max_discount = serializers.DecimalField(**MONEY, source="template.max_discount", allow_null=True)
    store = CouponStoreSerializer(source="template.store", allow_null=True)
    goods = CouponGoodsSerializer(source="template", read_only=True)
    template = serializers.IntegerField(source="template_id")
    valid_from = serializers.DateTimeField()
    valid_to = serializers.DateTimeField()
    locked_by = serializers.CharField()
    used_order_no = serializers.CharField()
    used_at = serializers.DateTimeField(allow_null=True)
    issued_at = serializers.DateTimeField()


class CouponStatisticsSerializer(serializers.Serializer):
    issued = serializers.IntegerField()
    claimed = serializers.IntegerField()
    distributed = serializers.IntegerField()
    on_registration = serializers.IntegerField()
    redeemed = serializers.IntegerField()
    unused = serializers.IntegerField()
    locked = serializers.IntegerField()
    used = serializers.IntegerField()
    expired = serializers.IntegerField()
    use_rate = serializers.DecimalField(max_digits=5, decimal_places=2)
    gmv = serializers.DecimalField(**MONEY)


# --- Shoppers


class CouponCenterApi(APIView):
    """GET /api/v1/coupons/center/?store=: public templates anyone may claim now (领券中心)."""

    permission_classes = [AllowAny]

    class FilterSerializer(PageQuerySerializer):
        store = serializers.IntegerField(min_value=1, required=False)

    @extend_schema(parameters=[FilterSerializer], responses=CouponCenterTemplateSerializer(many=True))
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.coupon_center(store_id=filters.validated_data.get("store")),
            serializer_class=CouponCenterTemplateSerializer,
        )


class CouponClaimApi(APIView):
    """POST /api/v1/coupons/{template_id}/claim/ -> 201 the member's new coupon, or `coupon_unavailable` with the
    reason (limit reached, none left, not started ...)."""

    @extend_schema(request=None, responses={201: UserCouponSerializer, 409: UNAVAILABLE})
    def post(self, request, template_id: int):
        template = get_object_or_404(selectors.templates_for_members(), pk=template_id)
        coupon = services.coupon_claim(template=template, user=request.user)
        return Response(UserCouponSerializer(coupon).data, status=status.HTTP_201_CREATED)


class MemberCouponListApi(APIView):
    """GET /api/v1/me/coupons/?status=unused|locked|used|expired: the member's coupons, ending soonest first."""

    class FilterSerializer(PageQuerySerializer):
        status = serializers.ChoiceField(choices=CouponStatus.choices, required=False)

    @extend_schema(parameters=[FilterSerializer], responses=UserCouponSerializer(many=True))
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.member_coupons(user=request.user, status=filters.validated_data.get("status")),
            serializer_class=UserCouponSerializer,
        )


class MemberCouponRedeemApi(APIView):
    """POST /api/v1/me/coupons/redeem/ {"code"} -> 201 what the code gave, named by `redeemed`: "coupon" with the
    member's new coupon, or "stored_value" with the amount loaded and the balance now. A code is a secret like a
    password, so it is guessed no faster than one (the `redeem` rate, 20 a minute), and never uncounted: without
    Redis to count, a redemption is refused with 503 `service_unavailable`."""

    throttle_classes = [GuessingThrottle]
    throttle_scope = "redeem"

    class InputSerializer(InputSerializer):
        code = serializers.CharField(max_length=40)

    class CouponRedeemedSerializer(UserCouponSerializer):
        redeemed = serializers.CharField(read_only=True, default=RedeemKind.COUPON)

    class StoredValueRedeemedSerializer(serializers.Serializer):
        redeemed = serializers.CharField(read_only=True, default=RedeemKind.STORED_VALUE)
        entry = serializers.IntegerField(source="pk")
        amount = serializers.DecimalField(**MONEY, source="delta")
        balance = serializers.DecimalField(**MONEY, source="balance_after")
        created_at = serializers.DateTimeField()

    @extend_schema(
        request=InputSerializer,
        responses={
            201: PolymorphicProxySerializer(
                "Redeemed", [CouponRedeemedSerializer, StoredValueRedeemedSerializer], "redeemed"
            ),
            409: UNAVAILABLE,
        },
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        redemption = services.coupon_redeem_code(user=request.user, code=data.validated_data["code"])
        if redemption.stored_value is not None:
            body = self.StoredValueRedeemedSerializer(redemption.stored_value).data
        else:
            body = self.CouponRedeemedSerializer(redemption.coupon).data
        return Response(body, status=status.HTTP_201_CREATED)


# --- Templates, for a store's staff and for operators alike


class TemplateListMixin:
    """GET the templates, POST a new one; `templates()` and `owner()` say whose."""

    input_serializer = CouponTemplateInputSerializer

    @extend_schema(responses=CouponTemplateSerializer(many=True))
    def get(self, request):
        return paginated_response(
            request=request, view=self, queryset=self.templates(), serializer_class=CouponTemplateSerializer
        )

    @extend_schema(request=CouponTemplateInputSerializer, responses={201: CouponTemplateSerializer})
    def post(self, request):
        data = self.input_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        template = services.coupon_template_create(by=request.user, store=self.owner(), **data.validated_data)
        return Response(CouponTemplateSerializer(template).data, status=status.HTTP_201_CREATED)


class TemplateDetailMixin:
    """GET one template; PATCH changes it (terms only until the first coupon is issued)."""

    input_serializer = CouponTemplateInputSerializer

    def template(self, template_id: int) -> CouponTemplate:
        return get_object_or_404(self.templates(), pk=template_id)

    @extend_schema(responses=CouponTemplateSerializer)
    def get(self, request, template_id: int):
        return Response(CouponTemplateSerializer(self.template(template_id)).data)

    @extend_schema(request=CouponTemplateInputSerializer, responses={200: CouponTemplateSerializer, 409: STOPPED})
    def patch(self, request, template_id: int):
        template = self.template(template_id)
        data = self.input_serializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        template = services.coupon_template_update(template=template, by=request.user, **data.validated_data)
        return Response(CouponTemplateSerializer(template).data)


class TemplateStopMixin:
    @extend_schema(request=None, responses={200: CouponTemplateSerializer, 409: STOPPED})
    def post(self, request, template_id: int):
        template = get_object_or_404(self.templates(), pk=template_id)
        template = services.coupon_template_stop(template=template, by=request.user)
        return Response(CouponTemplateSerializer(template).data)


class TemplateStatisticsMixin:
    @extend_schema(responses=CouponStatisticsSerializer)
    def get(self, request, template_id: int):
        template = get_object_or_404(self.templates(), pk=template_id)
        return Response(CouponStatisticsSerializer(selectors.template_statistics(template=template)).data)


class SellerTemplatesMixin:
    """The store's own coupons, paid by the store: owners and managers read and change them, as on the seller
    backend's coupon pages. A clerk gets none of them, not even to read: their statistics carry the GMV of the orders
    that used them, and clerks see no money figures of the store (orders/lifecycle/seller_views.py's dashboard)."""

    permission_classes = [IsStoreManager]

    def templates(self):
        return selectors.store_coupon_templates(store=self.store)

    def owner(self):
        return self.store


class SellerCouponTemplateListApi(SellerTemplatesMixin, TemplateListMixin, SellerAPIView):
    """GET /api/v1/seller/coupon-templates/; POST creates a store coupon."""


class SellerCouponTemplateDetailApi(SellerTemplatesMixin, TemplateDetailMixin, SellerAPIView):
    """GET / PATCH /api/v1/seller/coupon-templates/{id}/ (another store's is 404)."""


class SellerCouponTemplateStopApi(SellerTemplatesMixin, TemplateStopMixin, SellerAPIView):
    """POST /api/v1/seller/coupon-templates/{id}/stop/: no more are issued; issued coupons stay usable."""


class SellerCouponTemplateStatisticsApi(SellerTemplatesMixin, TemplateStatisticsMixin, SellerAPIView):
    """GET /api/v1/seller/coupon-templates/{id}/statistics/."""


class PlatformTemplatesMixin:
    """Platform coupons: every store's goods, paid by HQ."""

    permission_classes = [IsOperator]
    input_serializer = PlatformCouponTemplateInputSerializer

    def templates(self):
        return selectors.platform_coupon_templates()

    def owner(self):
        return None


class PlatformCouponTemplateListApi(PlatformTemplatesMixin, TemplateListMixin, APIView):
    """GET /api/v1/platform/coupon-templates/; POST creates a platform coupon."""

    @extend_schema(request=PlatformCouponTemplateInputSerializer, responses={201: CouponTemplateSerializer})
    def post(self, request):
        return super().post(request)


class PlatformCouponTemplateDetailApi(PlatformTemplatesMixin, TemplateDetailMixin, APIView):
    """GET / PATCH /api/v1/platform/coupon-templates/{id}/."""

    @extend_schema(
        request=PlatformCouponTemplateInputSerializer, responses={200: CouponTemplateSerializer, 409: STOPPED}
    )
    def patch(self, request, template_id: int):
        return super().patch(request, template_id)


class PlatformCouponTemplateStopApi(PlatformTemplatesMixin, TemplateStopMixin, APIView):
    """POST /api/v1/platform/coupon-templates/{id}/stop/."""


class PlatformCouponTemplateStatisticsApi(PlatformTemplatesMixin, TemplateStatisticsMixin, APIView):
    """GET /api/v1/platform/coupon-templates/{id}/statistics/: issued, claimed, used, GMV of the orders."""


class DistributedCouponSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="user_id")
    coupon = serializers.IntegerField(source="pk")


class DistributionSkipSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    reason = serializers.CharField()


class PlatformCouponDistributeApi(PlatformTemplatesMixin, APIView):
    """POST /api/v1/platform/coupon-templates/{id}/distribute/ {"members":[ids]}: one coupon to each member,
    within the total and the limits; says who got one and why the others did not."""

    class InputSerializer(InputSerializer):
        members = serializers.ListField(
            child=serializers.IntegerField(min_value=1), min_length=1, max_length=services.MAX_DISTRIBUTION
        )

    class OutputSerializer(serializers.Serializer):
        issued = DistributedCouponSerializer(many=True)
        skipped = DistributionSkipSerializer(many=True)

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer, 409: UNAVAILABLE})
    def post(self, request, template_id: int):
        template = get_object_or_404(self.templates(), pk=template_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.coupon_distribute(template=template, user_ids=data.validated_data["members"], by=request.user)
        skipped = [{"member": member, "reason": reason} for member, reason in result.skipped.items()]
        return Response(self.OutputSerializer({"issued": result.issued, "skipped": skipped}).data)


class PlatformRedeemBatchListApi(APIView):
    """GET /api/v1/platform/redeem-batches/; POST {"name","kind","template"|"amount","quantity","redeemable_to"}
    makes a batch of codes and returns them in `codes`, this once: only their digests are kept. `kind` "coupon"
    (the default) issues a coupon of `template` per code; "stored_value" loads `amount` per code (gift cards)."""

    permission_classes = [IsOperator]

    class InputSerializer(InputSerializer):
        name = serializers.CharField(max_length=100)
        kind = serializers.ChoiceField(choices=RedeemKind.choices, default=RedeemKind.COUPON)
        template = serializers.IntegerField(min_value=1, required=False)
        amount = serializers.DecimalField(
            **MONEY, min_value=Decimal("0.01"), max_value=services.MAX_CARD_AMOUNT, required=False
        )
        quantity = serializers.IntegerField(min_value=1, max_value=services.MAX_BATCH)
        redeemable_to = serializers.DateTimeField()

        def validate(self, data):
            needed, foreign = ("template", "amount") if data["kind"] == RedeemKind.COUPON else ("amount", "template")
            if needed not in data:
                raise serializers.ValidationError({needed: [_("Required for this kind of batch.")]})
            if foreign in data:
                raise serializers.ValidationError({foreign: [_("Not for this kind of batch.")]})
            return data

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()
        kind = serializers.CharField()
        template = serializers.IntegerField(source="template_id", allow_null=True)
        amount = serializers.DecimalField(**MONEY, allow_null=True)
        quantity = serializers.IntegerField()
        redeemed = serializers.IntegerField()
        redeemable_to = serializers.DateTimeField()
        created_at = serializers.DateTimeField()

    class CreatedSerializer(OutputSerializer):
        codes = serializers.ListField(child=serializers.CharField())

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request):
        return paginated_response(
            request=request, view=self, queryset=selectors.redeem_batches(), serializer_class=self.OutputSerializer
        )

    @extend_schema(
        request=InputSerializer,
        responses={
            201: CreatedSerializer,
            404: error_response("not_found", description="No such coupon template."),
            409: UNAVAILABLE,
        },
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        if fields.pop("kind") == RedeemKind.STORED_VALUE:
            batch, codes = services.stored_value_batch_create(by=request.user, **fields)
        else:
            template = get_object_or_404(CouponTemplate.objects.all(), pk=fields.pop("template"))
            batch, codes = services.redeem_batch_create(template=template, by=request.user, **fields)
        batch = selectors.redeem_batches().get(pk=batch.pk)
        return Response({**self.OutputSerializer(batch).data, "codes": codes}, status=status.HTTP_201_CREATED)
