"""The companies center's API (API.md "Companies"): a member's company under /api/v1/me/company/ (register, read;
its users, addresses and invoice titles, written by its admin), the seller's wholesale terms per SKU and price lists
under /api/v1/seller/, and the operators' review under /api/v1/platform/companies/. A member without a company, or
another company's object, is 404."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import get_object_or_404
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.models import Sku
from companies import selectors, services
from companies.models import (
    Company,
    CompanyAddress,
    CompanyMember,
    CompanyRole,
    InvoiceTitle,
    PriceList,
    WholesaleTerms,
)
from marketplace.api.fields import RegionField
from marketplace.api.pagination import paginated_response
from marketplace.api.permissions import IsOperator
from marketplace.api.schema import error_response
from marketplace.api.serializers import InputSerializer, MoneyField
from marketplace.exceptions import NotFound
from members.models import phone_validator
from stores.permissions import IsStoreManager
from stores.selectors import for_store
from stores.seller import SellerAPIView

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}
COUNT_MAX = 2**31 - 1
ID_MAX = 2**63 - 1
ADMIN_ONLY = error_response("not_company_admin", description="Only the company's admin does this.")
NO_COMPANY = error_response("not_found", description="The caller belongs to no company.")
BAD_CREDIT_CODE = error_response(
    "validation_error", "invalid_credit_code", description="The input breaks a rule, or the credit code's check fails."
)


class CompanySerializer(serializers.ModelSerializer):
    approval_threshold = MoneyField(allow_null=True)
    credit_limit = MoneyField()
    credit_used = MoneyField()
    credit_available = MoneyField()
    role = serializers.SerializerMethodField()
    is_admin = serializers.SerializerMethodField()

    class Meta:
        model = Company
        fields = [
            "id",
            "name",
            "credit_code",
            "status",
            "approval_threshold",
            "credit_limit",
            "credit_used",
            "credit_available",
            "credit_days",
            "role",
            "is_admin",
            "created_at",
        ]

    def _membership(self, company) -> CompanyMember | None:
        return self.context.get("membership")

    def get_role(self, company) -> str | None:
        membership = self._membership(company)
        return membership.role if membership else None

    def get_is_admin(self, company) -> bool:
        membership = self._membership(company)
        return bool(membership and membership.is_admin)


def own_membership(request) -> CompanyMember:
    """The caller's place in their company: 404 for a member without one."""
    membership = selectors.membership_of(request.user)
    if membership is None:
        raise NotFound()
    return membership


class MyCompanyApi(APIView):
    """GET /api/v1/me/company/: the caller's company and their role (404 without one). POST registers one (JSON or
    multipart with `licence`, a picture): `invalid_credit_code`, `already_in_company`."""

    parser_classes = [JSONParser, MultiPartParser]

    class InputSerializer(InputSerializer):
        name = serializers.CharField(max_length=100)
        credit_code = serializers.CharField(max_length=30)
        licence = serializers.ImageField(required=False)

    @extend_schema(responses={200: CompanySerializer, 404: NO_COMPANY})
    def get(self, request):
        membership = own_membership(request)
        return Response(CompanySerializer(membership.company, context={"membership": membership}).data)

    @extend_schema(
        request=InputSerializer,
        responses={
            201: CompanySerializer,
            400: BAD_CREDIT_CODE,
            409: error_response("already_in_company", description="The caller belongs to a company already."),
        },
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        company = services.company_register(user=request.user, **data.validated_data)
        membership = selectors.membership_of(request.user)
        return Response(CompanySerializer(company, context={"membership": membership}).data, status=201)


class MemberSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = CompanyMember
        fields = ["id", "username", "role", "is_admin", "added_at"]


class CompanyMembersApi(APIView):
    """GET /api/v1/me/company/members/: the company's users; POST {"login", "role"[, "is_admin"]} adds a registered
    user by user name or phone (the admin only): `already_in_company`."""

    class InputSerializer(InputSerializer):
        login = serializers.CharField(max_length=150)
        role = serializers.ChoiceField(choices=CompanyRole.choices)
        is_admin = serializers.BooleanField(default=False)

    @extend_schema(responses=MemberSerializer(many=True))
    def get(self, request):
        company = own_membership(request).company
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.company_members(company=company),
            serializer_class=MemberSerializer,
        )

    @extend_schema(
        request=InputSerializer,
        responses={201: MemberSerializer, 403: ADMIN_ONLY, 404: NO_COMPANY, 409: error_response("already_in_company")},
    )
    def post(self, request):
        company = own_membership(request).company
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        member = services.company_member_add(company=company, by=request.user, **data.validated_data)
        return Response(MemberSerializer(member).data, status=status.HTTP_201_CREATED)


class CompanyMemberApi(APIView):
    """DELETE /api/v1/me/company/members/{id}/ (the admin; never themselves: `invalid_transition`)."""

    @extend_schema(request=None, responses={204: None, 403: ADMIN_ONLY})
    def delete(self, request, member_id: int):
        company = own_membership(request).company
        member = get_object_or_404(selectors.company_members(company=company), pk=member_id)
        services.company_member_remove(member=member, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CompanyAddressSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = CompanyAddress
        fields = ["id", "name", "phone", "region", "region_name", "detail"]


class CompanyAddressesApi(APIView):
    """GET /api/v1/me/company/addresses/: the company's addresses, for all its users; POST adds one (the admin)."""

    class InputSerializer(InputSerializer):
        name = serializers.CharField(max_length=50)
        phone = serializers.CharField(max_length=11, validators=[phone_validator])
        region = RegionField()
        detail = serializers.CharField(max_length=200)

    @extend_schema(responses=CompanyAddressSerializer(many=True))
    def get(self, request):
        company = own_membership(request).company
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.company_addresses(company=company),
            serializer_class=CompanyAddressSerializer,
        )

    @extend_schema(request=InputSerializer, responses={201: CompanyAddressSerializer, 403: ADMIN_ONLY, 404: NO_COMPANY})
    def post(self, request):
        company = own_membership(request).company
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        address = services.company_address_create(company=company, by=request.user, **data.validated_data)
        return Response(CompanyAddressSerializer(address).data, status=status.HTTP_201_CREATED)


class CompanyAddressApi(APIView):
    """DELETE /api/v1/me/company/addresses/{id}/ (the admin)."""

    @extend_schema(request=None, responses={204: None, 403: ADMIN_ONLY})
    def delete(self, request, company_address_id: int):
        company = own_membership(request).company
        address = get_object_or_404(selectors.company_addresses(company=company), pk=company_address_id)
        services.company_address_delete(address=address, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvoiceTitleSerializer(serializers.ModelSerializer):
    class Meta:
        model = InvoiceTitle
        fields = ["id", "title", "tax_number", "bank", "bank_account", "address", "phone"]


class InvoiceTitlesApi(APIView):
    """GET /api/v1/me/company/invoice-titles/: the company's 发票抬头; POST adds one (the admin): a tax number of 18
    characters must be a valid credit code (`invalid_credit_code`)."""

    class InputSerializer(InputSerializer):
        title = serializers.CharField(max_length=100)
        tax_number = serializers.RegexField(r"^[0-9A-Za-z]{15,20}$", max_length=20)
        bank = serializers.CharField(max_length=100, required=False, default="")
        bank_account = serializers.CharField(max_length=40, required=False, default="")
        address = serializers.CharField(max_length=200, required=False, default="")
        phone = serializers.CharField(max_length=20, required=False, default="")

    @extend_schema(responses=InvoiceTitleSerializer(many=True))
    def get(self, request):
        company = own_membership(request).company
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.company_invoice_titles(company=company),
            serializer_class=InvoiceTitleSerializer,
        )

    @extend_schema(
        request=InputSerializer,
        responses={201: InvoiceTitleSerializer, 400: BAD_CREDIT_CODE, 403: ADMIN_ONLY, 404: NO_COMPANY},
    )
    def post(self, request):
        company = own_membership(request).company
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        title = services.invoice_title_create(company=company, by=request.user, **data.validated_data)
        return Response(InvoiceTitleSerializer(title).data, status=status.HTTP_201_CREATED)


class InvoiceTitleApi(APIView):
    """DELETE /api/v1/me/company/invoice-titles/{id}/ (the admin)."""

    @extend_schema(request=None, responses={204: None, 403: ADMIN_ONLY})
    def delete(self, request, invoice_title_id: int):
        company = own_membership(request).company
        title = get_object_or_404(selectors.company_invoice_titles(company=company), pk=invoice_title_id)
        services.invoice_title_delete(invoice_title=title, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TierSerializer(serializers.Serializer):
    min_quantity = serializers.IntegerField(min_value=2, max_value=COUNT_MAX)
    unit_price = serializers.DecimalField(**MONEY)


class TierOutputSerializer(serializers.Serializer):
    min_quantity = serializers.IntegerField()
    unit_price = MoneyField()


class WholesaleTermsSerializer(serializers.Serializer):
    sku = serializers.IntegerField(source="sku_id")
    min_quantity = serializers.IntegerField()
    tiers = TierOutputSerializer(many=True, source="tiers.all")


class SellerWholesaleApi(SellerAPIView):
    """GET /api/v1/seller/skus/{id}/wholesale/: the SKU's terms for business buyers (a minimum of 1 and no tiers
    when none are set); PUT {"min_quantity", "tiers": [{"min_quantity", "unit_price"}]} replaces them. Owners and
    managers, as prices are theirs; another store's SKU is 404."""

    permission_classes = [IsStoreManager]

    class InputSerializer(InputSerializer):
        min_quantity = serializers.IntegerField(min_value=1, max_value=COUNT_MAX)
        tiers = TierSerializer(many=True, max_length=10)

    def _sku(self, sku_id: int) -> Sku:
        return get_object_or_404(for_store(Sku.objects.all(), self.store), pk=sku_id)

    @extend_schema(responses=WholesaleTermsSerializer)
    def get(self, request, sku_id: int):
        sku = self._sku(sku_id)
        terms = WholesaleTerms.objects.filter(sku=sku).first()
        return Response(WholesaleTermsSerializer(terms).data if terms else _no_terms(sku))

    @extend_schema(request=InputSerializer, responses=WholesaleTermsSerializer)
    def put(self, request, sku_id: int):
        sku = self._sku(sku_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        tiers = [services.Tier(**tier) for tier in data.validated_data["tiers"]]
        terms = services.wholesale_terms_set(
            store=self.store, sku=sku, min_quantity=data.validated_data["min_quantity"], tiers=tiers
        )
        return Response(WholesaleTermsSerializer(terms).data)


def _no_terms(sku: Sku) -> dict:
    return {"sku": sku.pk, "min_quantity": 1, "tiers": []}


class PriceListItemSerializer(serializers.Serializer):
    sku = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    unit_price = serializers.DecimalField(**MONEY)


class PriceListItemOutputSerializer(serializers.Serializer):
    sku = serializers.IntegerField(source="sku_id")
    unit_price = MoneyField()


class PriceListSerializer(serializers.ModelSerializer):
    company_name = serializers.CharField(source="company.name", read_only=True)
    items = PriceListItemOutputSerializer(many=True, read_only=True)

    class Meta:
        model = PriceList
        fields = ["id", "company", "company_name", "name", "valid_from", "valid_to", "items", "created_at"]


class SellerPriceListsApi(SellerAPIView):
    """GET /api/v1/seller/price-lists/: the store's negotiated price lists; POST {"company", "name", "valid_from",
    "valid_to", "items": [{"sku", "unit_price"}]} agrees one with an approved company for the store's own SKUs."""

    permission_classes = [IsStoreManager]

    class InputSerializer(InputSerializer):
        company = serializers.IntegerField(min_value=1, max_value=ID_MAX)
        name = serializers.CharField(max_length=100)
        valid_from = serializers.DateField()
        valid_to = serializers.DateField()
        items = PriceListItemSerializer(many=True, min_length=1, max_length=500)

    @extend_schema(responses=PriceListSerializer(many=True))
    def get(self, request):
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.store_price_lists(store=self.store),
            serializer_class=PriceListSerializer,
        )

    @extend_schema(request=InputSerializer, responses={201: PriceListSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        items = {item["sku"]: item["unit_price"] for item in fields.pop("items")}
        price_list = services.price_list_create(
            store=self.store, by=request.user, company_id=fields.pop("company"), items=items, **fields
        )
        return Response(PriceListSerializer(price_list).data, status=status.HTTP_201_CREATED)


class SellerPriceListApi(SellerAPIView):
    """GET / DELETE /api/v1/seller/price-lists/{id}/: one of the store's lists (another store's is 404)."""

    permission_classes = [IsStoreManager]

    def _price_list(self, price_list_id: int) -> PriceList:
        return get_object_or_404(selectors.store_price_lists(store=self.store), pk=price_list_id)

    @extend_schema(responses=PriceListSerializer)
    def get(self, request, price_list_id: int):
        return Response(PriceListSerializer(self._price_list(price_list_id)).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, price_list_id: int):
        services.price_list_delete(price_list=self._price_list(price_list_id), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PlatformCompanyApproveApi(APIView):
    """POST /api/v1/platform/companies/{id}/approve/ (operator): its users become business buyers."""

    permission_classes = [IsOperator]

    @extend_schema(
        request=None,
        responses={200: CompanySerializer, 409: error_response("invalid_transition", description="Not pending.")},
    )
    def post(self, request, company_id: int):
        company = services.company_approve(company=get_object_or_404(Company, pk=company_id), by=request.user)
        return Response(CompanySerializer(company).data)


class PlatformCompanyRejectApi(APIView):
    """POST /api/v1/platform/companies/{id}/reject/ {"reason"} (operator): its admin reads the reason."""

    permission_classes = [IsOperator]

    class InputSerializer(InputSerializer):
        reason = serializers.CharField(max_length=200)

    @extend_schema(
        request=InputSerializer,
        responses={200: CompanySerializer, 409: error_response("invalid_transition", description="Not pending.")},
    )
    def post(self, request, company_id: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        company = get_object_or_404(Company, pk=company_id)
        company = services.company_reject(company=company, by=request.user, **data.validated_data)
        return Response(CompanySerializer(company).data)
