from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission


class IsOperator(BasePermission):
    """Platform operators (staff users in the operator group) for /api/v1/platform/."""

    message = _("Only platform operators may do this.")

    def has_permission(self, request, view) -> bool:
        return request.user.is_authenticated and request.user.is_operator


class IsFinance(BasePermission):
    """Finance staff (the finance group) and superusers, for /api/v1/finance/."""

    message = _("Only finance staff may do this.")

    def has_permission(self, request, view) -> bool:
        return request.user.is_authenticated and request.user.is_finance
