from django.utils.translation import gettext_lazy as _

from marketplace.exceptions import DomainError, InvalidInput, InvalidTransition, NotFound, Refused  # noqa: F401

REFUSALS = {
    "auction_not_live": _("The auction is not open for bids."),
    "auction_deposit_required": _("Pay the auction's deposit before you bid."),
    "auction_bid_too_low": _("Your bid must be at least the next minimum price."),
    "auction_outbid": _("Someone bid that price first: bid higher."),
    "auction_not_winner": _("Only the auction's winner may buy the lot, before the time to pay runs out."),
    "auction_deposit_paid": _("You have paid this auction's deposit already."),
}


class AuctionRefused(Refused):
    """A bid, deposit or checkout the auction's rules refuse; `code` says why (stable, API.md)."""

    refusals = REFUSALS
