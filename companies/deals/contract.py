"""A deal's contract (购销合同) as a PDF, drawn with reportlab from the deal's rows each time it is asked for: the
same deal gives the same bytes (`invariant`: no creation time or random id in the file), so nothing is stored and
the file can never disagree with the deal. Chinese is set in reportlab's built-in CID font STSong-Light (no font
file); numbers in Helvetica, and the pages are not compressed, so the order number can be found in the file."""

from io import BytesIO

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from companies.deals.selectors import deal_totals
from companies.models import Deal, DealEventType
from marketplace.amounts import money_text

CJK = "STSong-Light"
LATIN = "Helvetica"
MARGIN = 50
LINE = 16
COLUMNS = (MARGIN, MARGIN + 30, MARGIN + 300, MARGIN + 360, MARGIN + 430)  # no., goods, quantity, price, amount

pdfmetrics.registerFont(UnicodeCIDFont(CJK))


class _Page:
    """A cursor down the pages: each `row` moves a line down, starting a new page at the bottom margin."""

    def __init__(self, canvas: Canvas):
        self.canvas = canvas
        self.width, self.height = A4
        self.y = self.height - MARGIN

    def row(self, height: int = LINE) -> float:
        if self.y - height < MARGIN:
            self.canvas.showPage()
            self.y = self.height - MARGIN
        self.y -= height
        return self.y

    def text(self, x: float, words: str, *, size: int = 10, latin: bool = False) -> None:
        self.canvas.setFont(LATIN if latin else CJK, size)
        self.canvas.drawString(x, self.y, words)

    def label_value(self, label: str, value: str, *, latin: bool = True) -> None:
        """A Chinese label and its value on one line (a number in Helvetica, readable in the file)."""
        self.row()
        self.text(MARGIN, label)
        self.text(MARGIN + 110, value, latin=latin)


def contract_pdf(deal: Deal) -> bytes:
    """The contract of an ordered deal: both parties, the order, its lines, prices and totals, the terms and who
    confirmed it. Written in Simplified Chinese, the language of the contract, whoever asks."""
    with translation.override("zh-hans"):
        return _draw(deal)


def _draw(deal: Deal) -> bytes:
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=0)
    canvas.setTitle(f"{deal.number} {deal.order_no}")
    page = _Page(canvas)
    page.row(24)
    canvas.setFont(CJK, 18)
    canvas.drawCentredString(page.width / 2, page.y, _("Purchase and sales contract"))
    page.row(8)
    page.label_value(_("Contract number"), deal.number)
    page.label_value(_("Order number"), deal.order_no)
    page.label_value(_("Trade number"), deal.trade_no)
    ordered = deal.events.filter(type=DealEventType.ORDERED).values_list("at", flat=True).first()
    if ordered is not None:
        page.label_value(_("Date"), f"{timezone.localtime(ordered):%Y-%m-%d}")
    page.label_value(_("Buyer"), deal.company.name, latin=False)
    page.label_value(_("Unified social credit code"), deal.company.credit_code)
    page.label_value(_("Seller"), deal.store.name, latin=False)
    page.row(8)
    page.row()
    for x, heading in zip(COLUMNS, (_("No."), _("Goods"), _("Quantity"), _("Unit price"), _("Amount")), strict=True):
        page.text(x, heading)
    lines = list(deal.lines.order_by("pk"))
    for number, line in enumerate(lines, start=1):
        page.row()
        page.text(COLUMNS[0], str(number), latin=True)
        page.text(COLUMNS[1], line.title[:28])
        page.text(COLUMNS[2], str(line.quantity), latin=True)
        page.text(COLUMNS[3], money_text(line.unit_price or 0), latin=True)
        page.text(COLUMNS[4], money_text(line.amount or 0), latin=True)
    totals = deal_totals(deal, lines=lines)
    page.row(8)
    page.label_value(_("Goods total"), money_text(totals.goods))
    page.label_value(_("Special discount"), money_text(totals.discount))
    page.label_value(_("Contract total"), money_text(totals.total))
    page.row(8)
    page.row()
    page.text(MARGIN, _("Terms"))
    terms = deal.terms or _(
        "Freight, delivery and payment as the order on the platform says; the goods' quality as the seller's product "
        "page describes it."
    )
    for paragraph in terms.splitlines():
        for start in range(0, len(paragraph), 40):
            page.row()
            page.text(MARGIN + 10, paragraph[start : start + 40])
    page.row(8)
    for label, user in (
        (_("Buyer confirmed"), deal.buyer_confirmed_by),
        (_("Seller confirmed"), deal.store_confirmed_by),
    ):
        page.label_value(label, user.get_username() if user else _("Not yet"), latin=False)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
