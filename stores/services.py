"""Writes of the stores center: applications, review, staff, warehouses; one transaction and event each."""

import secrets
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.exceptions import InvalidInput, InvalidTransition
from marketplace.models import Region
from members.models import User
from members.services import user_create
from stores.events import store_event
from stores.models import StaffRole, Store, StoreEventType, StoreMembership, StoreStatus, Warehouse


@transaction.atomic
def store_apply(
    *,
    applicant: User,
    name: str,
    type: str,
    phone: str,
    region: Region,
    address: str,
    latitude: Decimal,
    longitude: Decimal,
    intro: str = "",
) -> Store:
    """A logged-in user applies to open a store; it waits in `applying` for an operator."""
    if StoreMembership.objects.filter(user=applicant).exists():
        raise InvalidInput(_("You are already staff of a store."))
    if Store.objects.filter(applicant=applicant, status=StoreStatus.APPLYING).exists():
        raise InvalidInput(_("You already have an application waiting for review."))
    store = Store.objects.create(
        applicant=applicant,
        name=name,
        type=type,
        phone=phone,
        region=region,
        address=address,
        latitude=latitude,
        longitude=longitude,
        intro=intro,
    )
    store_event(store=store, type=StoreEventType.APPLIED, by=applicant)
    return store


def _locked(store: Store) -> Store:
    """Re-read the store under a row lock, so two operators acting at once act one after the other."""
    return Store.objects.select_for_update().get(pk=store.pk)


@transaction.atomic
def store_approve(*, store: Store, by: User) -> Store:
    """An operator opens an applying store; its applicant becomes the owner."""
    store = _locked(store)
    if store.status != StoreStatus.APPLYING:
        raise InvalidTransition(_("Only an applying store can be approved."))
    if StoreMembership.objects.filter(user_id=store.applicant_id).exists():
        raise InvalidTransition(_("The applicant is already staff of another store."))
    store.status = StoreStatus.ACTIVE
    store.reviewed_at = timezone.now()
    store.reviewed_by = by
    store.save(update_fields=["status", "reviewed_at", "reviewed_by"])
    StoreMembership.objects.create(store=store, user_id=store.applicant_id, role=StaffRole.OWNER)
    store_event(store=store, type=StoreEventType.APPROVED, by=by)
    return store


@transaction.atomic
def store_change_status(*, store: Store, status: str, by: User, reason: str = "") -> Store:
    """Freeze, reopen or close a store (operators), following STORE_TRANSITIONS."""
    store = _locked(store)
    if not store.can_become(status):
        raise InvalidTransition(_("A store cannot go from %(old)s to %(new)s.") % {"old": store.status, "new": status})
    old = store.status
    store.status = status
    store.save(update_fields=["status"])
    store_event(store=store, type=StoreEventType.STATUS_CHANGED, by=by, reason=reason, old=old, new=status)
    return store


@transaction.atomic
def staff_create(
    *, store: Store, by: User, username: str, role: str, password: str = "", phone: str = ""
) -> tuple[StoreMembership, str]:
    """The owner opens a manager or clerk account. Returns the membership and the initial password, which
    is shown once: given one is used, otherwise one is generated."""
    if role not in {StaffRole.MANAGER, StaffRole.CLERK}:
        raise InvalidInput(_("Staff are managers or clerks."), fields={"role": [_("Choose manager or clerk.")]})
    initial_password = password or secrets.token_urlsafe(9)
    user = user_create(username=username, password=initial_password, phone=phone)
    membership = StoreMembership.objects.create(store=store, user=user, role=role)
    store_event(store=store, type=StoreEventType.STAFF_ADDED, by=by, user_id=user.pk, role=role)
    return membership, initial_password


@transaction.atomic
def staff_remove(*, membership: StoreMembership, by: User) -> None:
    """The owner removes a manager or clerk: the account stays (it may have shopped) but loses the store."""
    if membership.role == StaffRole.OWNER:
        raise InvalidTransition(_("The owner cannot be removed."))
    store_event(
        store=membership.store,
        type=StoreEventType.STAFF_REMOVED,
        by=by,
        user_id=membership.user_id,
        role=membership.role,
    )
    membership.delete()


@transaction.atomic
def warehouse_create(*, store: Store, by: User, name: str, region: Region, address: str) -> Warehouse:
    if Warehouse.objects.filter(store=store, name=name).exists():
        raise InvalidInput(
            _("This store already has a warehouse of that name."),
            fields={"name": [_("This store already has a warehouse of that name.")]},
        )
    warehouse = Warehouse.objects.create(store=store, name=name, region=region, address=address)
    store_event(store=store, type=StoreEventType.WAREHOUSE_CREATED, by=by, warehouse_id=warehouse.pk)
    return warehouse


PROFILE_FIELDS = frozenset({"name", "phone", "intro", "address"})


@transaction.atomic
def store_profile_update(*, store: Store, by: User, **changes) -> Store:
    """Staff change what shoppers read about the store (name, phone, introduction, address). Its type, status and
    settlement terms are the platform's to change, so only these fields are accepted."""
    unknown = set(changes) - PROFILE_FIELDS
    if unknown:
        raise TypeError(f"not a profile field: {sorted(unknown)}")
    store = _locked(store)
    changed = {name: value for name, value in changes.items() if getattr(store, name) != value}
    if not changed:
        return store
    for name, value in changed.items():
        setattr(store, name, value)
    store.save(update_fields=sorted(changed))
    store_event(store=store, type=StoreEventType.PROFILE_UPDATED, by=by, fields=sorted(changed))
    return store
