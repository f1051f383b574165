"""The deals' refusals, each with its stable code (API.md "Quotes, assisted orders and contracts")."""

from django.utils.translation import gettext_lazy as _

from marketplace.exceptions import DomainError


class DealExpired(DomainError):
    """The offer's validity date has passed: it can no longer be accepted, approved or ordered."""

    code = "deal_expired"
    status = 409
    default_detail = _("This offer has expired.")


class ApprovalNotAllowed(DomainError):
    """Only a store's owner or manager approves an offer beyond the store's threshold, never the one who sent it;
    only the company's approver approves an order over the company's threshold."""

    code = "approval_not_allowed"
    status = 403
    default_detail = _("You may not approve this.")


class DealNotReady(DomainError):
    """Checkout of a deal that is not accepted with every approval in (or is ordered already)."""

    code = "deal_not_ready"
    status = 409
    default_detail = _("This deal cannot be ordered now: it needs the buyer's acceptance and every approval.")
