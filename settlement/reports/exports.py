"""A report as a file (CSV or XLSX, marketplace.tables): the heading, a row per key, the total."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from marketplace.tables import table_response
from settlement.reports.selectors import DIMENSIONS, Report


def report_response(report: Report, *, export: str, name: str) -> HttpResponse:
    """The report as an attachment named `name`-<dimension>-<start>-<end>.<export>."""
    filename = f"{name}-{report.by}-{report.start:%Y%m%d}-{report.end:%Y%m%d}"
    return table_response(report_table(report), export=export, filename=filename, sheet=str(DIMENSIONS[report.by]))


def report_table(report: Report) -> list[list]:
    heading = [str(DIMENSIONS[report.by]), *(str(column.label) for column in report.columns)]
    rows = [[row["label"], *(row[column.name] for column in report.columns)] for row in report.rows]
    total = [_("Total"), *(report.total[column.name] for column in report.columns)]
    return [heading, *rows, total]
