"""The storefront's auction pages: /auctions/ (running auctions with their countdowns) and /auctions/<id>/ (the
price, the next minimum, the last bids; for a member the deposit to pay, the bid form, and for the winner the
way to checkout at the final price). The forms post to the same services as the API."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from auctions import selectors, services
from auctions.apis import pay_url
from auctions.models import Auction, AuctionStatus
from marketplace.exceptions import DomainError, NotFound
from orders.payment import methods
from orders.payment.views import PaymentMethodForm
from stores.seller_pages import paginate


class BidForm(forms.Form):
    amount = forms.DecimalField(label=gettext_lazy("Your bid (yuan)"), max_digits=14, decimal_places=2, min_value=0)


def checkout_url(auction: Auction) -> str:
    """The winner's buy-now: one unit of the lot through the play `auction:<id>`."""
    query = {"buy": 1, "sku": auction.sku_id, "quantity": 1, "play": f"auction:{auction.pk}"}
    return reverse("shop-checkout") + "?" + urlencode(query)


def auction_list(request):
    auctions = list(selectors.storefront_auctions(now=timezone.now()))
    return render(request, "auctions/list.html", {"auctions": auctions})


def auction_page(request, auction_id: int):
    try:
        auction = selectors.auction_of(auction_id=auction_id)
    except NotFound:
        raise Http404 from None
    user = request.user
    now = timezone.now()
    context = {
        "auction": auction,
        "live": auction.live(now),
        "bids": selectors.last_bids(auction=auction),
        "deposit_paid": selectors.has_paid_deposit(auction=auction, user=user),
        "bid_form": BidForm(initial={"amount": auction.next_minimum}),
        "deposit_form": PaymentMethodForm(initial={"method": _initial_method(user)}),
        "winner": user.is_authenticated and auction.winner_id == user.pk,
        "can_buy": auction.status == AuctionStatus.AWAITING_PAYMENT and auction.pay_by and auction.pay_by > now,
        "checkout_url": checkout_url(auction),
    }
    return render(request, "auctions/detail.html", context)


def _initial_method(user):
    last = methods.last_channel(user=user) if user.is_authenticated else None
    return last or next(iter(methods.channels()), None)


@login_required
@require_POST
def deposit_pay(request, auction_id: int):
    """Start the deposit's payment and send the member to the gateway's page."""
    form = PaymentMethodForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how to pay."))
        return redirect("storefront-auction", auction_id)
    try:
        payment = services.deposit_start(auction_id=auction_id, user=request.user, method=form.cleaned_data["method"])
    except DomainError as error:
        messages.error(request, error.detail)
        return redirect("storefront-auction", auction_id)
    return redirect(pay_url(payment) or reverse("storefront-auction", args=[auction_id]))


@login_required
@require_POST
def bid(request, auction_id: int):
    form = BidForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give your bid in yuan."))
        return redirect("storefront-auction", auction_id)
    try:
        placed = services.bid_place(auction_id=auction_id, user=request.user, amount=form.cleaned_data["amount"])
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        if placed.buyout:
            messages.success(request, _("You bought it out: pay for it before the deadline."))
        else:
            messages.success(request, _("Your bid of ¥%(amount)s leads.") % {"amount": placed.amount})
    return redirect("storefront-auction", auction_id)


@login_required
def my_auctions(request):
    """The auctions the member bid on or paid a deposit for: their highest bid, won / lost / outbid, the deposit."""
    page = paginate(request, selectors.member_auctions(user=request.user))
    now = timezone.now()
    for auction in page:
        auction.outcome = selectors.member_outcome(auction, request.user.pk)
        can_pay = auction.outcome == "won" and auction.status == AuctionStatus.AWAITING_PAYMENT
        auction.pay_url = checkout_url(auction) if can_pay and auction.pay_by and auction.pay_by > now else None
    return render(request, "auctions/mine.html", {"page": page, "me_tab": "auctions"})
