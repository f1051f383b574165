from django.utils.translation import gettext_lazy as _

from marketplace.exceptions import DomainError


class PromotionConflict(DomainError):
    """A product would be in two promotions of one exclusive group at once (seed 002)."""

    code = "promotion_conflict"
    status = 409
    default_detail = _("This promotion overlaps another one of the same kind on the same goods.")


class PromotionStarted(DomainError):
    """A promotion that has started (or ended) is not edited: orders have been priced by its rules."""

    code = "promotion_started"
    status = 409
    default_detail = _("The promotion has started; it can no longer be changed. Stop it and create another.")
