"""Writes of the settlement center, one module per concern: terms (finance's), the ledger (from the orders
center's events), bills (the bill run), confirmation (both sides, adjustments), payouts, reconciliation."""

from settlement.services.bills import bill_run_execute, bill_run_start, store_bill
from settlement.services.confirmation import (
    adjustment_approve,
    adjustment_propose,
    bill_confirm,
    bill_dispute,
    bill_store_confirm,
)
from settlement.services.ledger import ledger_post
from settlement.services.payouts import payout_callback_take, payout_manual, payout_settle, payout_start
from settlement.services.reconciliation import simulated_statement_csv, statement_import, statement_item_resolve
from settlement.services.terms import TermsInput, supply_prices_set, terms_set

__all__ = [
    "TermsInput",
    "adjustment_approve",
    "adjustment_propose",
    "bill_confirm",
    "bill_dispute",
    "bill_run_execute",
    "bill_run_start",
    "bill_store_confirm",
    "ledger_post",
    "payout_callback_take",
    "payout_manual",
    "payout_settle",
    "payout_start",
    "simulated_statement_csv",
    "statement_import",
    "statement_item_resolve",
    "store_bill",
    "supply_prices_set",
    "terms_set",
]
