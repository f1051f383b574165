"""A member's shipping addresses. Exactly one is the default once there is any."""

from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.exceptions import InvalidInput
from marketplace.models import Region
from members.models import Address, User

MAX_ADDRESSES = 30


def _lock_member(user: User) -> None:
    """Serialise address changes of one member, so two requests cannot both make a default."""
    User.objects.select_for_update().only("pk").get(pk=user.pk)


@transaction.atomic
def address_create(
    *, user: User, name: str, phone: str, region: Region, detail: str, is_default: bool = False
) -> Address:
    _lock_member(user)
    existing = Address.objects.filter(user=user)
    if existing.count() >= MAX_ADDRESSES:
        raise InvalidInput(_("A member keeps at most %(count)d addresses.") % {"count": MAX_ADDRESSES})
    make_default = is_default or not existing.exists()  # the first address is the default
    if make_default:
        existing.filter(is_default=True).update(is_default=False)
    return Address.objects.create(
        user=user, name=name, phone=phone, region=region, detail=detail, is_default=make_default
    )


@transaction.atomic
def address_update(*, address: Address, **changes) -> Address:
    """Change any of name, phone, region, detail, is_default. Unsetting the default is not a change: a member
    chooses another default instead."""
    _lock_member(address.user)
    if changes.pop("is_default", False) and not address.is_default:
        Address.objects.filter(user_id=address.user_id, is_default=True).update(is_default=False)
        address.is_default = True
    for field, value in changes.items():
        setattr(address, field, value)
    address.save()
    return address


@transaction.atomic
def address_delete(*, address: Address) -> None:
    """Delete; when it was the default, the newest remaining address becomes the default."""
    _lock_member(address.user)
    address.delete()
    if address.is_default:
        newest = Address.objects.filter(user_id=address.user_id).order_by("-id").first()
        if newest:
            newest.is_default = True
            newest.save(update_fields=["is_default"])
