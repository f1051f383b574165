"""Checkout: the preview of what an order would cost, and the submission that places the trade and its store
orders (the first split: one order per store, cross-border orders under the cap)."""
