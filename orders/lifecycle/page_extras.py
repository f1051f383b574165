"""Other centers' parts of the shopper's order page. The reviews center stands above orders (it reviews their
lines), so orders cannot import it: it registers from its ready() what each line of a member's order offers
(评价, or 查看评价 once reviewed), and the page draws the links it is given."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from orders.models import OrderLine, StoreOrder


@dataclass(frozen=True)
class LineLink:
    label: str
    url: str
    testid: str  # what the page's tests find the link by


LineLinkProvider = Callable[[StoreOrder, Sequence[OrderLine]], dict[int, LineLink]]
_line_link_providers: dict[str, LineLinkProvider] = {}


def register_line_links(*, name: str, provider: LineLinkProvider) -> None:
    """Let `provider` add one link to the lines of an order page; registering `name` again replaces it."""
    _line_link_providers[name] = provider


def line_links(order: StoreOrder, lines: Sequence[OrderLine]) -> dict[int, list[LineLink]]:
    """{line id: its links from every provider}, each provider answering for the whole page at once."""
    links: dict[int, list[LineLink]] = {}
    for provider in _line_link_providers.values():
        for line_id, link in provider(order, lines).items():
            links.setdefault(line_id, []).append(link)
    return links
