"""Reviews (评价, seed 002): a shopper's stars, words and photos on one received order line, the one follow-up
(追评) they may add later, the store's one reply, and what operators did to them (held for moderation, approved,
hidden with a reason)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")  # shown on the product page
    HELD = "held", _("Awaiting moderation")  # a hold-level word: only its author sees it until an operator approves
    HIDDEN = "hidden", _("Hidden")  # hidden by an operator, with a reason: only its author sees it (and the reason)


class ReviewQuerySet(models.QuerySet):
    def published(self):
        """What the storefront shows."""
        return self.filter(status=ReviewStatus.PUBLISHED)


class Review(models.Model):
    """One order line's review. The line is unique: a line is reviewed once. `text` is as shown (mask-level words
    already ＊); `held_words` are the hold-level words that sent it to moderation."""

    line = models.OneToOneField(
        "orders.OrderLine", on_delete=models.PROTECT, related_name="+", verbose_name=_("order line")
    )
    order = models.ForeignKey(
        "orders.StoreOrder", on_delete=models.PROTECT, related_name="+", verbose_name=_("store order")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("user")
    )
    store = models.ForeignKey("stores.Store", on_delete=models.PROTECT, related_name="+", verbose_name=_("store"))
    spu = models.ForeignKey("catalog.Spu", on_delete=models.PROTECT, related_name="+", verbose_name=_("product"))
    title = models.CharField(_("title"), max_length=200)  # the line's snapshot: what was bought
    specs = models.JSONField(_("specs"), default=dict, blank=True)
    stars = models.PositiveSmallIntegerField(_("stars"))
    text = models.TextField(_("text"), blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    has_photos = models.BooleanField(_("with photos"), default=False)  # the product page's "with photos" filter
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PUBLISHED, db_index=True
    )
    held_words = models.JSONField(_("held words"), default=list, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=200, blank=True)
    reply = models.TextField(_("store's reply"), blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replied by"),
    )
    created_at = models.DateTimeField(_("created at"))

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["spu", "status", "-created_at"]),
            models.Index(fields=["store", "status"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(stars__gte=1, stars__lte=5), name="review_stars_1_to_5"),
            models.CheckConstraint(condition=models.Q(status__in=ReviewStatus.values), name="review_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.stars}★ {self.title}"

    @property
    def author_name(self) -> str:
        """The name shown with the review: an anonymous one keeps only the first character (张**)."""
        name = self.user.get_full_name() or self.user.username
        return f"{name[:1]}**" if self.anonymous else name


class FollowUp(models.Model):
    """The one follow-up review (追评) of a review, written after it; held like a review when it has a hold-level
    word."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="follow_up", verbose_name=_("review"))
    text = models.TextField(_("text"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PUBLISHED, db_index=True
    )
    held_words = models.JSONField(_("held words"), default=list, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("follow-up review")
        verbose_name_plural = _("follow-up reviews")
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=ReviewStatus.values), name="follow_up_status_valid")
        ]

    def __str__(self) -> str:
        return f"{self.review} +"


class ReviewPhoto(models.Model):
    """A photo of a review, or of its follow-up (`follow_up` true)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="photos", verbose_name=_("review"))
    follow_up = models.BooleanField(_("of the follow-up"), default=False)
    image = models.ImageField(_("image"), upload_to="reviews/%Y/%m/")
    # Fixed-size thumbnails made after upload (catalog.images.make_thumbnails): {"120": "reviews/thumbs/...jpg"}
    thumbnails = models.JSONField(_("thumbnails"), default=dict, blank=True)

    class Meta:
        verbose_name = _("review photo")
        verbose_name_plural = _("review photos")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.image.name

    @property
    def thumb_url(self) -> str:
        name = self.thumbnails.get("120")
        return self.image.storage.url(name) if name else self.image.url


class ReviewEventType(models.TextChoices):
    CREATED = "created", _("Reviewed")
    HELD = "held", _("Held for moderation")
    APPROVED = "approved", _("Approved by an operator")
    HIDDEN = "hidden", _("Hidden by an operator")
    FOLLOWED_UP = "followed_up", _("Follow-up added")
    FOLLOW_UP_APPROVED = "follow_up_approved", _("Follow-up approved by an operator")
    FOLLOW_UP_HIDDEN = "follow_up_hidden", _("Follow-up hidden by an operator")
    REPLIED = "replied", _("The store replied")


class ReviewEvent(models.Model):
    """The history of a review: who did what, when and why."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="events", verbose_name=_("review"))
    type = models.CharField(_("type"), max_length=20, choices=ReviewEventType.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review event")
        verbose_name_plural = _("review events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.review_id} {self.type}"
