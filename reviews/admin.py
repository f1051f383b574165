"""The operators' moderation of reviews: the queue of what the word filter held (a review or its follow-up),
approve, and hide with a reason (the review, or only its follow-up). Rows change only through the services;
every field here is read-only."""

from django.contrib import admin, messages
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from marketplace.exceptions import DomainError
from reviews import services
from reviews.forms import HideForm
from reviews.models import Review, ReviewEvent, ReviewPhoto, ReviewStatus


class ModerationFilter(admin.SimpleListFilter):
    title = _("moderation")
    parameter_name = "moderation"

    def lookups(self, request, model_admin):
        return [("held", _("Awaiting moderation (review or follow-up)"))]

    def queryset(self, request, queryset):
        if self.value() == "held":
            return queryset.filter(Q(status=ReviewStatus.HELD) | Q(follow_up__status=ReviewStatus.HELD))
        return queryset


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class PhotoInline(ReadOnlyInline):
    model = ReviewPhoto
    fields = ["image", "follow_up"]


class EventInline(ReadOnlyInline):
    model = ReviewEvent
    fields = ["at", "type", "by", "reason"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["id", "title", "store", "stars", "text", "status", "follow_up_status", "held_words", "created_at"]
    list_filter = [ModerationFilter, "status", "stars"]
    search_fields = ["title", "text", "user__username", "order__order_no"]
    list_select_related = ["store", "follow_up"]
    inlines = [PhotoInline, EventInline]
    actions = ["approve", "hide", "hide_follow_up"]

    @admin.display(description=_("follow-up"))
    def follow_up_status(self, review: Review) -> str:
        follow_up = getattr(review, "follow_up", None)
        return follow_up.get_status_display() if follow_up else "-"

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Review._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Approve: publish the held review and follow-up"), permissions=["change"])
    def approve(self, request, queryset):
        for review in queryset:
            services.review_approve(review=review, by=request.user)
        self.message_user(request, _("%(n)d approved.") % {"n": queryset.count()})

    @admin.action(description=_("Hide the review (with a reason)"), permissions=["change"])
    def hide(self, request, queryset):
        return self._hide(request, queryset, action="hide")

    @admin.action(description=_("Hide only the follow-up (with a reason)"), permissions=["change"])
    def hide_follow_up(self, request, queryset):
        return self._hide(request, queryset.filter(follow_up__isnull=False), action="hide_follow_up")

    def _hide(self, request, queryset, *, action: str):
        """First the page asking for the reason; then, posted back with it, hide each one."""
        form = HideForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            done = 0
            for review in queryset:
                try:
                    if action == "hide":
                        services.review_hide(review=review, by=request.user, reason=form.cleaned_data["reason"])
                    else:
                        services.follow_up_hide(
                            follow_up=review.follow_up, by=request.user, reason=form.cleaned_data["reason"]
                        )
                except DomainError as error:
                    self.message_user(request, f"{review.pk}: {error.detail}", messages.ERROR)
                else:
                    done += 1
            self.message_user(request, _("%(n)d hidden.") % {"n": done})
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Hide reviews") if action == "hide" else _("Hide follow-up reviews"),
            "form": form,
            "reviews": queryset,
            "action": action,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/reviews/hide.html", context)
