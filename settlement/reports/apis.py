"""The reports' API (docs/REPORTS.md): `GET /api/v1/finance/reports/sales/` for HQ (the finance role, superusers)
and `GET /api/v1/seller/reports/sales/` for a store's owner and manager (a clerk gets `permission_denied`).

Query: `by` (hour, day, month, quarter, year, store, region, category, product, staff; HQ alone has store and
region), `start` and `end` (days, both included), `store` (HQ: one store), `export` (csv or xlsx: the table as a
file instead of JSON)."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.amounts import money_text
from marketplace.api.permissions import IsFinance
from marketplace.api.serializers import InputSerializer
from marketplace.tables import FORMATS
from settlement.reports import exports, selectors
from settlement.reports.selectors import DIMENSIONS, Audience, Report
from stores.models import StaffRole
from stores.permissions import IsStoreManager
from stores.seller import SellerAPIView


class ReportQuery(InputSerializer):
    by = serializers.ChoiceField(choices=list(DIMENSIONS), default="day")
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    export = serializers.ChoiceField(choices=list(FORMATS), required=False)


class FinanceReportQuery(ReportQuery):
    store = serializers.IntegerField(required=False, min_value=1)


REPORT_SHAPE = inline_serializer(
    "Report",
    {
        "by": serializers.CharField(),
        "start": serializers.DateField(),
        "end": serializers.DateField(),
        "columns": inline_serializer(
            "ReportColumn",
            {"name": serializers.CharField(), "label": serializers.CharField(), "kind": serializers.CharField()},
            many=True,
        ),
        "rows": serializers.ListField(child=serializers.DictField(), help_text="key, label and a value per column"),
        "total": serializers.DictField(),
    },
)
REPORT_RESPONSES = {
    (200, "application/json"): REPORT_SHAPE,
    (200, FORMATS["csv"].split(";")[0]): str,
    (200, FORMATS["xlsx"]): bytes,
}


def report_payload(report: Report) -> dict:
    """The report as JSON: money as strings to the cent, percents as strings to one decimal (null where the base is
    nothing), counts as numbers."""

    def values(row: dict) -> dict:
        return {column.name: _value(column.kind, row[column.name]) for column in report.columns}

    return {
        "by": report.by,
        "start": report.start.isoformat(),
        "end": report.end.isoformat(),
        "columns": [
            {"name": column.name, "label": str(column.label), "kind": column.kind} for column in report.columns
        ],
        "rows": [{"key": row["key"], "label": row["label"], **values(row)} for row in report.rows],
        "total": values(report.total),
    }


def _value(kind: str, value):
    if value is None:
        return None
    if kind == "money":
        return money_text(value)
    if kind == "percent":
        return f"{value:.1f}"
    return int(value)


def report_answer(query: ReportQuery, *, audience: str, store, name: str):
    """The report a valid query asks for, as JSON or, with `export`, as a file named after `name`."""
    data = query.validated_data
    report = selectors.sales_report(
        audience=audience, by=data["by"], start=data.get("start"), end=data.get("end"), store=store
    )
    if data.get("export"):
        return exports.report_response(report, export=data["export"], name=name)
    return Response(report_payload(report))


class FinanceReportApi(APIView):
    """GET /api/v1/finance/reports/sales/: every store's figures, or one store's (`store`)."""

    permission_classes = [IsFinance]

    @extend_schema(parameters=[FinanceReportQuery], responses=REPORT_RESPONSES)
    def get(self, request):
        query = FinanceReportQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        store_id = query.validated_data.get("store")
        store = selectors.report_store(store_id=store_id) if store_id else None
        return report_answer(query, audience=Audience.HQ, store=store, name="hq")


class SellerReportApi(SellerAPIView):
    """GET /api/v1/seller/reports/sales/: the store's own figures; a manager's without costs and HQ's take."""

    permission_classes = [IsStoreManager]

    @extend_schema(parameters=[ReportQuery], responses=REPORT_RESPONSES)
    def get(self, request):
        query = ReportQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        audience = audience_of(self.membership.role)
        return report_answer(query, audience=audience, store=self.store, name=f"store{self.store.pk}")


def audience_of(role: str) -> str:
    return Audience.OWNER if role == StaffRole.OWNER else Audience.MANAGER
