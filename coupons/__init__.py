"""Coupons: templates, issued coupons, claiming, redeem codes, best-coupon choice, locking and return."""
