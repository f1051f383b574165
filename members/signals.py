"""Signals the members center sends for the centers above it, which it must not import (docs/ARCHITECTURE.md)."""

from django.dispatch import Signal

# Sent by members.services.user_create once a new account is saved; kwargs: user, invitation (the code of the
# store QR the visitor registered through, or ""). The coupons center gives new-member coupons on it; the stores
# center records the member's source store and referring clerk.
user_registered = Signal()
