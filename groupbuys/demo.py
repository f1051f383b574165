"""Demo group buy (manage.py seed_demo): a platform campaign on an HQ good for two-member groups, and a group bob
opened and paid for, with one place left, so that the home page's section leads to a group alice (or anyone) can
complete. Made good at every seed: when no group of the campaign is open with a place left for another hour, bob
opens a new one."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from catalog.models import Sku
from groupbuys import selectors
from groupbuys.models import Campaign, CampaignStatus
from groupbuys.services import CampaignInput, campaign_create
from marketplace.money import quantize
from orders.checkout.preview import CheckoutRequest, checkout_price
from orders.checkout.services import Submission, order_submit
from orders.demo import goods_in_stock, pay_trade
from orders.plays import PlayChoice
from orders.pricing import LineRequest

NAME = "两人团 · 平台补贴"


def _campaign(demo: dict, now) -> Campaign | None:
    live = selectors.live_campaigns(now=now).filter(name=NAME, ends_at__gt=now + timedelta(days=1)).first()
    if live is not None:
        return live
    Campaign.objects.filter(name=NAME, status=CampaignStatus.ACTIVE).update(status=CampaignStatus.STOPPED)
    skus = goods_in_stock(demo["stores"]["hq"])
    if not skus:
        return None
    sku_id = skus[-1]  # the dearest of the cheap ones: a discount worth sharing
    price = Sku.objects.get(pk=sku_id).price
    data = CampaignInput(
        name=NAME,
        sku_id=sku_id,
        group_price=quantize(price * Decimal("0.7")),
        group_size=2,
        hours=72,
        starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(days=30),
    )
    return campaign_create(store=None, by=demo["operator"], data=data)


def _open_group(user, campaign: Campaign, now) -> None:
    """`user` opens a group of `campaign` through the checkout and pays for it on the simulated gateway."""
    address = user.addresses.get(is_default=True)
    checkout = CheckoutRequest(
        lines=(LineRequest(campaign.sku_id, 1),),
        address_id=address.pk,
        coupons=(),
        play=PlayChoice(kind="group_open", ref=campaign.pk),
    )
    payable = checkout_price(user=user, request=checkout, now=now).breakdown.payable
    trade = order_submit(user=user, submission=Submission(checkout=checkout, expected_payable=payable), now=now)
    pay_trade(trade, when=now)


def seed(demo: dict) -> None:
    now = timezone.now()
    campaign = _campaign(demo, now)
    if campaign is None:
        return
    waiting = selectors.joinable_groups(now=now + timedelta(hours=1)).filter(campaign=campaign, taken=1)
    if not waiting.exists():
        _open_group(demo["shoppers"][1], campaign, now)  # bob
