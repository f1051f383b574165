"""The one module that records what happens to a product (its SpuEvent history), and tells the store's staff when
the platform approves or rejects one (marketplace.notifications), in the same transaction."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models import Spu, SpuEvent
from marketplace.notifications.models import MessageKind
from marketplace.notifications.services import Notice, notify
from members.models import User
from stores.selectors import store_staff


class SpuEventType(models.TextChoices):
    """What happened to a product. (SpuEvent.type does not name these as its choices yet: that is a migration of
    the catalog, left to its next schema change; every event is written through `spu_event`, which takes only
    these.)"""

    CREATED = "created", _("Created")
    EDITED = "edited", _("Edited")
    RETURNED_TO_DRAFT = "returned_to_draft", _("Back to draft: reviewed content changed")
    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    PUT_ON_SHELF = "put_on_shelf", _("Put on the shelf")
    TAKEN_OFF_SHELF = "taken_off_shelf", _("Taken off the shelf")
    LISTED_BY_STORE = "listed_by_store", _("Listed by a store")  # a franchise or direct store sells HQ's product
    UNLISTED_BY_STORE = "unlisted_by_store", _("Unlisted by a store")
    STORE_PRICE_SET = "store_price_set", _("Store price set")  # a listing store set or dropped its own price


REVIEW_OUTCOMES = {
    SpuEventType.APPROVED: MessageKind.PRODUCT_APPROVED,
    SpuEventType.REJECTED: MessageKind.PRODUCT_REJECTED,
}


def spu_event(*, spu: Spu, type: SpuEventType, by: User | None, reason: str = "", **data) -> SpuEvent:
    """Record `type` on the product; on a review's outcome, tell every staff member of its store."""
    event = SpuEvent.objects.create(spu=spu, type=SpuEventType(type), by=by, reason=reason, data=data)
    if type in REVIEW_OUTCOMES:
        params = {"title": spu.title, "spu_id": spu.pk, **({"reason": reason} if reason else {})}
        notify(
            Notice(
                kind=REVIEW_OUTCOMES[type],
                recipient_id=membership.user_id,
                key=f"spu_event:{event.pk}",
                params=params,
                store_id=spu.store_id,
            )
            for membership in store_staff(store=spu.store)
        )
    return event
