"""Writes of the settlement center, one module per concern: terms (finance's), the ledger (from the orders
center's events), bills (the bill run)."""

from settlement.services.bills import bill_run_execute, bill_run_start, store_bill
from settlement.services.ledger import ledger_post
from settlement.services.terms import TermsInput, supply_prices_set, terms_set

__all__ = [
    "TermsInput",
    "bill_run_execute",
    "bill_run_start",
    "ledger_post",
    "store_bill",
    "supply_prices_set",
    "terms_set",
]
