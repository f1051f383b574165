"""The operators' console for companies: the registrations to review (approve as a bulk action, reject with a reason
through the platform API or here, one at a time), their users, addresses, invoice titles and history; the stores'
wholesale terms and price lists are read here, set by the stores."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from companies import services
from companies.credit import services as credit_services
from companies.models import (
    Company,
    CompanyAddress,
    CompanyEvent,
    CompanyMember,
    CreditEntry,
    InvoiceTitle,
    PriceList,
)
from marketplace.exceptions import DomainError


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MemberInline(ReadOnlyInline):
    model = CompanyMember
    fields = readonly_fields = ["user", "role", "is_admin", "added_at"]


class AddressInline(ReadOnlyInline):
    model = CompanyAddress
    fields = readonly_fields = ["name", "phone", "region", "detail"]


class InvoiceTitleInline(ReadOnlyInline):
    model = InvoiceTitle
    fields = readonly_fields = ["title", "tax_number", "bank", "bank_account"]


class CreditEntryInline(ReadOnlyInline):
    model = CreditEntry
    fields = readonly_fields = ["at", "kind", "amount", "reference", "due_on", "by"]


class EventInline(ReadOnlyInline):
    model = CompanyEvent
    fields = readonly_fields = ["at", "type", "by", "reason"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "status", "credit_used", "credit_overdue_since", "created_at"]
    list_filter = ["status", ("credit_overdue_since", admin.EmptyFieldListFilter)]
    search_fields = ["name", "credit_code"]
    # The licence is a private document (stores.documents: no URL), so the page says whether one was sent.
    readonly_fields = ["name", "credit_code", "licence_sent", "status", "registered_by", "reviewed_by", "reviewed_at"]
    readonly_fields = [*readonly_fields, "credit_used", "credit_overdue_since"]
    fields = [*readonly_fields, "approval_threshold", "credit_limit", "credit_days"]
    inlines = [MemberInline, AddressInline, InvoiceTitleInline, CreditEntryInline, EventInline]
    actions = ["approve", "issue_last_statement"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description=_("business licence"), boolean=True)
    def licence_sent(self, company) -> bool:
        return bool(company.licence)

    @admin.action(description=_("Approve selected companies"), permissions=["change"])
    def approve(self, request, queryset):
        done = 0
        for company in queryset.order_by("pk"):
            try:
                services.company_approve(company=company, by=request.user)
                done += 1
            except DomainError as error:
                self.message_user(request, f"{company}: {error.detail}", messages.WARNING)
        if done:
            self.message_user(request, _("%(n)d approved.") % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("Write last month's credit statement"), permissions=["change"])
    def issue_last_statement(self, request, queryset):
        """What the beat does on the 1st, by hand (once per company and month: a second time changes nothing)."""
        month = credit_services.statement_months_due()
        for company in queryset.order_by("pk"):
            credit_services.statement_issue(company=company, month=month)
        self.message_user(request, _("Last month's statements are written."), messages.SUCCESS)


@admin.register(PriceList)
class PriceListAdmin(admin.ModelAdmin):
    list_display = ["name", "company", "store", "valid_from", "valid_to"]
    list_filter = ["store"]
    readonly_fields = ["company", "store", "name", "valid_from", "valid_to", "created_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


# The companies' credit: statements and transfers (decision 0043).
from companies.credit import admin as credit_admin  # noqa: E402, F401
from companies.deals import admin as deal_admin  # noqa: E402, F401
