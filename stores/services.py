"""Writes of the stores center: applications, review, staff, warehouses; one transaction and event each."""

import secrets
from decimal import Decimal

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.exceptions import InvalidInput, InvalidTransition
from marketplace.images import validate_image
from marketplace.models import Region
from members.models import User
from members.services import user_create
from stores.business_categories import category_choices
from stores.events import store_event
from stores.models import (
    APPLICABLE_TYPES,
    StaffRole,
    Store,
    StoreEventType,
    StoreMembership,
    StoreStatus,
    Warehouse,
)

# What an application says (入驻资料), beyond the store's name and type: written by store_apply and, when a rejected
# applicant corrects it, by store_resubmit.
APPLICATION_FIELDS = frozenset(
    {
        "name",
        "type",
        "phone",
        "region",
        "address",
        "latitude",
        "longitude",
        "intro",
        "business_licence",
        "id_card",
        "business_categories",
        "contact_name",
        "contact_phone",
    }
)


def _checked_application(*, type: str, business_categories: list[int], documents: dict) -> list[int]:
    """Refuse what a form or serializer cannot know: a type HQ keeps to itself, a category that is not a top-level
    one offered now, a document that is not a sane picture (marketplace.images, as product pictures). Returns the
    categories without repeats, in the order given."""
    if type not in APPLICABLE_TYPES:
        message = _("A merchant applies for a third-party or a franchise store.")
        raise InvalidInput(message, fields={"type": [message]})
    offered = {pk for pk, _name in category_choices()}
    categories = list(dict.fromkeys(business_categories))
    if any(pk not in offered for pk in categories):
        message = _("Choose categories of business from the list.")
        raise InvalidInput(message, fields={"business_categories": [message]})
    for field, file in documents.items():
        if file:
            validate_image(file, field=field)
    return categories


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
    business_licence: File | None = None,
    id_card: File | None = None,
    business_categories: list[int] | None = None,
    contact_name: str = "",
    contact_phone: str = "",
) -> Store:
    """A logged-in user applies to open a store; it waits in `applying` for an operator. One open application per
    user: the user's row is locked, so two submissions at once are taken one after the other. (The documents are
    optional here because API clients from before them still apply; the web form requires them: decision 0022.)"""
    User.objects.select_for_update().filter(pk=applicant.pk).first()
    if StoreMembership.objects.filter(user=applicant).exists():
        raise InvalidInput(_("You are already staff of a store."))
    if Store.objects.filter(applicant=applicant, status=StoreStatus.APPLYING).exists():
        raise InvalidInput(_("You already have an application waiting for review."))
    categories = _checked_application(
        type=type,
        business_categories=business_categories or [],
        documents={"business_licence": business_licence, "id_card": id_card},
    )
    store = Store(
        applicant=applicant,
        name=name,
        type=type,
        phone=phone,
        region=region,
        address=address,
        latitude=latitude,
        longitude=longitude,
        intro=intro,
        business_categories=categories,
        contact_name=contact_name,
        contact_phone=contact_phone,
    )
    if business_licence:
        store.business_licence = business_licence
    if id_card:
        store.id_card = id_card
    store.save()
    store_event(store=store, type=StoreEventType.APPLIED, by=applicant)
    return store


@transaction.atomic
def store_resubmit(*, store: Store, by: User, **changes) -> Store:
    """The applicant corrects a rejected application and sends it back for review. A document not sent again is
    kept; every other field is the one given."""
    unknown = set(changes) - APPLICATION_FIELDS
    if unknown:
        raise TypeError(f"not an application field: {sorted(unknown)}")
    store = _locked(store)
    if store.applicant_id != by.pk:
        raise InvalidInput(_("Only the applicant may resubmit an application."))
    if store.status != StoreStatus.REJECTED:
        raise InvalidTransition(_("Only a rejected application can be resubmitted."))
    if StoreMembership.objects.filter(user=by).exists():
        raise InvalidInput(_("You are already staff of a store."))
    if Store.objects.filter(applicant=by, status=StoreStatus.APPLYING).exists():
        raise InvalidInput(_("You already have an application waiting for review."))
    documents = {field: changes.pop(field, None) for field in ("business_licence", "id_card")}
    changes["business_categories"] = _checked_application(
        type=changes.get("type", store.type),
        business_categories=changes.get("business_categories", store.business_categories),
        documents=documents,
    )
    for field, value in changes.items():
        setattr(store, field, value)
    replaced = []
    for field, file in documents.items():
        if file:
            old = getattr(store, field)
            if old:
                replaced.append((old.storage, old.name))
            setattr(store, field, file)
    store.status = StoreStatus.APPLYING
    store.save()
    store_event(store=store, type=StoreEventType.RESUBMITTED, by=by)

    def delete_replaced():
        for storage, name in replaced:
            storage.delete(name)

    # A replaced document goes only once the new one is recorded for good; a rolled-back resubmission keeps it.
    transaction.on_commit(delete_replaced)
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


REJECTION_REASON_MAX = 200  # StoreEvent.reason


@transaction.atomic
def store_reject(*, store: Store, by: User, reason: str) -> Store:
    """An operator turns an application down, always with a reason: it is kept in the event row and shown to the
    applicant, who may correct the application and resubmit it."""
    reason = (reason or "").strip()
    if not reason:
        message = _("Say why the application is rejected: the applicant reads it.")
        raise InvalidInput(message, fields={"reason": [message]})
    if len(reason) > REJECTION_REASON_MAX:
        message = _("Keep the reason within %(n)d characters.") % {"n": REJECTION_REASON_MAX}
        raise InvalidInput(message, fields={"reason": [message]})
    store = _locked(store)
    if store.status != StoreStatus.APPLYING:
        raise InvalidTransition(_("Only an applying store can be rejected."))
    store.status = StoreStatus.REJECTED
    store.reviewed_at = timezone.now()
    store.reviewed_by = by
    store.save(update_fields=["status", "reviewed_at", "reviewed_by"])
    store_event(store=store, type=StoreEventType.REJECTED, by=by, reason=reason)
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
