"""The one module that records a presale's history and its deposits' (typed by PresaleEventType), and tells
members of what concerns them (the balance due)."""

from django.utils import timezone

from marketplace.amounts import money_text
from marketplace.notifications.models import MessageKind
from marketplace.notifications.services import Notice, notify
from presales.models import Presale, PresaleDeposit, PresaleEvent, PresaleEventType


def record(
    *, presale: Presale, type: PresaleEventType, by=None, deposit: PresaleDeposit | None = None, **data
) -> PresaleEvent:
    return PresaleEvent.objects.create(presale=presale, deposit=deposit, type=type, by=by, data=data)


def balance_reminded(*, deposit: PresaleDeposit, balance) -> PresaleEvent:
    """The balance window is open: the member is told what is left to pay and by when."""
    presale = deposit.presale
    event = record(presale=presale, deposit=deposit, type=PresaleEventType.BALANCE_REMINDED)
    ends_at = timezone.localtime(presale.balance_ends_at)
    params = {
        "name": presale.name,
        "balance": money_text(balance),
        "ends_at": f"{ends_at:%Y-%m-%d %H:%M}",
        "presale_id": presale.pk,
    }
    notify([Notice(MessageKind.PRESALE_BALANCE_DUE, deposit.user_id, f"presale_deposit:{deposit.pk}", params)])
    return event
