"""Stores: stores and their review, staff roles, warehouses, and the store scoping of the seller API."""
