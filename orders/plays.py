"""The seam through which a marketing play above orders (group buy, auction, presale) takes part in an order.

Orders never imports those apps. Each registers a `Play` under its kind from its AppConfig.ready(); a checkout
that names a `PlayChoice` buys its one line through that play, and orders calls the play back at the moments
that matter to it: pricing the line, submission, payment and cancellation, each inside that step's transaction.
The flash sale, below orders, is not a registered play: its holds are found by member (decision 0029).
Decision 0032."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from members.models import User
from orders.exceptions import InvalidInput
from orders.models import StoreOrder
from promotions.pricing import PlayPrice


@dataclass(frozen=True)
class PlayChoice:
    """What a checkout names: buy its line through the play `kind`, on the play's own row `ref`."""

    kind: str
    ref: int

    def as_text(self) -> str:
        return f"{self.kind}:{self.ref}"

    @classmethod
    def from_text(cls, text: str) -> "PlayChoice":
        """ "group_buy:12" -> PlayChoice("group_buy", 12); anything else is `validation_error` on `play`."""
        kind, _sep, ref = (text or "").partition(":")
        if kind not in _PLAYS or not ref.isdigit() or not 0 < int(ref) < 2**31:
            raise InvalidInput(_("Unknown marketing play."), fields={"play": [_("Not a play this checkout knows.")]})
        return cls(kind, int(ref))


@dataclass(frozen=True)
class PlayLine:
    """The play's price for the line, in the engine's play lane, and the units it already holds for the member
    out of sellable stock (they count as available; `Play.consume` gives them back before the order reserves)."""

    price: PlayPrice
    held: int = 0


class Play:
    """A marketing play as orders sees it. Subclass, set `kind`, override what the play needs."""

    kind: str = ""

    def line(self, *, user: User, ref: int, sku_id: int, quantity: int, now: datetime) -> PlayLine:
        """Price the one line bought through the play, or raise a DomainError saying why the member may not."""
        raise NotImplementedError

    def payment_deadline(self, *, ref: int, now: datetime) -> datetime | None:
        """The trade's payment deadline, if the play has its own (None: ORDER_PAYMENT_TIMEOUT_MINUTES)."""
        return None

    def consume(self, *, user: User, ref: int, sku_id: int, quantity: int, trade_no: str, now: datetime) -> None:
        """In the submission's transaction, before stock is reserved: give back what the play held for the line."""

    def submitted(self, *, order: StoreOrder, ref: int, now: datetime) -> None:
        """In the submission's transaction, once the order is written (its `play_kind` and `play_ref` set)."""

    def paid(self, *, order: StoreOrder, now: datetime) -> bool:
        """In the payment's transaction. False holds the order's parcels until the play calls
        `orders.shipping.services.shipping_release`."""
        return True

    def cancelled(self, *, order: StoreOrder, now: datetime) -> None:
        """An unpaid play order cancelled (by the shopper or the payment timeout), in that transaction."""


_PLAYS: dict[str, Play] = {}


def register_play(play: Play) -> None:
    if not play.kind or _PLAYS.get(play.kind, play) is not play:
        raise ValueError(f"a play needs a kind of its own: {play.kind!r}")
    _PLAYS[play.kind] = play


def play_for(kind: str) -> Play:
    try:
        return _PLAYS[kind]
    except KeyError:
        raise InvalidInput(
            _("Unknown marketing play."), fields={"play": [_("Not a play this checkout knows.")]}
        ) from None
