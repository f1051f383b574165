"""Benchmarks run on the demo marketplace (manage.py seed_demo), with a bearer token for one of its shoppers."""

import json
import os
from datetime import timedelta


def setup_django() -> None:
    import django

    from bench.harness import server_env

    os.environ.update({key: value for key, value in server_env().items() if key not in os.environ})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    django.setup()


def seeded() -> None:
    from django.core.management import call_command

    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 (closed at exit)


def bearer(username: str) -> tuple[str, str]:
    """An Authorization header for a demo account, with a token valid for a day."""
    from django.utils import timezone

    from members.models import ApiToken, User

    key = ApiToken.new_key()
    user = User.objects.get(username=username)
    ApiToken.objects.create(user=user, digest=ApiToken.digest_of(key), expires_at=timezone.now() + timedelta(days=1))
    return ("Authorization", f"Bearer {key}")


def stored_value_at_least(username: str, amount: str) -> None:
    """Load the member's stored value up to `amount` (through the ledger), so a preview may pay part with it."""
    from decimal import Decimal

    from members.models import User
    from members.services import stored_value_load

    user = User.objects.get(username=username)
    missing = Decimal(amount) - user.stored_value_balance
    if missing > 0:
        stored_value_load(user=user, amount=missing, reference="bench")


def preview_body(username: str, *, lines: dict[str, int], stored_value: str = "0.00") -> str:
    """A checkout preview of so many in-stock SKUs from each demo store ({"hq": 2, "sz": 1}), to the member's
    default address, paying `stored_value` from the member's balance."""
    from catalog.models import SpuStatus, Stock
    from members.models import Address
    from stores.models import Store

    body_lines = []
    for key, count in lines.items():
        store = Store.objects.get(memberships__user__username=f"{key}_owner")
        in_stock = (
            Stock.objects.filter(sku__store=store, sku__spu__status=SpuStatus.ON_SHELF, on_hand__gte=5)
            .values_list("sku_id", flat=True)
            .distinct()
            .order_by("sku_id")[:count]
        )
        body_lines += [{"sku": sku_id, "quantity": 1} for sku_id in in_stock]
    address = Address.objects.get(user__username=username, is_default=True)
    body = {"lines": body_lines, "address": address.pk, "coupons": "auto", "points": 0, "stored_value": stored_value}
    return json.dumps(body)
