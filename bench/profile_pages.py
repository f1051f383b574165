"""Where a logged-in shopper's storefront request spends its time: each page (and add to cart) requested in
process by Django's test client (and the checkout preview of 3 lines and an order submission as
the benches send them) with a demo shopper's session, under production settings, through cProfile.

    DATABASE_URL=... REDIS_URL=... .venv/bin/python -m bench.profile_pages [alice] [--rows 30] [--only product_page]

Prints, per request, the milliseconds of CPU in process (the process's own time, so a busy machine does not
inflate it; waiting on PostgreSQL and Redis is not in it) and the SQL statements, then the functions with the most
cumulative time (the figures of decision 0036 came from it)."""

import argparse
import cProfile
import pstats
import time
import uuid
from functools import partial

from bench.demo_data import preview_body, seeded, setup_django

REPEAT = 200


def main() -> None:
    setup_django()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # production settings serve from the manifest
    seeded()
    from django.db import connection
    from django.test import Client

    from bench.order_submit import bench_cart
    from catalog.models import Sku, Spu, StorefrontCategory
    from members.models import User

    parser = argparse.ArgumentParser()
    parser.add_argument("username", nargs="?", default="alice")
    parser.add_argument("--rows", type=int, default=25, help="functions to print per request")
    parser.add_argument("--sort", action="append", default=[], help="pstats sort key (default cumulative)")
    parser.add_argument("--only", action="append", default=[], help="profile only this request (repeatable)")
    parser.add_argument("--sql", action="store_true", help="print each request's statements")
    parser.add_argument("--callers", action="append", default=[], help="print who calls functions matching this")
    parser.add_argument("--callees", action="append", default=[], help="print what functions matching this call")
    args = parser.parse_args()
    args.sort = args.sort or ["cumulative"]
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username=args.username))
    spu = Spu.objects.for_sale().order_by("pk").first()
    sku = Sku.objects.filter(spu=spu, is_active=True).first()
    category = StorefrontCategory.objects.filter(parent=None).order_by("pk").first()
    token = client.get("/").cookies["csrftoken"].value

    preview = preview_body(args.username, lines={"hq": 2, "sz": 1})  # the bench's 3 lines over 2 stores
    preview_20 = preview_body(args.username, lines={"hq": 10, "sz": 10})  # and its 20 lines
    buyer = Client(HTTP_HOST="localhost")  # the order_submit bench's shopper and 3-line cart, stocked for the run
    submit_body = ""
    if not args.only or "order_submit" in args.only:
        submit_body = bench_cart()[0]
        buyer.force_login(User.objects.get(username="bench_buyer"))

    def submit():
        headers = {"Idempotency-Key": uuid.uuid4().hex}
        return buyer.post("/api/v1/checkout/submit/", submit_body, content_type="application/json", headers=headers)

    def add(headers: dict):
        body = {"sku": sku.pk, "quantity": 1}
        headers = {"X-CSRFToken": token, **headers}
        return client.post("/api/v1/cart/items/", body, content_type="application/json", headers=headers)

    calls = {
        "product_page": lambda: client.get(f"/products/{spu.pk}/"),
        "category_page": lambda: client.get(f"/c/{category.pk}/"),
        "search_page": lambda: client.get("/search/?q=%E6%89%8B%E6%9C%BA"),
        "home_page": lambda: client.get("/"),
        "add_to_cart": lambda: add({"Prefer": "return=minimal"}),
        "add_to_cart_priced": lambda: add({}),
        "checkout_preview": lambda: client.post(
            "/api/v1/checkout/preview/", preview, content_type="application/json", headers={"X-CSRFToken": token}
        ),
        "checkout_preview_20": lambda: client.post(
            "/api/v1/checkout/preview/", preview_20, content_type="application/json", headers={"X-CSRFToken": token}
        ),
        "order_submit": submit,
    }
    for name, call in calls.items():
        if args.only and name not in args.only:
            continue
        assert call().status_code < 400, name  # warm: caches filled, templates compiled
        statements = []  # counted as sent (the query log is emptied as each request starts)
        with connection.execute_wrapper(partial(_noted, statements)):
            call()
        # CPU time, the process's own: a busy machine stretches the wall clock, not the work a request costs.
        started = time.process_time()
        for _ in range(REPEAT):
            call()
        plain = (time.process_time() - started) / REPEAT * 1000
        profile = cProfile.Profile(time.process_time)
        started = time.process_time()
        profile.enable()
        for _ in range(REPEAT):
            call()
        profile.disable()
        elapsed = (time.process_time() - started) / REPEAT * 1000
        print(f"\n### {name}: {plain:.2f} ms of CPU a request ({elapsed:.2f} profiled), {len(statements)} queries")
        if args.sql:
            for number, (sql, elapsed) in enumerate(statements, 1):  # the wall clock, the round trip included
                print(f"  {number}. {elapsed:5.2f} ms  {sql[:300]}")
        stats = pstats.Stats(profile).sort_stats(*args.sort)
        stats.print_stats(args.rows)
        for pattern in args.callers:
            stats.print_callers(pattern)
        for pattern in args.callees:
            stats.print_callees(pattern)


def _noted(statements: list, execute, sql, *rest):
    started = time.perf_counter()
    try:
        return execute(sql, *rest)
    finally:
        statements.append((sql, (time.perf_counter() - started) * 1000))


if __name__ == "__main__":
    main()
