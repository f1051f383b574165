"""The mixed workload's shoppers, for Locust (run by bench/mixed_workload.py, which writes their accounts).

Each simulated shopper is logged in (a session cookie for the pages, a bearer token for the API), thinks for
one to five seconds between steps, and does what shoppers do in these proportions: mostly browsing (home,
category, product pages), some searching, adding to the cart, looking at what checkout would cost, and now and
then placing an order. A response outside 2xx/3xx, or an order refused, is a failure."""

import itertools
import json
import os
import random

from locust import FastHttpUser, between, task

with open(os.environ["MIXED_WORKLOAD_PLAN"], encoding="utf-8") as plan_file:
    PLAN = json.load(plan_file)


ACCOUNTS = itertools.count()  # each simulated shopper its own account, as real shoppers have


class Shopper(FastHttpUser):
    wait_time = between(1, 5)

    def on_start(self) -> None:
        account = PLAN["accounts"][next(ACCOUNTS) % len(PLAN["accounts"])]
        self.api = {"Authorization": f"Bearer {account['token']}", "Content-Type": "application/json"}
        self.page = {"Cookie": f"{PLAN['session_cookie']}={account['session']}"}
        self.address = account["address"]

    @task(10)
    def home(self) -> None:
        self.client.get("/", headers=self.page, name="page: home")

    @task(20)
    def category(self) -> None:
        self.client.get(random.choice(PLAN["categories"]), headers=self.page, name="page: category")

    @task(30)
    def product(self) -> None:
        self.client.get(f"/products/{random.choice(PLAN['products'])}/", headers=self.page, name="page: product")

    @task(15)
    def search(self) -> None:
        self.client.get(f"/search/?q={random.choice(PLAN['words'])}", headers=self.page, name="page: search")

    @task(12)
    def add_to_cart(self) -> None:
        body = json.dumps({"sku": random.choice(PLAN["skus"]), "quantity": 1})
        self.client.post("/api/v1/cart/items/", data=body, headers=self.api, name="api: add to cart")

    @task(8)
    def preview(self) -> None:
        self.client.post(
            "/api/v1/checkout/preview/", data=json.dumps(self._order()), headers=self.api, name="api: preview"
        )

    @task(5)
    def submit(self) -> None:
        """Preview an order of one to three SKUs, then place it at the previewed total (the cart stays). A line the
        preview says cannot be bought (its store sells none from a warehouse that has it) is taken out and the rest
        previewed again, as the checkout page has the shopper do; a refusal names its code (API.md)."""
        order = self._order()
        breakdown = self._preview(order)
        if breakdown is None:
            return
        buyable = {line["sku"] for store in breakdown["stores"] for line in store["lines"] if line["valid"]}
        if buyable != {line["sku"] for line in order["lines"]}:
            order = {**order, "lines": [line for line in order["lines"] if line["sku"] in buyable]}
            breakdown = self._preview(order) if order["lines"] else None
        if breakdown is None:
            return
        headers = {**self.api, "Idempotency-Key": os.urandom(12).hex()}
        body = json.dumps({**order, "expected_payable": breakdown["payable"]})
        with self.client.post(
            "/api/v1/checkout/submit/", data=body, headers=headers, name="api: submit", catch_response=True
        ) as placed:
            if placed.status_code != 201:
                placed.failure(f"submit {placed.status_code} {placed.text[:120]}")

    def _preview(self, order: dict) -> dict | None:
        with self.client.post(
            "/api/v1/checkout/preview/", data=json.dumps(order), headers=self.api, name="api: preview",
            catch_response=True,
        ) as preview:  # fmt: skip
            if preview.status_code != 200:
                preview.failure(f"preview {preview.status_code} {preview.text[:120]}")
                return None
            return preview.json()

    def _order(self) -> dict:
        skus = random.sample(PLAN["skus"], random.randint(1, 3))
        return {"lines": [{"sku": sku, "quantity": 1} for sku in skus], "address": self.address, "coupons": "auto"}
