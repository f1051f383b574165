from django.utils.translation import gettext_lazy as _

from marketplace.exceptions import DomainError, InvalidInput, NotFound  # noqa: F401  (the kinds reviews raise)


class ReviewNotAllowed(DomainError):
    """The line cannot be reviewed (not received yet, the window closed), or a review cannot be added to."""

    code = "review_not_allowed"
    status = 409
    default_detail = _("This cannot be reviewed now.")


class AlreadyReviewed(DomainError):
    """A line is reviewed once, a review followed up once, replied to once."""

    code = "already_reviewed"
    status = 409
    default_detail = _("This has already been done.")
