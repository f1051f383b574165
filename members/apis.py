from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.fields import PasswordField, RegionField
from marketplace.api.pagination import PageNumberPagination, paginated_response
from marketplace.api.schema import error_response
from marketplace.api.serializers import InputSerializer
from marketplace.api.throttling import ScopedThrottle
from members import selectors, services
from members.models import Address, ApiToken, PointsEntry, StoredValueEntry, phone_validator


class RegisterApi(APIView):
    """POST /api/v1/auth/register/ {"username","password","phone"[,"invitation"]} -> 201 {"id","username"}.
    `invitation`: the code of a store's member QR (/join/<code>/), recording the member's source store."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedThrottle]
    throttle_scope = "auth"

    class InputSerializer(InputSerializer):
        username = serializers.RegexField(r"^[\w.@+-]{3,150}$", max_length=150)
        password = PasswordField()
        phone = serializers.CharField(max_length=11, validators=[phone_validator])
        invitation = serializers.CharField(max_length=32, required=False, default="")

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        username = serializers.CharField()

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_create(**data.validated_data)
        return Response(self.OutputSerializer(user).data, status=status.HTTP_201_CREATED)


class TokenApi(APIView):
    """POST /api/v1/auth/token/ {"username","password"} -> {"token"}; DELETE revokes the token in use."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedThrottle]
    throttle_scope = "auth"

    class InputSerializer(InputSerializer):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(max_length=128, trim_whitespace=False)

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField()

    @extend_schema(
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            401: error_response("not_authenticated", description="Wrong username or password."),
            429: error_response(
                "throttled", "login_locked", description="Too many logins, or too many failed ones for this username."
            ),
        },
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # django-axes needs Django's own request: it marks a locked-out login on it.
        key = services.token_obtain(request=request._request, **data.validated_data)
        return Response({"token": key})


class TokenRevokeApi(APIView):
    """POST /api/v1/auth/logout/: the bearer token of this request stops working."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        if isinstance(request.auth, ApiToken):
            services.token_revoke(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeApi(APIView):
    """GET /api/v1/me/: who am I, and which platform roles do I hold (store staff: /api/v1/seller/store/)."""

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        username = serializers.CharField()
        phone = serializers.CharField()
        level = serializers.CharField(source="level.name", default=None, allow_null=True)  # null: no level yet
        growth = serializers.IntegerField()
        points = serializers.IntegerField(source="points_balance")
        stored_value = serializers.DecimalField(max_digits=14, decimal_places=2, source="stored_value_balance")
        is_operator = serializers.BooleanField()
        is_finance = serializers.BooleanField()

    @extend_schema(responses=OutputSerializer)
    def get(self, request):
        return Response(self.OutputSerializer(request.user).data)


class AddressSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Address
        fields = ["id", "name", "phone", "region", "region_name", "detail", "is_default"]


class AddressInputSerializer(InputSerializer):
    name = serializers.CharField(max_length=50)
    phone = serializers.CharField(max_length=11, validators=[phone_validator])
    region = RegionField()
    detail = serializers.CharField(max_length=200)
    is_default = serializers.BooleanField(default=False)


class AddressListApi(APIView):
    """GET /api/v1/me/addresses/ the member's addresses (default first); POST creates one."""

    @extend_schema(responses=AddressSerializer(many=True))
    def get(self, request):
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.member_addresses(user=request.user),
            serializer_class=AddressSerializer,
        )

    @extend_schema(request=AddressInputSerializer, responses={201: AddressSerializer})
    def post(self, request):
        data = AddressInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        address = services.address_create(user=request.user, **data.validated_data)
        return Response(AddressSerializer(address).data, status=status.HTTP_201_CREATED)


class AddressDetailApi(APIView):
    """GET / PATCH / DELETE /api/v1/me/addresses/{id}/: another member's address is 404."""

    def _address(self, request, address_id: int) -> Address:
        return get_object_or_404(selectors.member_addresses(user=request.user), pk=address_id)

    @extend_schema(responses=AddressSerializer)
    def get(self, request, address_id: int):
        return Response(AddressSerializer(self._address(request, address_id)).data)

    @extend_schema(request=AddressInputSerializer, responses=AddressSerializer)
    def patch(self, request, address_id: int):
        address = self._address(request, address_id)
        data = AddressInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        address = services.address_update(address=address, **data.validated_data)
        return Response(AddressSerializer(address).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, address_id: int):
        services.address_delete(address=self._address(request, address_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class PointsApi(APIView):
    """GET /api/v1/me/points/: the balance, and the ledger newest first (paginated)."""

    class PageExtrasSerializer(serializers.Serializer):
        balance = serializers.IntegerField()

    page_extras = PageExtrasSerializer

    class EntrySerializer(serializers.ModelSerializer):
        # a lot's store: the one whose sale earned the points (or got them back), null for HQ's (decision 0041)
        store = serializers.IntegerField(source="store_id", allow_null=True, read_only=True)

        class Meta:
            model = PointsEntry
            fields = ["id", "delta", "balance_after", "reason", "reference", "store", "expires_at", "created_at"]

    @extend_schema(responses=EntrySerializer(many=True))
    def get(self, request):
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(selectors.points_ledger(user=request.user), request, view=self)
        response = paginator.get_paginated_response(self.EntrySerializer(page, many=True).data)
        response.data = {"balance": request.user.points_balance, **response.data}
        return response


class StoredValueApi(APIView):
    """GET /api/v1/me/stored-value/: the balance (储值), and the ledger newest first (paginated)."""

    class PageExtrasSerializer(serializers.Serializer):
        balance = serializers.DecimalField(max_digits=14, decimal_places=2)

    page_extras = PageExtrasSerializer

    class EntrySerializer(serializers.ModelSerializer):
        class Meta:
            model = StoredValueEntry
            fields = ["id", "delta", "balance_after", "reason", "reference", "created_at"]

    @extend_schema(responses=EntrySerializer(many=True))
    def get(self, request):
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(selectors.stored_value_ledger(user=request.user), request, view=self)
        response = paginator.get_paginated_response(self.EntrySerializer(page, many=True).data)
        balance = serializers.DecimalField(max_digits=14, decimal_places=2).to_representation(
            request.user.stored_value_balance
        )
        response.data = {"balance": balance, **response.data}
        return response
