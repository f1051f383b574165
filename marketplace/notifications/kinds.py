"""The words of each kind of message, and where it leads: rendered when it is read (or sent), in the reader's
language, from the kind's code and the parameters the event gave. Nothing is stored as text, so a message written
yesterday reads in the language the reader uses today, and a wording fixed here is fixed for every message.

A person's own words (why the store rejected a refund, why a product was rejected) are the `reason` parameter:
shown beside the text as they were typed, never put inside a translated sentence."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from marketplace.notifications.models import MessageKind, NotificationGroup


@dataclass(frozen=True)
class Channels:
    site: bool
    email: bool
    sms: bool


# What a reader who chose nothing gets: every group in the message centre and by e-mail; SMS only when asked for
# (a text costs money, and Chinese rules want consent for all but transactional ones).
DEFAULT_CHANNELS = {group: Channels(site=True, email=True, sms=False) for group in NotificationGroup.values}


@dataclass(frozen=True)
class Kind:
    group: str
    body: Promise  # the text, with %(name)s parameters
    link: Callable[[dict], str] | None = None  # the page it leads to, from its parameters
    prepare: Callable[[dict], dict] | None = None  # parameters as the words want them (a time in local time)


def _company_statement(params: dict) -> str:
    return reverse("shop-me-company-statement", args=[params["statement_id"]])


def _company_statements(params: dict) -> str:
    return reverse("shop-me-company-statements")


def _shopper_order(params: dict) -> str:
    return reverse("shop-order", args=[params["order_no"]])


def _seller_order(params: dict) -> str:
    return reverse("seller:order-detail", args=[params["order_no"]])


def _shopper_refund(params: dict) -> str:
    """The after-sales request's own page; messages written before it named their request lead to the order."""
    if "refund_id" in params:
        return reverse("shop-refund", args=[params["refund_id"]])
    return _shopper_order(params)


def _seller_refund(params: dict) -> str:
    """The request's page in the seller backend; messages written before it named their request lead to the queue."""
    if "refund_id" in params:
        return reverse("seller:refund-detail", args=[params["refund_id"]])
    return reverse("seller:refunds")


def _seller_product(params: dict) -> str:
    return reverse("seller:product-edit", args=[params["spu_id"]])


def _seller_home(params: dict) -> str:
    return reverse("seller:dashboard")


def _seller_reviews(params: dict) -> str:
    return reverse("seller:reviews")


def _shopper_review(params: dict) -> str:
    return reverse("shop-me-review", args=[params["review_id"]])


def _store_application(params: dict) -> str:
    return reverse("shop-me-store")


def _wallet(params: dict) -> str:
    return reverse("shop-me-coupons")


def _auction(params: dict) -> str:
    return reverse("storefront-auction", args=[params["auction_id"]])


def _company_deal(params: dict) -> str:
    return reverse("shop-me-quote", args=[params["deal_id"]])


def _seller_deal(params: dict) -> str:
    return reverse("seller:deal-detail", args=[params["deal_id"]])


def _either_deal(params: dict) -> str:
    """The deal's page on the reader's side: the store's (`side` "store"), or the company's."""
    return _seller_deal(params) if params.get("side") == "store" else _company_deal(params)


def _local_pay_by(params: dict) -> dict:
    pay_by = timezone.localtime(datetime.fromisoformat(params["pay_by"]))
    return {**params, "pay_by": f"{pay_by:%Y-%m-%d %H:%M}"}


def _presale(params: dict) -> str:
    return reverse("storefront-presale", args=[params["presale_id"]])


def _local_valid_to(params: dict) -> dict:
    valid_to = timezone.localtime(datetime.fromisoformat(params["valid_to"]))
    return {**params, "valid_to": f"{valid_to:%Y-%m-%d %H:%M}"}


def _local_time(name: str) -> Callable[[dict], dict]:
    """The `name` parameter (an ISO time) as local time to the minute."""

    def prepare(params: dict) -> dict:
        at = timezone.localtime(datetime.fromisoformat(params[name]))
        return {**params, name: f"{at:%Y-%m-%d %H:%M}"}

    return prepare


KINDS: dict[str, Kind] = {
    MessageKind.ORDER_PAID: Kind(
        NotificationGroup.ORDERS,
        _("Your payment of ¥%(amount)s for order %(order_no)s has arrived; the store is getting it ready."),
        _shopper_order,
    ),
    MessageKind.ORDER_SHIPPED: Kind(
        NotificationGroup.ORDERS,
        _("A parcel of order %(order_no)s is on its way with %(carrier)s, tracking number %(tracking_no)s."),
        _shopper_order,
    ),
    MessageKind.ORDER_DELIVERED: Kind(
        NotificationGroup.ORDERS,
        _("Order %(order_no)s has been delivered. Confirm receipt once you have checked the goods."),
        _shopper_order,
    ),
    MessageKind.REFUND_RETURN_ACCEPTED: Kind(
        NotificationGroup.AFTERSALES,
        _("The store accepted the return of after-sales %(refund_no)s (order %(order_no)s): send the goods back."),
        _shopper_refund,
    ),
    MessageKind.REFUND_REJECTED: Kind(
        NotificationGroup.AFTERSALES,
        _("The store rejected after-sales %(refund_no)s (order %(order_no)s). You may ask the platform to decide."),
        _shopper_refund,
    ),
    MessageKind.REFUND_REFUNDED: Kind(
        NotificationGroup.AFTERSALES,
        _("¥%(amount)s of after-sales %(refund_no)s (order %(order_no)s) is on its way back to you."),
        _shopper_refund,
    ),
    MessageKind.REFUND_ARBITRATED_REFUNDED: Kind(
        NotificationGroup.AFTERSALES,
        _(
            "The platform granted after-sales %(refund_no)s (order %(order_no)s): ¥%(amount)s is on its way back "
            "to you."
        ),
        _shopper_refund,
    ),
    MessageKind.REFUND_ARBITRATED_RETURN: Kind(
        NotificationGroup.AFTERSALES,
        _("The platform granted after-sales %(refund_no)s (order %(order_no)s): send the goods back."),
        _shopper_refund,
    ),
    MessageKind.REFUND_ARBITRATED_CLOSED: Kind(
        NotificationGroup.AFTERSALES,
        _("The platform closed after-sales %(refund_no)s (order %(order_no)s) without a refund."),
        _shopper_refund,
    ),
    MessageKind.COUPON_EXPIRING: Kind(
        NotificationGroup.COUPONS,
        _("Your coupon %(coupon)s expires at %(valid_to)s: use it before then."),
        _wallet,
        _local_valid_to,
    ),
    MessageKind.STORE_ORDER_PAID: Kind(
        NotificationGroup.ORDERS,
        _("Order %(order_no)s has been paid (¥%(amount)s) and waits to be packed."),
        _seller_order,
    ),
    MessageKind.STORE_REFUND_REQUESTED: Kind(
        NotificationGroup.AFTERSALES,
        _("After-sales %(refund_no)s was asked for on order %(order_no)s: ¥%(amount)s."),
        _seller_refund,
    ),
    MessageKind.STORE_REFUND_ESCALATED: Kind(
        NotificationGroup.AFTERSALES,
        _(
            "The shopper asked the platform to decide after-sales %(refund_no)s (order %(order_no)s), which the "
            "store rejected. The platform will rule on what both sides gave."
        ),
        _seller_refund,
    ),
    MessageKind.STORE_REFUND_GRANTED: Kind(
        NotificationGroup.AFTERSALES,
        _("The platform ruled for the shopper on after-sales %(refund_no)s (order %(order_no)s): ¥%(amount)s."),
        _seller_refund,
    ),
    MessageKind.STORE_REFUND_REFUSED: Kind(
        NotificationGroup.AFTERSALES,
        _("The platform ruled for the store on after-sales %(refund_no)s (order %(order_no)s): no refund."),
        _seller_refund,
    ),
    MessageKind.PRODUCT_APPROVED: Kind(NotificationGroup.PRODUCTS, _("%(title)s passed review."), _seller_product),
    MessageKind.PRODUCT_REJECTED: Kind(
        NotificationGroup.PRODUCTS,
        _("%(title)s did not pass review. Edit it and submit it again."),
        _seller_product,
    ),
    MessageKind.STORE_APPROVED: Kind(
        NotificationGroup.STORES,
        _("Your store %(name)s is open: you are its owner. Publish goods in the seller backend."),
        _seller_home,
    ),
    MessageKind.STORE_REJECTED: Kind(
        NotificationGroup.STORES,
        _("Your application to open %(name)s was not approved. Correct it as the reason says and submit it again."),
        _store_application,
    ),
    MessageKind.STORE_REVIEW_RECEIVED: Kind(
        NotificationGroup.ORDERS,
        _("A shopper gave %(title)s %(stars)s stars (order %(order_no)s). Reply from the reviews page."),
        _seller_reviews,
    ),
    MessageKind.REVIEW_REPLIED: Kind(
        NotificationGroup.ORDERS,
        _("The store replied to your review of %(title)s."),
        _shopper_review,
    ),
    MessageKind.GROUP_BUY_SUCCEEDED: Kind(
        NotificationGroup.ORDERS,
        _("Your group for %(title)s is complete: order %(order_no)s is on its way to shipping."),
        _shopper_order,
    ),
    MessageKind.GROUP_BUY_FAILED: Kind(
        NotificationGroup.ORDERS,
        _("Your group for %(title)s did not fill in time: ¥%(amount)s of order %(order_no)s is refunded in full."),
        _shopper_order,
    ),
    MessageKind.AUCTION_OUTBID: Kind(
        NotificationGroup.ORDERS,
        _("Someone bid ¥%(price)s in the auction %(name)s, above yours. Bid again before it ends."),
        _auction,
    ),
    MessageKind.AUCTION_WON: Kind(
        NotificationGroup.ORDERS,
        _("You won the auction %(name)s at ¥%(price)s. Pay before %(pay_by)s, or your deposit is forfeited."),
        _auction,
        _local_pay_by,
    ),
    MessageKind.PRESALE_BALANCE_DUE: Kind(
        NotificationGroup.ORDERS,
        _("The balance of your presale %(name)s is due: ¥%(balance)s before promotions and coupons, by %(ends_at)s."),
        _presale,
    ),
    MessageKind.PICKUP_WAITING: Kind(
        NotificationGroup.ORDERS,
        _(
            "Your order %(order_no)s waits at %(store)s: collect it with the code %(code)s. Not collected by "
            "%(deadline)s, it is cancelled and refunded."
        ),
        _shopper_order,
        _local_time("deadline"),
    ),
    MessageKind.CREDIT_STATEMENT_ISSUED: Kind(
        NotificationGroup.ORDERS,
        _("Your company's credit statement of %(month)s is ready: ¥%(amount)s owed, due by %(due_on)s."),
        _company_statement,
    ),
    MessageKind.CREDIT_OVERDUE: Kind(
        NotificationGroup.ORDERS,
        _(
            "%(company)s has ¥%(amount)s on credit past due. Pay its statement: until then no order can be paid "
            "on credit."
        ),
        _company_statements,
    ),
    MessageKind.DEAL_REQUESTED: Kind(
        NotificationGroup.ORDERS,
        _("%(company)s asked for a quote (%(number)s): price its lines."),
        _seller_deal,
    ),
    MessageKind.DEAL_OFFERED: Kind(
        NotificationGroup.ORDERS,
        _("%(store)s answered your quote %(number)s: ¥%(total)s, valid until %(valid_until)s."),
        _company_deal,
    ),
    MessageKind.DEAL_APPROVAL_NEEDED: Kind(
        NotificationGroup.ORDERS,
        _("The offer %(number)s to %(company)s is %(percent_off)s%% off the list: it waits for your approval."),
        _seller_deal,
    ),
    MessageKind.DEAL_APPROVED: Kind(
        NotificationGroup.ORDERS,
        _("Your offer %(number)s to %(company)s was approved and sent to the buyer."),
        _seller_deal,
    ),
    MessageKind.DEAL_APPROVAL_REFUSED: Kind(
        NotificationGroup.ORDERS,
        _("Your offer %(number)s to %(company)s was sent back to be priced again."),
        _seller_deal,
    ),
    MessageKind.DEAL_ACCEPTED: Kind(
        NotificationGroup.ORDERS,
        _("%(company)s accepted the offer %(number)s (¥%(total)s)."),
        _seller_deal,
    ),
    MessageKind.DEAL_COMPANY_APPROVAL_NEEDED: Kind(
        NotificationGroup.ORDERS,
        _("The order %(number)s from %(store)s (¥%(total)s) is over your company's limit: it waits for your approval."),
        _company_deal,
    ),
    MessageKind.DEAL_COMPANY_APPROVED: Kind(
        NotificationGroup.ORDERS,
        _("Your company approved the order %(number)s: you may place it now."),
        _company_deal,
    ),
    MessageKind.DEAL_CONTRACT_CONFIRMED: Kind(
        NotificationGroup.ORDERS,
        _("The other side confirmed the contract of %(number)s."),
        _either_deal,
    ),
}


class _Params(dict):
    """A parameter an old message lacks reads as nothing rather than failing the page."""

    def __missing__(self, name: str) -> str:
        return ""


@dataclass(frozen=True)
class Rendered:
    title: str
    body: str
    link: str  # a path of this site, or "" when it leads nowhere
    note: str = ""  # a person's own words about it (the `reason` parameter), shown as typed


def render(kind: str, params: dict) -> Rendered:
    """A message's words in the active language."""
    spec = KINDS.get(kind)
    note = str(params.get("reason") or "")
    if spec is None:  # a kind that no longer exists: say what it was, at least
        return Rendered(kind, "", "", note)
    values = _Params(spec.prepare(params) if spec.prepare else params)
    link = spec.link(params) if spec.link else ""
    return Rendered(str(MessageKind(kind).label), str(spec.body) % values, link, note)


def group_of(kind: str) -> str:
    return KINDS[kind].group
