"""Any table as a file a spreadsheet opens: CSV (UTF-8 with a byte-order mark, so that Excel reads the Chinese
headings) or XLSX, and the attachment that carries it. Used by the reports and the seller's order export.

The XLSX is the smallest workbook the Office Open XML standard (ECMA-376) allows: one sheet of inline strings
and numbers, written with the standard library's zipfile. Money and counts are numbers a spreadsheet can add; text
is an inline string, never a formula. In the CSV, text that begins like a formula is quoted (CSV injection)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from xml.sax.saxutils import escape

from django.http import HttpResponse

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Table = Sequence[Sequence]  # rows of cells: str, int, Decimal or None; the first row is the heading


def table_response(table: Table, *, export: str, filename: str, sheet: str = "Sheet1") -> HttpResponse:
    """`table` as an attachment: `export` is "csv" or "xlsx", `filename` without its extension."""
    content = table_csv(table) if export == "csv" else table_xlsx(table, sheet=sheet)
    response = HttpResponse(content, content_type=FORMATS[export])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export}"'
    return response


def table_csv(table: Table) -> bytes:
    text = io.StringIO()
    text.write("\ufeff")
    csv.writer(text).writerows([[_csv_cell(cell) for cell in row] for row in table])
    return text.getvalue().encode("utf-8")


def _csv_cell(value):
    """A cell as CSV text. Text someone typed that begins like a formula (=, +, -, @) is quoted with an apostrophe,
    so a spreadsheet shows it instead of running it; numbers are left as they are."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def table_xlsx(table: Table, *, sheet: str = "Sheet1") -> bytes:
    sheet_rows = "".join(
        f'<row r="{number}">{"".join(_cell(value) for value in row)}</row>' for number, row in enumerate(table, start=1)
    )
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": WORKBOOK.format(name=escape(sheet)[:31]),
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": SHEET.format(rows=sheet_rows),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as workbook:
        for path, xml in parts.items():
            workbook.writestr(path, xml)
    return buffer.getvalue()


def _cell(value) -> str:
    if value is None:
        return "<c/>"
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return f"<c><v>{value}</v></c>"
    return f'<c t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    XML + f'<Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    XML + f'<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    XML + f'<Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET = XML + f'<worksheet xmlns="{MAIN}"><sheetData>{{rows}}</sheetData></worksheet>'
