"""Writes of the orders center, one module per concern."""
