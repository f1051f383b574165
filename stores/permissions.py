"""DRF permissions for the seller API: the caller must be staff of an active or frozen store, in a role."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from stores.models import StaffRole, StoreStatus
from stores.selectors import membership_of


class IsStoreStaff(BasePermission):
    """Any staff member of a store. Subclasses narrow `roles`."""

    roles = frozenset(StaffRole.values)
    message = _("Only store staff may do this.")

    def has_permission(self, request, view) -> bool:
        membership = membership_of(request.user)
        if membership is None or membership.role not in self.roles:
            return False
        # A frozen store's staff can still look, but change nothing.
        return membership.store.status != StoreStatus.FROZEN or request.method in SAFE_METHODS


class IsStoreManager(IsStoreStaff):
    roles = frozenset({StaffRole.OWNER, StaffRole.MANAGER})
    message = _("Only the store's owner or a manager may do this.")


class IsStoreOwner(IsStoreStaff):
    roles = frozenset({StaffRole.OWNER})
    message = _("Only the store's owner may do this.")
