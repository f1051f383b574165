"""The shapes of a company's credit in the API: statements with their lines and allocations, repayments."""

from rest_framework import serializers

from companies.credit.services import statement_balance
from companies.models import CreditAllocation, CreditStatement, CreditStatementLine, Repayment
from marketplace.amounts import money_text
from marketplace.api.serializers import MoneyField


class AllocationSerializer(serializers.ModelSerializer):
    amount = MoneyField()

    class Meta:
        model = CreditAllocation
        fields = ["kind", "amount", "reference", "at"]


class StatementLineSerializer(serializers.ModelSerializer):
    order_no = serializers.CharField(source="credit_order.order_no")
    store = serializers.CharField(source="credit_order.store.name")
    bought_at = serializers.DateTimeField(source="credit_order.paid_at")
    due_on = serializers.DateField(source="credit_order.due_on")
    amount = MoneyField(source="credit_order.amount")
    owed_now = MoneyField(source="credit_order.owed")
    opening = MoneyField()
    charged = MoneyField()
    refunded = MoneyField()
    repaid = MoneyField()
    closing = MoneyField()
    allocations = AllocationSerializer(source="credit_order.allocations", many=True)

    class Meta:
        model = CreditStatementLine
        fields = [
            "order_no",
            "store",
            "bought_at",
            "due_on",
            "amount",
            "carried",
            "opening",
            "charged",
            "refunded",
            "repaid",
            "closing",
            "owed_now",
            "allocations",
        ]


class RepaymentSerializer(serializers.ModelSerializer):
    amount = MoneyField()
    allocations = serializers.SerializerMethodField()

    class Meta:
        model = Repayment
        fields = ["id", "statement", "amount", "reference", "via", "at", "allocations"]

    def get_allocations(self, repayment) -> list[dict]:
        return [
            {"order_no": part.credit_order.order_no, "amount": money_text(part.amount)}
            for part in repayment.allocations.select_related("credit_order").order_by("pk")
        ]


class CreditStatementSerializer(serializers.ModelSerializer):
    month = serializers.DateField(format="%Y-%m")
    opening = MoneyField()
    charges = MoneyField()
    refunds = MoneyField()
    repayments = MoneyField()
    closing = MoneyField()
    balance = serializers.SerializerMethodField()

    class Meta:
        model = CreditStatement
        fields = ["id", "month", "due_on", "opening", "charges", "refunds", "repayments", "closing", "balance"]

    def get_balance(self, statement) -> str:
        """What is still owed today on the orders it listed as owed."""
        return money_text(statement_balance(statement))


class CreditStatementDetailSerializer(CreditStatementSerializer):
    lines = StatementLineSerializer(many=True)
    payments = RepaymentSerializer(many=True)

    class Meta(CreditStatementSerializer.Meta):
        fields = [*CreditStatementSerializer.Meta.fields, "lines", "payments"]
