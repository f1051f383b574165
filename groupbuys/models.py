"""Group buy (拼团, issue 14 item 2): a campaign offers a SKU at a group price to groups of `group_size` members;
a member opens a group by paying, others join through the group's shareable page; the group succeeds when
`group_size` members have paid within `hours` of its opening, and every member is refunded in full otherwise
(decision 0033)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from marketplace.models import HistoryRow
from marketplace.money import MoneyField


class CampaignStatus(models.TextChoices):
    ACTIVE = "active", _("Running")  # groups open and join between starts_at and ends_at
    STOPPED = "stopped", _("Stopped")  # no new group; groups already open run to their deadline


class Campaign(models.Model):
    """A group-buy offer (拼团活动) on one SKU. `store` None: an operator's campaign, funded by the platform;
    otherwise a store's, for its own SKU, funded by the store. `opener_price`: the opener's price (团长优惠), None
    for the group price. `simulated_fill` (凑团): a group short at its deadline is filled by the platform and
    succeeds, if at least one member paid."""

    store = models.ForeignKey(
        "stores.Store", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("store")
    )
    name = models.CharField(_("name"), max_length=100)
    sku = models.ForeignKey("catalog.Sku", on_delete=models.PROTECT, related_name="+", verbose_name=_("SKU"))
    group_price = MoneyField(_("group price"))
    opener_price = MoneyField(_("opener's price"), null=True, blank=True)
    group_size = models.PositiveIntegerField(_("group size"), default=2)
    hours = models.PositiveIntegerField(_("hours to fill a group"), default=24)
    per_member_limit = models.PositiveIntegerField(_("units per member"), default=1)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    exclusive = models.BooleanField(_("exclusive of promotions"), default=True)
    simulated_fill = models.BooleanField(_("filled by the platform at the deadline"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.ACTIVE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("group-buy campaign")
        verbose_name_plural = _("group-buy campaigns")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="groupbuy_ends_after_start"),
            models.CheckConstraint(condition=Q(group_size__gte=2), name="groupbuy_size_at_least_two"),
            models.CheckConstraint(condition=Q(hours__gte=1), name="groupbuy_hours_positive"),
            models.CheckConstraint(condition=Q(per_member_limit__gte=1), name="groupbuy_limit_positive"),
            models.CheckConstraint(condition=Q(group_price__gte=0), name="groupbuy_price_not_negative"),
            models.CheckConstraint(
                condition=Q(opener_price__isnull=True) | Q(opener_price__gte=0, opener_price__lte=F("group_price")),
                name="groupbuy_opener_price_at_most_group_price",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def platform_funded(self) -> bool:
        return self.store_id is None

    def live(self, now) -> bool:
        return self.status == CampaignStatus.ACTIVE and self.starts_at <= now < self.ends_at


class GroupStatus(models.TextChoices):
    FORMING = "forming", _("Waiting for the opener's payment")  # the opener's order is not paid yet
    OPEN = "open", _("Open to join")  # the opener paid: others join until it is full or its deadline
    SUCCEEDED = "succeeded", _("Group complete")  # full: every order ships
    FAILED = "failed", _("Group failed")  # short at the deadline: every member refunded in full
    ABANDONED = "abandoned", _("Abandoned")  # the opener's order was cancelled unpaid


class Group(models.Model):
    """One group (团) of a campaign: opened by `opener`'s order, joinable once that order is paid, until
    `expires_at` (the opening payment plus the campaign's hours). `filled`: places the platform filled (凑团)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="groups", verbose_name=_("campaign"))
    opener = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opener")
    )
    size = models.PositiveIntegerField(_("size"))
    status = models.CharField(_("status"), max_length=10, choices=GroupStatus.choices, default=GroupStatus.FORMING)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("deadline"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    filled = models.PositiveIntegerField(_("places filled by the platform"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("buying group")
        verbose_name_plural = _("buying groups")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "expires_at"], name="groupbuy_group_status_expiry")]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.pk}"


class MemberStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for payment")  # the order is placed: it holds a place until paid or cancelled
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")  # the unpaid order was cancelled: the place is free again
    REFUNDED = "refunded", _("Refunded")  # the group failed: the order was refunded in full


TAKING_A_PLACE = (MemberStatus.PENDING, MemberStatus.PAID)


class Member(models.Model):
    """A member's place in a group, taken by their order (`order_id`, a StoreOrder) when it is placed."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members", verbose_name=_("buying group"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    order = models.OneToOneField(
        "orders.StoreOrder", on_delete=models.PROTECT, related_name="+", verbose_name=_("order")
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    is_opener = models.BooleanField(_("opener"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=MemberStatus.choices, default=MemberStatus.PENDING)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=Q(status__in=TAKING_A_PLACE),
                name="groupbuy_member_once_per_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group_id}/{self.user_id}"


class EventType(models.TextChoices):
    CAMPAIGN_CREATED = "campaign_created", _("Campaign created")
    CAMPAIGN_STOPPED = "campaign_stopped", _("Campaign stopped")
    GROUP_STARTED = "group_started", _("Group started")  # the opener's order placed
    GROUP_OPENED = "group_opened", _("Group opened")  # the opener paid
    GROUP_ABANDONED = "group_abandoned", _("Group abandoned")
    MEMBER_JOINED = "member_joined", _("Member joined")
    MEMBER_PAID = "member_paid", _("Member paid")
    MEMBER_LEFT = "member_left", _("Member's unpaid order cancelled")
    LATE_PAYMENT_REFUNDED = "late_refunded", _("Payment after the group closed, refunded")
    SUCCEEDED = "succeeded", _("Group succeeded")
    FAILED = "failed", _("Group failed")


class Event(HistoryRow):
    """A campaign's and its groups' history (groupbuys/events.py writes it)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="events", verbose_name=_("campaign"))
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, null=True, blank=True, related_name="events", verbose_name=_("buying group")
    )
    type = models.CharField(_("type"), max_length=20, choices=EventType.choices)

    class Meta(HistoryRow.Meta):
        verbose_name = _("group-buy event")
        verbose_name_plural = _("group-buy events")
