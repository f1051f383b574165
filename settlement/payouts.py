"""Payout providers: one interface, a simulated implementation (real ones are not in scope, DESIGN.md).

A provider takes a transfer to a store's account once per payout number (a repeat moves no more money) and tells
the outcome later by a signed callback (`settlement.apis.PayoutCallbackApi`). The simulated one keeps a book of its
transfers (SimulatedPayout), signs with PAYOUT_SIMULATED_SECRET (HMAC-SHA256 over the raw body, as the payment
gateway does) and reports each outcome by a task, through the same code the HTTP callback runs. An account whose
number ends in 0000 is refused by its bank, so a failed payout can be seen."""

import hashlib
import hmac
import json
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string

from settlement.models import SimulatedPayout

REFUSED_ACCOUNTS = "0000"  # the simulated bank refuses accounts ending so


class PayoutProvider(Protocol):
    def pay(self, *, payout_no: str, amount: Decimal, account_number: str, account_name: str, bank: str) -> str:
        """Send `amount` to the account, once per `payout_no`; returns the provider's id of the transfer. Its
        outcome comes later by callback. Never called inside a transaction."""

    def verify(self, *, body: bytes, signature: str) -> bool:
        """Whether a callback really comes from the provider."""


class SimulatedPayoutProvider:
    def sign(self, body: bytes) -> str:
        return hmac.new(settings.PAYOUT_SIMULATED_SECRET.encode(), body, hashlib.sha256).hexdigest()

    def verify(self, *, body: bytes, signature: str) -> bool:
        return hmac.compare_digest(self.sign(body), signature or "")

    def pay(self, *, payout_no: str, amount: Decimal, account_number: str, account_name: str, bank: str) -> str:
        table = SimulatedPayout._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"""INSERT INTO {table} (payout_no, amount, account_number, requests, created_at)
                VALUES (%s, %s, %s, 1, now())
                ON CONFLICT (payout_no) DO UPDATE SET requests = {table}.requests + 1""",
                [payout_no, amount, account_number],
            )
        from settlement.tasks import simulated_payout_report

        simulated_payout_report.delay(payout_no)
        return f"simpay-{payout_no}"

    def report(self, payout_no: str) -> tuple[bytes, str]:
        """The callback the simulated provider sends for a transfer it booked: its body and signature."""
        booked = SimulatedPayout.objects.get(payout_no=payout_no)
        refused = booked.account_number.endswith(REFUSED_ACCOUNTS) or not booked.account_number
        body = json.dumps(
            {
                "payout_no": payout_no,
                "provider_payout_id": f"simpay-{payout_no}",
                "status": "failed" if refused else "succeeded",
                "failure": "The bank refused the account." if refused else "",
            }
        ).encode()
        return body, self.sign(body)


def payout_provider() -> PayoutProvider:
    return import_string(settings.PAYOUT_PROVIDER)()
