"""Settlement: the ledger of what each store is owed, cycles, bills, confirmations, payouts, reports."""
