"""The reports' pages: /finance/reports/ for HQ and /seller/reports/ for a store's owner and manager. A filter
(dimension, days, HQ's store), a chart of the column the reader picks (static/js/charts.js draws it from the
table, from our own static files), the table with its total, and the same table as CSV or XLSX."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from catalog.templatetags.storefront import yuan
from marketplace.exceptions import InvalidInput
from settlement.finance_views import finance_page
from settlement.reports import exports, selectors
from settlement.reports.apis import audience_of
from settlement.reports.forms import ReportForm
from settlement.reports.selectors import DIMENSIONS, TIME, Audience
from stores.seller_pages import MANAGERS, field_errors, seller_page


@finance_page
def finance_reports(request):
    """HQ's report: every store, or one."""
    report, form, status = _report(request, Audience.HQ, store=None)
    if report is not None and form.cleaned_data["export"]:
        return exports.report_response(report, export=form.cleaned_data["export"], name="hq")
    return render(request, "finance/reports.html", _context(request, report, form, "reports"), status=status)


@seller_page(roles=MANAGERS)
def seller_reports(request):
    """The store's report: an owner's with margins and HQ's take, a manager's sales, goods and staff."""
    report, form, status = _report(request, audience_of(request.membership.role), store=request.store)
    if report is not None and form.cleaned_data["export"]:
        name = f"store{request.store.pk}"
        return exports.report_response(report, export=form.cleaned_data["export"], name=name)
    return render(request, "seller/reports.html", _context(request, report, form, "reports"), status=status)


def _report(request, audience: str, *, store):
    form = ReportForm(request.GET, audience=audience)
    if not form.is_valid():
        return None, form, 400
    data = form.cleaned_data
    try:
        report = selectors.sales_report(
            audience=audience,
            by=data.get("by") or "day",
            start=data.get("start"),
            end=data.get("end"),
            store=data.get("store") or store,
        )
    except InvalidInput as error:
        for name, messages in field_errors(error).items():
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
        return None, form, 400
    return report, form, 200


def _context(request, report, form, section: str) -> dict:
    query = request.GET.copy()
    query.pop("export", None)
    return {
        "section": section,
        "form": form,
        "report": report,
        "dimension": DIMENSIONS[report.by] if report else "",
        "rows": _cells(report, report.rows) if report else [],
        "total": _cells(report, [report.total])[0] if report else None,
        "query": query.urlencode(),
        "chart_kind": "line" if report is not None and report.by in TIME else "bar",
        "no_figures": _("Nothing was sold in these days."),
    }


def _cells(report, rows: list[dict]) -> list[tuple[str, list[tuple[object, str]]]]:
    """Each row as its label and its cells, in the columns' order: (the raw value the chart reads, the text the
    table prints). Written here rather than by a template per cell: a year by day is five thousand cells."""
    return [(row.get("label", ""), [_cell(column.kind, row[column.name]) for column in report.columns]) for row in rows]


def _cell(kind: str, value) -> tuple[object, str]:
    if value is None:
        return "", "—"
    if kind == "money":
        return value, yuan(value)
    if kind == "percent":
        return value, f"{value}%"
    return value, str(value)
