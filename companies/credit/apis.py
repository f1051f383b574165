"""A company's credit in the API (API.md "Companies", decision 0043): its statements for its finance users and
admins under /api/v1/me/company/statements/ (paid through orders' /pay/), and an operator's record of a bank
transfer under /api/v1/platform/companies/{id}/credit-repayments/."""

from decimal import Decimal

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView

from companies.credit import selectors, services
from companies.credit.serializers import CreditStatementDetailSerializer, CreditStatementSerializer, RepaymentSerializer
from companies.models import Company, CreditStatement, RepaymentVia
from marketplace.api.pagination import paginated_response
from marketplace.api.permissions import IsOperator
from marketplace.api.schema import error_response
from marketplace.api.serializers import InputSerializer
from marketplace.exceptions import InvalidInput

NOT_FINANCE = error_response("not_company_finance", description="A buyer or approver who is not the company's admin.")
TOO_MUCH = error_response("repayment_exceeds_balance", description="More than is owed: nothing is recorded.")


class StatementsApi(APIView):
    """GET /api/v1/me/company/statements/: the company's monthly credit statements, the latest first."""

    @extend_schema(responses={200: CreditStatementSerializer(many=True), 403: NOT_FINANCE})
    def get(self, request):
        statements = selectors.company_statements(user=request.user)
        return paginated_response(
            request=request, view=self, queryset=statements, serializer_class=CreditStatementSerializer
        )


class StatementApi(APIView):
    """GET /api/v1/me/company/statements/{id}/: a statement with its orders, what was refunded and repaid of each
    (every allocation), and the payments made against it."""

    @extend_schema(responses={200: CreditStatementDetailSerializer, 403: NOT_FINANCE})
    def get(self, request, credit_statement_id: int):
        statement = selectors.company_statement(user=request.user, statement_id=credit_statement_id)
        return Response(CreditStatementDetailSerializer(statement).data)


class PlatformCreditRepaymentApi(APIView):
    """POST /api/v1/platform/companies/{id}/credit-repayments/ {"amount", "reference", "statement"?} (operator): the
    company paid by bank transfer (its reference, once): allocated to the statement's orders, or to everything it
    owes, oldest due first; the limit is free again by exactly that much. More than is owed is refused."""

    permission_classes = [IsOperator]

    class InputSerializer(InputSerializer):
        amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
        reference = serializers.CharField(max_length=64)
        statement = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)

    @extend_schema(request=InputSerializer, responses={201: RepaymentSerializer, 409: TOO_MUCH})
    def post(self, request, company_id: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        company = get_object_or_404(Company, pk=company_id)
        values = dict(data.validated_data)
        statement = None
        if "statement" in values:
            statement = CreditStatement.objects.filter(pk=values.pop("statement"), company=company).first()
            if statement is None:
                raise InvalidInput(fields={"statement": [_("Not a statement of this company.")]})
        repayment = services.repayment_record(
            company=company, statement=statement, via=RepaymentVia.TRANSFER, by=request.user, **values
        )
        return Response(RepaymentSerializer(repayment).data, status=status.HTTP_201_CREATED)
