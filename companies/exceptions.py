"""Domain errors of the companies center; the API maps each to its stable code (API.md)."""

from django.utils.translation import gettext_lazy as _

from marketplace.exceptions import DomainError


class InvalidCreditCode(DomainError):
    """Not an 18-character unified social credit code, or its check character is wrong (GB 32100-2015)."""

    code = "invalid_credit_code"
    status = 400
    default_detail = _("This is not a valid unified social credit code: check its 18 characters.")


class AlreadyInCompany(DomainError):
    """A user buys for one company at most."""

    code = "already_in_company"
    status = 409
    default_detail = _("This user already belongs to a company.")


class NotCompanyAdmin(DomainError):
    """Only a company's admin adds or removes its users, addresses and invoice titles."""

    code = "not_company_admin"
    status = 403
    default_detail = _("Only an admin of the company may do this.")


class CreditRefused(DomainError):
    """An order on credit beyond what the company's limit has left, or for a company without credit terms."""

    code = "credit_limit_exceeded"
    status = 409
    default_detail = _("Your company's credit limit does not cover this order.")


class BelowMinimumQuantity(DomainError):
    """A business buyer's line is below the SKU's minimum order quantity (起订量)."""

    code = "below_minimum_quantity"
    status = 400
    default_detail = _("Order at least the minimum quantity of this item.")


def below_minimum(*, sku_id: int, minimum: int) -> BelowMinimumQuantity:
    """The refusal of add-to-cart and checkout alike, naming the SKU and its minimum."""
    message = _("Order at least %(minimum)d of SKU %(sku)d.") % {"minimum": minimum, "sku": sku_id}
    return BelowMinimumQuantity(message, fields={"sku": [sku_id], "minimum": [minimum]})


class CreditOverdue(DomainError):
    """The company has an order on credit past due and unpaid: no new order on credit until it is paid (0043)."""

    code = "credit_overdue"
    status = 409
    default_detail = _("Your company has credit past due: pay its statement before buying on credit again.")


class RepaymentExceedsBalance(DomainError):
    """A repayment larger than what the statement (or the company) still owes: overpayments are refused."""

    code = "repayment_exceeds_balance"
    status = 409
    default_detail = _("This is more than is owed.")


class NotCompanyFinance(DomainError):
    """Only the company's finance users pay its statements."""

    code = "not_company_finance"
    status = 403
    default_detail = _("Only a finance user of the company may pay its statements.")
