from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import get_object_or_404
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.fields import RegionField
from marketplace.api.pagination import PageQuerySerializer, paginated_response
from marketplace.api.parsers import JSONParser
from marketplace.api.permissions import IsOperator
from marketplace.api.schema import error_response
from marketplace.api.serializers import InputSerializer
from members.models import phone_validator
from stores import invitations, selectors, services
from stores.choice import store_choose
from stores.models import (
    InvitationCode,
    StaffRole,
    Store,
    StoreMembership,
    StoreStatus,
    StoreType,
    Warehouse,
    store_phone_validator,
)
from stores.permissions import IsStoreManager, IsStoreOwner
from stores.seller import SellerAPIView


class StoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = Store
        fields = [
            "id",
            "name",
            "type",
            "status",
            "phone",
            "intro",
            "region",
            "address",
            "latitude",
            "longitude",
        ]


class StorePhoneField(serializers.CharField):
    """A store's phone (stores.models.STORE_PHONE): a mobile, a landline with its area code or a 400 / 800 number,
    with or without hyphens and spaces."""

    json_schema = {"pattern": r"^[0-9][0-9 -]*$", "description": "A mobile, 021-5555 0000, or a 400 number."}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("validators", [store_phone_validator])
        super().__init__(**kwargs)


class StoreApplicationSerializer(StoreSerializer):
    """An application as its applicant and operators read it: the store's fields and what was applied with. The
    documents are said to be there or not; their pictures are shown only on the applicant's and the operators'
    pages (stores.documents)."""

    has_business_licence = serializers.SerializerMethodField()
    has_id_card = serializers.SerializerMethodField()
    rejection_reason = serializers.SerializerMethodField()

    class Meta(StoreSerializer.Meta):
        fields = [
            *StoreSerializer.Meta.fields,
            "business_categories",
            "contact_name",
            "contact_phone",
            "has_business_licence",
            "has_id_card",
            "rejection_reason",
            "created_at",
            "reviewed_at",
        ]

    def get_has_business_licence(self, store) -> bool:
        return bool(store.business_licence)

    def get_has_id_card(self, store) -> bool:
        return bool(store.id_card)

    def get_rejection_reason(self, store) -> str:
        """The operator's words when the application stands rejected, else ""."""
        return selectors.rejection_reason(store=store) if store.status == StoreStatus.REJECTED else ""


class StoreApplicationInputSerializer(InputSerializer):
    """An application to open a store: JSON, or multipart with the documents (business licence and the legal
    person's ID: JPEG, PNG or WebP, at most 5 MB and 40 megapixels) and `business_categories` repeated."""

    name = serializers.CharField(max_length=100)
    type = serializers.ChoiceField(choices=StoreType.choices)
    phone = StorePhoneField()
    region = RegionField()
    address = serializers.CharField(max_length=200)
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, min_value=-90, max_value=90)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, min_value=-180, max_value=180)
    intro = serializers.CharField(required=False, allow_blank=True, default="")
    business_licence = serializers.FileField(required=False)
    id_card = serializers.FileField(required=False)
    business_categories = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list, max_length=50
    )
    contact_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    contact_phone = serializers.CharField(
        max_length=11, required=False, allow_blank=True, default="", validators=[phone_validator]
    )


class StoreApplicationApi(APIView):
    """POST /api/v1/stores/applications/: any logged-in user applies to open a store (JSON, or multipart with the
    documents). GET: the caller's own applications, newest first, with the reason of a rejection."""

    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(responses=StoreApplicationSerializer(many=True))
    def get(self, request):
        return paginated_response(
            request=request,
            view=self,
            queryset=Store.objects.filter(applicant=request.user).order_by("-created_at", "-pk"),
            serializer_class=StoreApplicationSerializer,
        )

    @extend_schema(request=StoreApplicationInputSerializer, responses={201: StoreApplicationSerializer})
    def post(self, request):
        data = StoreApplicationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        store = services.store_apply(applicant=request.user, **data.validated_data)
        return Response(StoreApplicationSerializer(store).data, status=status.HTTP_201_CREATED)


class StoresNearbyApi(APIView):
    """GET /api/v1/stores/nearby/?lat=&lng=[&radius_km=] active stores nearest first, with `distance_km`."""

    permission_classes = [AllowAny]

    class QuerySerializer(PageQuerySerializer):
        lat = serializers.DecimalField(max_digits=9, decimal_places=6, min_value=-90, max_value=90)
        lng = serializers.DecimalField(max_digits=9, decimal_places=6, min_value=-180, max_value=180)
        radius_km = serializers.FloatField(min_value=0.1, max_value=500, default=50)

    class OutputSerializer(StoreSerializer):
        distance_km = serializers.FloatField()
        map_link = serializers.SerializerMethodField()

        class Meta(StoreSerializer.Meta):
            fields = [*StoreSerializer.Meta.fields, "opening_hours", "offers_pickup", "distance_km", "map_link"]

        def get_map_link(self, store: Store) -> str:
            return selectors.map_link(store)

    @extend_schema(parameters=[QuerySerializer], responses=OutputSerializer(many=True))
    def get(self, request):
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        stores = selectors.stores_nearby(
            latitude=query.validated_data["lat"],
            longitude=query.validated_data["lng"],
            radius_km=query.validated_data["radius_km"],
        )
        return paginated_response(request=request, view=self, queryset=stores, serializer_class=self.OutputSerializer)


class StoreChooseApi(APIView):
    """POST /api/v1/stores/choose/ {"store": id | null}: the store the member shops through (its listings, stock,
    prices and orders); null goes back to HQ's online store. Remembered on the member (docs/decisions/0037)."""

    class InputSerializer(InputSerializer):
        store = serializers.IntegerField(min_value=1, allow_null=True)

    class OutputSerializer(serializers.Serializer):
        store = StoreSerializer(allow_null=True)

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer, 404: error_response("not_found")})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        store_id = data.validated_data["store"]
        store = get_object_or_404(Store.objects.active(), pk=store_id) if store_id else None
        store_choose(request=request, store=store)
        return Response(self.OutputSerializer({"store": store}).data)


class PlatformStoreApproveApi(APIView):
    """POST /api/v1/platform/stores/{id}/approve/ (operator): the store opens, its applicant owns it."""

    permission_classes = [IsOperator]

    @extend_schema(
        request=None,
        responses={
            200: StoreSerializer,
            409: error_response(
                "invalid_transition", description="The store is not applying, or its applicant already works elsewhere."
            ),
        },
    )
    def post(self, request, store_id: int):
        store = get_object_or_404(Store, pk=store_id)
        store = services.store_approve(store=store, by=request.user)
        return Response(StoreSerializer(store).data)


class PlatformStoreRejectApi(APIView):
    """POST /api/v1/platform/stores/{id}/reject/ {"reason"} (operator): the application is turned down; the
    applicant reads the reason and may resubmit."""

    permission_classes = [IsOperator]

    class InputSerializer(InputSerializer):
        reason = serializers.CharField(max_length=200)

    @extend_schema(
        request=InputSerializer,
        responses={
            200: StoreApplicationSerializer,
            409: error_response("invalid_transition", description="The store is not applying."),
        },
    )
    def post(self, request, store_id: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        store = get_object_or_404(Store, pk=store_id)
        store = services.store_reject(store=store, by=request.user, **data.validated_data)
        return Response(StoreApplicationSerializer(store).data)


class PlatformStoreStatusApi(APIView):
    """POST /api/v1/platform/stores/{id}/status/ {"status","reason"} (operator): freeze, reopen or close."""

    permission_classes = [IsOperator]

    class InputSerializer(InputSerializer):
        status = serializers.ChoiceField(choices=[StoreStatus.ACTIVE, StoreStatus.FROZEN, StoreStatus.CLOSED])
        reason = serializers.CharField(max_length=200)

    @extend_schema(
        request=InputSerializer,
        responses={
            200: StoreSerializer,
            409: error_response("invalid_transition", description="Not from the store's current status."),
        },
    )
    def post(self, request, store_id: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        store = get_object_or_404(Store, pk=store_id)
        store = services.store_change_status(store=store, by=request.user, **data.validated_data)
        return Response(StoreSerializer(store).data)


class SellerStoreApi(SellerAPIView):
    """GET /api/v1/seller/store/: the caller's store and their role in it."""

    class OutputSerializer(StoreSerializer):
        role = serializers.SerializerMethodField()

        class Meta(StoreSerializer.Meta):
            fields = [*StoreSerializer.Meta.fields, "role"]

        def get_role(self, store) -> str:
            return self.context["role"]

    @extend_schema(responses=OutputSerializer)
    def get(self, request):
        return Response(self.OutputSerializer(self.store, context={"role": self.membership.role}).data)


class StaffSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username")

    class Meta:
        model = StoreMembership
        fields = ["id", "username", "role", "created_at"]


class SellerStaffApi(SellerAPIView):
    """GET /api/v1/seller/staff/ lists the store's staff; POST {"username","role"} (owner only) opens an
    account and returns its `initial_password` once."""

    permission_classes = [IsStoreOwner]

    class InputSerializer(InputSerializer):
        username = serializers.RegexField(r"^[\w.@+-]{3,150}$", max_length=150)
        role = serializers.ChoiceField(choices=[StaffRole.MANAGER, StaffRole.CLERK])
        password = serializers.CharField(max_length=128, required=False, default="", trim_whitespace=False)
        phone = serializers.CharField(max_length=11, required=False, default="", validators=[phone_validator])

    class CreatedSerializer(StaffSerializer):
        initial_password = serializers.CharField()

        class Meta(StaffSerializer.Meta):
            fields = [*StaffSerializer.Meta.fields, "initial_password"]

    @extend_schema(responses=StaffSerializer(many=True))
    def get(self, request):
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.store_staff(store=self.store),
            serializer_class=StaffSerializer,
        )

    @extend_schema(request=InputSerializer, responses={201: CreatedSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership, initial_password = services.staff_create(store=self.store, by=request.user, **data.validated_data)
        membership.initial_password = initial_password
        return Response(self.CreatedSerializer(membership).data, status=status.HTTP_201_CREATED)


class SellerStaffDetailApi(SellerAPIView):
    """DELETE /api/v1/seller/staff/{id}/ (owner only): the account loses its place in the store."""

    permission_classes = [IsStoreOwner]

    @extend_schema(
        request=None,
        responses={204: None, 409: error_response("invalid_transition", description="The owner cannot be removed.")},
    )
    def delete(self, request, membership_id: int):
        membership = get_object_or_404(selectors.store_staff(store=self.store), pk=membership_id)
        services.staff_remove(membership=membership, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WarehouseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Warehouse
        fields = ["id", "name", "region", "address", "is_active"]


class SellerWarehouseApi(SellerAPIView):
    """GET /api/v1/seller/warehouses/; POST {"name","region","address"} (owner or manager)."""

    class InputSerializer(InputSerializer):
        name = serializers.CharField(max_length=100)
        region = RegionField()
        address = serializers.CharField(max_length=200)

    def get_permissions(self):
        return [IsStoreManager()] if self.request.method == "POST" else super().get_permissions()

    @extend_schema(responses=WarehouseSerializer(many=True))
    def get(self, request):
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.store_warehouses(store=self.store),
            serializer_class=WarehouseSerializer,
        )

    @extend_schema(request=InputSerializer, responses={201: WarehouseSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        warehouse = services.warehouse_create(store=self.store, by=request.user, **data.validated_data)
        return Response(WarehouseSerializer(warehouse).data, status=status.HTTP_201_CREATED)


class InvitationCodeSerializer(serializers.ModelSerializer):
    staff_username = serializers.CharField(source="staff.username", default="", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = InvitationCode
        fields = ["id", "code", "staff", "staff_username", "url", "created_at"]

    def get_url(self, code: InvitationCode) -> str:
        return invitations.join_url(request=self.context["request"], code=code)


class SellerInvitationsApi(SellerAPIView):
    """GET /api/v1/seller/member-codes/: the store's member QR codes the caller may see (owners and managers: the
    store's and every staff member's; a clerk: their own), each with the /join/ link its QR encodes."""

    pagination_class = None  # one code per staff member and one for the store: a short list, whole

    @extend_schema(responses=InvitationCodeSerializer(many=True))
    def get(self, request):
        codes = invitations.visible_codes(membership=self.membership)
        return Response(InvitationCodeSerializer(codes, many=True, context={"request": request}).data)


class SellerMembersGainedApi(SellerAPIView):
    """GET /api/v1/seller/members-gained/?start=&end=&per=day|month: members registered through the store's codes
    (a clerk: through their own), in all, per staff member and per day or month. Defaults: the last 30 days."""

    class QuerySerializer(serializers.Serializer):
        start = serializers.DateField(required=False)
        end = serializers.DateField(required=False)
        per = serializers.ChoiceField(choices=["day", "month"], default="day")

        def validate(self, attrs):
            attrs["end"] = attrs.get("end") or timezone.localdate()
            attrs["start"] = attrs.get("start") or attrs["end"] - timedelta(days=29)
            if attrs["start"] > attrs["end"]:
                raise serializers.ValidationError({"end": [_("The end date is before the start date.")]})
            return attrs

    class OutputSerializer(serializers.Serializer):
        class StaffRow(serializers.Serializer):
            staff_id = serializers.IntegerField(allow_null=True)
            username = serializers.CharField()
            count = serializers.IntegerField()

        class PeriodRow(serializers.Serializer):
            period = serializers.DateField()
            count = serializers.IntegerField()

        start = serializers.DateField()
        end = serializers.DateField()
        per = serializers.CharField()
        total = serializers.IntegerField()
        by_staff = StaffRow(many=True)
        by_period = PeriodRow(many=True)

    @extend_schema(parameters=[QuerySerializer], responses=OutputSerializer)
    def get(self, request):
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        window = query.validated_data
        gained = invitations.members_gained(
            membership=self.membership, start=window["start"], end=window["end"], per=window["per"]
        )
        return Response(
            self.OutputSerializer(
                {
                    **window,
                    "total": gained.total,
                    "by_staff": gained.by_staff,
                    "by_period": gained.by_period,
                }
            ).data
        )


class SellerInvitationRegenerateApi(SellerAPIView):
    """POST /api/v1/seller/member-codes/{id}/regenerate/ (owner only): the code is revoked (its /join/ link answers
    404 from now on) and its successor returned, 201. Another store's code, or a revoked one, is not found."""

    permission_classes = [IsStoreOwner]

    @extend_schema(request=None, responses={201: InvitationCodeSerializer})
    def post(self, request, code_id: int):
        code = invitations.store_invitation_code(store=self.store, code_id=code_id)
        successor = invitations.invitation_code_regenerate(code=code, by=request.user)
        return Response(
            InvitationCodeSerializer(successor, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class PlatformMembersGainedApi(APIView):
    """GET /api/v1/platform/members-gained/?start=&end= (operators): members each store gained through its member QR
    codes in the window, most first, each store with its count per staff member (decision 0041). Defaults: the last
    30 days."""

    permission_classes = [IsOperator]

    class QuerySerializer(serializers.Serializer):
        start = serializers.DateField(required=False)
        end = serializers.DateField(required=False)

        def validate(self, attrs):
            attrs["end"] = attrs.get("end") or timezone.localdate()
            attrs["start"] = attrs.get("start") or attrs["end"] - timedelta(days=29)
            if attrs["start"] > attrs["end"]:
                raise serializers.ValidationError({"end": [_("The end date is before the start date.")]})
            return attrs

    class OutputSerializer(serializers.Serializer):
        class StoreRow(serializers.Serializer):
            store_id = serializers.IntegerField()
            name = serializers.CharField()
            total = serializers.IntegerField()
            by_staff = SellerMembersGainedApi.OutputSerializer.StaffRow(many=True)

        start = serializers.DateField()
        end = serializers.DateField()
        total = serializers.IntegerField()
        stores = StoreRow(many=True)

    @extend_schema(parameters=[QuerySerializer], responses=OutputSerializer)
    def get(self, request):
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        window = query.validated_data
        stores = invitations.members_gained_by_store(start=window["start"], end=window["end"])
        total = sum(store["total"] for store in stores)
        return Response(self.OutputSerializer({**window, "total": total, "stores": stores}).data)
