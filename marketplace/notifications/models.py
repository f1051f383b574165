"""The message centre's rows: a message per reader and event, and each reader's choices of channel per group."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationGroup(models.TextChoices):
    """What a reader turns channels on and off for: a few groups, not every kind of message."""

    ORDERS = "orders", _("Orders")  # paid, shipped, delivered, a review answered; for staff: a new paid order, a review
    # a refund decided or arbitrated; for staff: a refund asked for, taken to the platform, arbitrated
    AFTERSALES = "aftersales", _("After-sales")
    COUPONS = "coupons", _("Coupons")  # a coupon about to expire
    PRODUCTS = "products", _("Product review")  # for staff: a product approved or rejected
    STORES = "stores", _("Store application")  # to an applicant: their application to open a store decided


class MessageKind(models.TextChoices):
    """What a message tells of; the label is its title. Its words and link are in notifications.kinds."""

    ORDER_PAID = "order_paid", _("Order paid")  # to the shopper
    ORDER_SHIPPED = "order_shipped", _("Parcel shipped")
    ORDER_DELIVERED = "order_delivered", _("Order delivered")
    REFUND_RETURN_ACCEPTED = "refund_return_accepted", _("Return accepted by the store")
    REFUND_REJECTED = "refund_rejected", _("After-sales rejected by the store")
    REFUND_REFUNDED = "refund_refunded", _("Refunded")
    REFUND_ARBITRATED_REFUNDED = "refund_arbitrated_refunded", _("Platform decided: refund")
    REFUND_ARBITRATED_RETURN = "refund_arbitrated_return", _("Platform decided: return the goods")
    REFUND_ARBITRATED_CLOSED = "refund_arbitrated_closed", _("Platform decided: no refund")
    COUPON_EXPIRING = "coupon_expiring", _("A coupon expires soon")
    STORE_ORDER_PAID = "store_order_paid", _("New paid order")  # to the store's staff
    STORE_REFUND_REQUESTED = "store_refund_requested", _("After-sales requested")
    STORE_REFUND_ESCALATED = "store_refund_escalated", _("Shopper asked the platform to decide")
    STORE_REFUND_GRANTED = "store_refund_granted", _("Platform ruled for the shopper")
    STORE_REFUND_REFUSED = "store_refund_refused", _("Platform ruled for the store")
    PRODUCT_APPROVED = "product_approved", _("Product approved")
    PRODUCT_REJECTED = "product_rejected", _("Product rejected")
    STORE_APPROVED = "store_approved", _("Store application approved")  # to the applicant, now the store's owner
    STORE_REJECTED = "store_rejected", _("Store application rejected")  # to the applicant, with the operator's reason
    STORE_REVIEW_RECEIVED = "store_review_received", _("New review")  # to the store's staff, once it is public
    REVIEW_REPLIED = "review_replied", _("The store replied to your review")  # to the reviewer
    GROUP_BUY_SUCCEEDED = "group_buy_succeeded", _("Group buy complete")  # to each member of the group
    GROUP_BUY_FAILED = "group_buy_failed", _("Group buy failed: refunded")
    AUCTION_OUTBID = "auction_outbid", _("You were outbid")  # to the bidder a higher bid passed
    AUCTION_WON = "auction_won", _("You won an auction")  # to the winner (or the next bidder offered the lot)
    PRESALE_BALANCE_DUE = "presale_balance_due", _("Presale balance due")  # to a member who paid a deposit
    PICKUP_WAITING = "pickup_waiting", _("Your order waits at the store")  # to the shopper of an uncollected pickup
    # to a company's finance users and admins (decision 0043)
    CREDIT_STATEMENT_ISSUED = "credit_statement_issued", _("Monthly credit statement")
    CREDIT_OVERDUE = "credit_overdue", _("Credit overdue")
    # each step of a deal, to the other side (decision 0042)
    DEAL_REQUESTED = "deal_requested", _("Quote requested")  # to the store's staff
    DEAL_OFFERED = "deal_offered", _("The store answered your quote")  # to the company's buyer
    DEAL_APPROVAL_NEEDED = "deal_approval_needed", _("An offer needs your approval")  # to the store's managers
    DEAL_APPROVED = "deal_approved", _("Your offer was approved")  # to the one who sent it
    DEAL_APPROVAL_REFUSED = "deal_approval_refused", _("Your offer was sent back")  # to the one who sent it
    DEAL_ACCEPTED = "deal_accepted", _("The buyer accepted the offer")  # to the store's staff
    DEAL_COMPANY_APPROVAL_NEEDED = "deal_company_approval_needed", _("An order needs your company's approval")
    DEAL_COMPANY_APPROVED = "deal_company_approved", _("Your company approved the order")  # to the buyer
    DEAL_CONTRACT_CONFIRMED = "deal_contract_confirmed", _("The other side confirmed the contract")


class NotificationChannel(models.TextChoices):
    SITE = "site", _("Message centre")  # 站内信: a Message row, read in /me/messages/ or /seller/messages/
    EMAIL = "email", _("E-mail")  # through Django's mail backend, to the account's address
    SMS = "sms", _("SMS")  # through the SMS provider (settings.SMS_PROVIDER), to the account's phone


class Message(models.Model):
    """A message of the in-site message centre (站内信): one reader, the kind of thing that happened and its
    parameters. Its words are the kind's (marketplace.notifications.kinds), rendered in the reader's language when
    it is read; no text is stored. With `store`, it is a store's message: its staff member reads it in
    /seller/messages/. `key` names what happened (an order event), so a reader gets one message per event."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("recipient")
    )
    store = models.ForeignKey(
        "stores.Store", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("store")
    )
    kind = models.CharField(_("kind"), max_length=40, choices=MessageKind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    key = models.CharField(_("key"), max_length=200)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="message_once_per_reader")]
        indexes = [
            models.Index(fields=["recipient", "store", "-created_at"], name="message_centre"),
            # The header's unread count: one index-only count per page.
            models.Index(fields=["recipient", "store"], condition=Q(read_at__isnull=True), name="message_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.recipient_id}"


class NotificationPreference(models.Model):
    """A reader's channels for one group of messages. No row: the group's defaults
    (marketplace.notifications.kinds.DEFAULT_CHANNELS)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    group = models.CharField(_("group"), max_length=20, choices=NotificationGroup.choices)
    site = models.BooleanField(_("message centre"))
    email = models.BooleanField(_("e-mail"))
    sms = models.BooleanField(_("SMS"))

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "group"], name="notification_preference_once_per_group"),
            models.CheckConstraint(
                condition=Q(group__in=NotificationGroup.values), name="notification_preference_group_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.group}"
