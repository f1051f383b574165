"""Operators' auctions (platform funded): set up in the admin, published from the list; bids, deposits and the
history read-only."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from auctions.models import Auction, AuctionEvent, AuctionStatus, Bid, Deposit
from auctions.services import AuctionInput, auction_check, auction_publish
from marketplace.exceptions import DomainError
from orders.admin import ReadOnlyInline


class BidInline(ReadOnlyInline):
    model = Bid
    fields = ["amount", "user", "buyout", "created_at"]


class DepositInline(ReadOnlyInline):
    model = Deposit
    fields = ["user", "amount", "status", "payment_no", "refund_no", "paid_at"]


class EventInline(ReadOnlyInline):
    model = AuctionEvent
    fields = ["type", "by", "data", "at"]


INPUT_FIELDS = [name for name in AuctionInput.__dataclass_fields__ if name != "sku_id"]


class AuctionForm(forms.ModelForm):
    """The service's rules (auctions.services.auction_check) on the admin's form."""

    class Meta:
        model = Auction
        fields = ["store", "sku", *INPUT_FIELDS]

    def clean(self):
        cleaned = super().clean()
        values = {name: cleaned.get(name) for name in INPUT_FIELDS}
        sku = cleaned.get("sku")
        required = ("starts_at", "ends_at", "starting_price", "increment", "deposit")
        if sku is None or any(values[name] is None for name in required):
            return cleaned
        try:
            auction_check(AuctionInput(sku_id=sku.pk, **values), cleaned.get("store"))
        except DomainError as error:
            for field, found in error.fields.items():
                self.add_error(field if field in self.fields else None, found)
        return cleaned


@admin.register(Auction)
class AuctionAdmin(admin.ModelAdmin):
    list_display = ["name", "store", "status", "starts_at", "ends_at", "current_price", "bid_count", "winner"]
    list_filter = ["status"]
    form = AuctionForm
    raw_id_fields = ["store", "sku"]
    inlines = [BidInline, DepositInline, EventInline]
    actions = ["publish"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("store", "winner")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        """Bids and deposits hang on an auction: only a superuser deletes one (a draft: cancel it instead)."""
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        """Members bid on a published auction: only drafts change."""
        if obj is not None and obj.status != AuctionStatus.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    @admin.action(description=_("Publish: take the lot from stock and open the bidding"))
    def publish(self, request, queryset):
        for auction in queryset:
            try:
                auction_publish(auction=auction, by=request.user)
            except DomainError as error:
                self.message_user(request, f"{auction}: {error.detail}", messages.ERROR)
            else:
                self.message_user(request, _("Published: %(name)s") % {"name": auction.name})
