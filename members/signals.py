"""Signals the members center sends for the centers above it, which it must not import (docs/ARCHITECTURE.md)."""

from django.dispatch import Signal

# Sent by members.services.user_create once a new account is saved; kwargs: user. The coupons center gives
# new-member coupons on it.
user_registered = Signal()
