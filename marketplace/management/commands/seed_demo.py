"""manage.py seed_demo: an idempotent demo marketplace. Each business center adds its part in its demo.py."""

import time
from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# In dependency order: each part may use what the earlier ones made (the `demo` dict passed along).
DEMO_PARTS = [
    "members.demo",
    "stores.demo",
    "logistics.demo",
    "catalog.demo",
    "stores.demo_application",  # names the catalog's categories
    "coupons.demo",
    "promotions.demo",
    "companies.demo",  # HQ's goods' wholesale terms and a business buyer's price list
    "companies.deals.demo",  # a pending quote and an assisted order awaiting approval (decision 0042)
    "flashsales.demo",
    "marketplace.demo",
    "orders.demo",
    "orders.pickup.demo",  # the stores' pickup orders (decision 0037)
    "orders.credit_demo",  # the demo company's order on credit and last month's statement (decision 0043)
    "orders.pos.demo",  # the stores' counter sales (decision 0040)
    "settlement.demo",
    "reviews.demo",
    "groupbuys.demo",  # bob's group is an order: after the orders' history
    "auctions.demo",
    "presales.demo",
    "vouchers.demo",  # alice's vouchers are an order: after the orders' history
]


class Command(BaseCommand):
    help = "Create (or bring up to date) the demo marketplace and print its accounts."

    def handle(self, *args, **options):
        demo: dict = {"accounts": []}
        started = time.monotonic()
        with transaction.atomic():
            for part in DEMO_PARTS:
                import_module(part).seed(demo)
                self.stdout.write(f"  {part.split('.')[0]:<12} {time.monotonic() - started:5.1f} s")
        self.stdout.write(
            self.style.SUCCESS(f"Demo marketplace ready. Accounts (password for all: {demo['password']}):")
        )
        for role, username, where in demo["accounts"]:
            self.stdout.write(f"  {role:<22} {username:<14} {where}")
