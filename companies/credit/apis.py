"""A company's credit in the API (API.md "Companies", decision 0043): its statements for its finance users and
admins under /api/v1/me/company/statements/ (paid through orders' /pay/), an operator's record of a bank
transfer under /api/v1/platform/companies/{id}/credit-repayments/, and the credit notes refunds of repaid orders
left (what the platform owes companies) under /api/v1/finance/credit-notes/, paid back by the platform's finance."""

from decimal import Decimal

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView

from companies.credit import selectors, services
from companies.credit.serializers import CreditStatementDetailSerializer, CreditStatementSerializer, RepaymentSerializer
from companies.models import Company, CreditNote, CreditStatement, RepaymentVia
from marketplace.api.pagination import paginated_response
from marketplace.api.permissions import IsFinance, IsOperator
from marketplace.api.schema import error_response
from marketplace.api.serializers import InputSerializer, IsoDateTimeField, MoneyField
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


class CreditNoteSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    company = serializers.IntegerField(source="company_id")
    company_name = serializers.CharField(source="company.name")
    order_no = serializers.CharField(source="credit_order.order_no")
    refund_no = serializers.CharField()
    amount = MoneyField()
    used = MoneyField()
    paid_back = MoneyField()
    open = MoneyField()
    paid_back_reference = serializers.CharField()
    at = IsoDateTimeField()


class FinanceCreditNotesApi(APIView):
    """GET /api/v1/finance/credit-notes/?open=true: what refunds of repaid orders on credit left companies owed,
    oldest first (finance)."""

    permission_classes = [IsFinance]

    @extend_schema(responses=CreditNoteSerializer(many=True))
    def get(self, request):
        notes = services.open_credit_notes_all() if request.query_params.get("open") == "true" else CreditNote.objects
        notes = notes.select_related("company", "credit_order").order_by("at", "pk")
        return paginated_response(request=request, view=self, queryset=notes, serializer_class=CreditNoteSerializer)


class FinanceCreditNotePayBackApi(APIView):
    """POST /api/v1/finance/credit-notes/{id}/pay-back/ {"reference"}: finance paid what is left of the note back to
    the company (its bank reference); once (`invalid_transition` when nothing is left)."""

    permission_classes = [IsFinance]

    class InputSerializer(InputSerializer):
        reference = serializers.CharField(max_length=64)

    @extend_schema(
        request=InputSerializer,
        responses={200: CreditNoteSerializer, 409: error_response("invalid_transition", description="Nothing left.")},
    )
    def post(self, request, credit_note_id: int):
        note = get_object_or_404(CreditNote, pk=credit_note_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        note = services.credit_note_pay_back(note=note, by=request.user, reference=data.validated_data["reference"])
        return Response(CreditNoteSerializer(note).data)
