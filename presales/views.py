"""The storefront's presale pages: /presale/ (the presales taking deposits, to come, or taking balances, with
their countdowns), a presale's page (its price, deposit, what the deposit counts for, its windows; for a member
their deposit and the way to pay its balance), and the member's withdrawal of a deposit in the deposit window."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.exceptions import DomainError
from presales import selectors, services
from presales.models import DepositStatus, Presale, PresaleDeposit
from stores.seller_pages import paginate


def checkout_url(*, sku_id: int, quantity: int, play: str) -> str:
    """The checkout page buying `quantity` of the SKU through a play ("presale:3", "presale_balance:12")."""
    query = urlencode({"buy": 1, "sku": sku_id, "quantity": quantity, "play": play})
    return reverse("shop-checkout") + "?" + query


def balance_url(deposit: PresaleDeposit) -> str:
    return checkout_url(sku_id=deposit.presale.sku_id, quantity=deposit.quantity, play=f"presale_balance:{deposit.pk}")


def _phase(presale: Presale, now) -> str:
    if now < presale.deposit_starts_at:
        return "upcoming"
    if now < presale.deposit_ends_at:
        return "deposit"
    if now < presale.balance_starts_at:
        return "waiting"
    return "balance" if now < presale.balance_ends_at else "ended"


def _dress(presale: Presale, now) -> Presale:
    """What the templates show beside the row: its phase, the balance a unit, the moments it counts down to."""
    presale.phase = _phase(presale, now)
    presale.balance_price = services.balance_of(presale, 1)
    if presale.phase in ("upcoming", "deposit"):
        presale.countdown_starts, presale.countdown_ends = presale.deposit_starts_at, presale.deposit_ends_at
    else:
        presale.countdown_starts, presale.countdown_ends = presale.balance_starts_at, presale.balance_ends_at
    return presale


def presale_list(request):
    now = timezone.now()
    presales = [_dress(presale, now) for presale in selectors.storefront_presales(now=now)]
    return render(request, "presales/list.html", {"presales": presales})


def presale_detail(request, presale_id: int):
    now = timezone.now()
    presale = selectors.storefront_presale(presale_id=presale_id)
    if presale is None:
        raise Http404
    _dress(presale, now)
    deposit = selectors.member_deposit(user=request.user, presale=presale)
    context = {
        "presale": presale,
        "deposit": deposit,
        "can_pay_deposit": presale.taking_deposits(now)
        and (deposit is None or deposit.status not in DepositStatus.live()),
        "can_pay_balance": deposit is not None
        and deposit.status == DepositStatus.PAID
        and presale.taking_balances(now),
        "can_withdraw": deposit is not None and deposit.status == DepositStatus.PAID and now < presale.deposit_ends_at,
        "balance_url": balance_url(deposit) if deposit is not None else "",
        "limits": range(1, presale.per_member_limit + 1),
    }
    return render(request, "presales/detail.html", context)


@login_required
@require_POST
def deposit_withdraw(request, deposit_id: int):
    deposit = get_object_or_404(selectors.member_deposits(user=request.user), pk=deposit_id)
    try:
        services.deposit_withdraw(deposit=deposit, user=request.user)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("Your deposit is refunded in full, the way you paid it."))
    return redirect("storefront-presale", deposit.presale_id)


@login_required
def my_deposits(request):
    """The member's presale deposits: what was paid, what it counts for, the balance window and the way to pay."""
    page = paginate(request, selectors.member_deposits(user=request.user))
    now = timezone.now()
    for deposit in page:
        presale = deposit.presale
        deposit.counts_for = presale.counted * deposit.quantity
        in_window = presale.balance_starts_at <= now < presale.balance_ends_at
        deposit.balance_link = balance_url(deposit) if in_window and deposit.status == DepositStatus.PAID else ""
    return render(request, "presales/mine.html", {"page": page, "me_tab": "presales"})
