"""Writes of the members center, one module per concern; import them from here."""

from members.services.accounts import LoginFailed, token_obtain, token_revoke, tokens_purge_expired, user_create
from members.services.addresses import address_create, address_delete, address_update
from members.services.growth import growth_add
from members.services.points import (
    InsufficientPoints,
    points_adjust,
    points_earn,
    points_expire_due,
    points_return,
    points_revoke,
    points_spend,
)
from members.services.stored_value import (
    InsufficientStoredValue,
    stored_value_load,
    stored_value_refund,
    stored_value_spend,
)

__all__ = [
    "InsufficientPoints",
    "InsufficientStoredValue",
    "LoginFailed",
    "address_create",
    "address_delete",
    "address_update",
    "growth_add",
    "points_adjust",
    "points_earn",
    "points_expire_due",
    "points_return",
    "points_revoke",
    "points_spend",
    "stored_value_load",
    "stored_value_refund",
    "stored_value_spend",
    "token_obtain",
    "token_revoke",
    "tokens_purge_expired",
    "user_create",
]
