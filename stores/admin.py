from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from marketplace.exceptions import DomainError
from members.admin import UserAdmin as MembersUserAdmin
from members.models import User
from stores import selectors, services
from stores.business_categories import category_names
from stores.documents import DOCUMENT_KINDS, document_response
from stores.models import MemberSource, Store, StoreEvent, StoreMembership, StoreStatus, Warehouse


class StoreMembershipInline(admin.TabularInline):
    model = StoreMembership
    extra = 0
    autocomplete_fields = ["user"]


class WarehouseInline(admin.TabularInline):
    model = Warehouse
    extra = 0


class StoreEventInline(admin.TabularInline):
    model = StoreEvent
    extra = 0
    can_delete = False
    fields = ["at", "type", "by", "reason", "data"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Store)
class StoreAdmin(admin.ModelAdmin):
    """Store onboarding: approve applications, freeze and reopen stores. Status changes go through the
    services, so each leaves an event and the applicant becomes the owner."""

    list_display = ["name", "type", "status", "region", "phone", "applicant", "created_at"]
    list_filter = ["status", "type"]
    search_fields = ["name", "phone", "address", "applicant__username"]
    list_select_related = ["applicant"]
    readonly_fields = [
        "status",
        "applicant",
        "created_at",
        "reviewed_at",
        "reviewed_by",
        "categories",
        "documents",
        "rejection_reason",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "type",
                    "status",
                    "phone",
                    "intro",
                    "region",
                    "address",
                    ("latitude", "longitude"),
                    "cross_border",
                    "commission_percent",
                    ("offers_pickup", "opening_hours"),
                ]
            },
        ),
        (
            _("Application"),
            {
                "fields": [
                    "applicant",
                    ("contact_name", "contact_phone"),
                    "categories",
                    "documents",
                    "created_at",
                    ("reviewed_at", "reviewed_by"),
                    "rejection_reason",
                ]
            },
        ),
    ]
    change_form_template = "admin/stores/store/change_form.html"
    inlines = [StoreMembershipInline, WarehouseInline, StoreEventInline]
    actions = ["approve", "freeze", "reopen"]

    @admin.action(description=_("Approve selected applications"), permissions=["change"])
    def approve(self, request, queryset):
        self._act(request, queryset, lambda store: services.store_approve(store=store, by=request.user))

    @admin.action(description=_("Freeze selected stores"), permissions=["change"])
    def freeze(self, request, queryset):
        self._act(
            request,
            queryset,
            lambda store: services.store_change_status(
                store=store, status=StoreStatus.FROZEN, by=request.user, reason="frozen in the admin"
            ),
        )

    @admin.action(description=_("Reopen selected stores"), permissions=["change"])
    def reopen(self, request, queryset):
        self._act(
            request,
            queryset,
            lambda store: services.store_change_status(
                store=store, status=StoreStatus.ACTIVE, by=request.user, reason="reopened in the admin"
            ),
        )

    @admin.display(description=_("categories of business"))
    def categories(self, store):
        names = category_names(store.business_categories)
        return "、".join(names) or "—"

    @admin.display(description=_("documents"))
    def documents(self, store):
        """The business licence and the ID as pictures, each a link to itself at full size (stores.documents)."""
        shown = [
            (reverse("admin:stores_store_document", args=[store.pk, kind]), Store._meta.get_field(kind).verbose_name)
            for kind in DOCUMENT_KINDS
            if getattr(store, kind)
        ]
        if not shown:
            return _("No documents were sent with this application.")
        return format_html_join(
            " ",
            '<a href="{0}" target="_blank" rel="noopener"><figure class="store-document">'
            '<img src="{0}" alt="{1}" style="max-width:320px;max-height:240px"><figcaption>{1}</figcaption>'
            "</figure></a>",
            shown,
        )

    @admin.display(description=_("reason of the rejection"))
    def rejection_reason(self, store):
        return selectors.rejection_reason(store=store) if store.status == StoreStatus.REJECTED else "—"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:store_id>/documents/<str:kind>/", wrap(self.document_view), name="stores_store_document"),
            path("<int:store_id>/review/<str:decision>/", wrap(self.review_view), name="stores_store_review"),
            *super().get_urls(),
        ]

    def document_view(self, request, store_id: int, kind: str):
        """A document of an application, for those who may see the store in the console."""
        store = get_object_or_404(Store, pk=store_id)
        if not self.has_view_permission(request, store):
            raise PermissionDenied
        return document_response(store, kind)

    def review_view(self, request, store_id: int, decision: str):
        """Approve or reject the application from its page; a rejection needs the reason the applicant will read.
        Deciding is changing the store: operators may, finance (which only reads stores) may not."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        store = get_object_or_404(Store, pk=store_id)
        if not self.has_change_permission(request, store):
            raise PermissionDenied
        try:
            if decision == "approve":
                services.store_approve(store=store, by=request.user)
                self.message_user(request, _("The application was approved: the store is open."), messages.SUCCESS)
            elif decision == "reject":
                services.store_reject(store=store, by=request.user, reason=request.POST.get("reason", ""))
                self.message_user(
                    request, _("The application was rejected; the applicant is told why."), messages.SUCCESS
                )
            else:
                raise Http404
        except DomainError as error:
            self.message_user(request, error.detail, messages.ERROR)
        return redirect("admin:stores_store_change", store.pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        store = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "can_review": store is not None
            and store.status == StoreStatus.APPLYING
            and self.has_change_permission(request, store),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _act(self, request, queryset, action):
        done = 0
        for store in queryset:
            try:
                action(store)
                done += 1
            except DomainError as error:
                self.message_user(request, f"{store}: {error.detail}", messages.WARNING)
        if done:
            self.message_user(request, _("%(count)d stores updated.") % {"count": done}, messages.SUCCESS)


@admin.register(Warehouse)
class WarehouseAdmin(admin.ModelAdmin):
    list_display = ["name", "store", "region", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "store__name", "address"]
    list_select_related = ["store"]


class MemberSourceInline(admin.StackedInline):
    """On a member's page in the admin: the store and staff member whose QR code they registered through."""

    model = MemberSource
    fk_name = "member"
    fields = ["store", "staff", "code", "registered_at"]
    readonly_fields = fields
    can_delete = False
    extra = 0
    max_num = 0  # recorded only at registration (stores.invitations), never by hand
    verbose_name_plural = _("Member source (QR code)")


# members may not know stores, so the user page gains its source here, from the app that knows both.
class UserWithSourceAdmin(MembersUserAdmin):
    inlines = [*MembersUserAdmin.inlines, MemberSourceInline]


admin.site.unregister(User)
admin.site.register(User, UserWithSourceAdmin)
