"""Order submission under load: orders/s at 8 and 32 clients, a 3-line cart over 2 stores, through gunicorn, beside
two floors for the minimal equivalent transaction (lock the stock rows, insert the trade, its two orders and three
lines, move the stock): the same SQL run by a bare view in the same gunicorn, and run by pgbench straight on
PostgreSQL; and beside a third, the bare view running that transaction with every other write and keyed read the
submission makes (SAME_WRITES_SQL). The first ratios say what the marketplace's work (pricing, coupons, events,
checks) costs on top of the minimal SQL; the last what its own work costs on top of the SQL it must send. Before
the load, how long a submission and the floor's transaction hold the stock rows (stock_rows_held).

    make bench ARGS=order_submit

Each request carries a fresh Idempotency-Key (wrk's Lua), so every one places a new trade; the bench SKUs get a
large stock first so that none runs out. The requests come from BUYERS shoppers in turn, each with their own token
and address, all buying the same three hot SKUs: one member's submissions wait for each other by design (the
member's submission lock, orders.checkout), so a single shopper sending every request would measure that lock."""

import json
import os
import re
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable

from bench.demo_data import bearer, preview_body, seeded, setup_django
from bench.harness import BLOCKS, FLOOR_DIR, Call, Load, count_queries, fetch, median_load, served, wrk

CLIENTS = (8, 32)
BUYERS = 64  # shoppers taking turns: two of the 32 clients' requests in flight rarely come from the same one

# The minimal equivalent of a submit, written once with {name} placeholders: rendered as %(name)s for the floor
# view (psycopg) and :name for pgbench. Numbers are random per transaction, so every run inserts new rows.
FLOOR_SQL = """
BEGIN;
SELECT id FROM catalog_stock WHERE id IN ({stock_1}, {stock_2}, {stock_3}) ORDER BY sku_id, id FOR UPDATE;
WITH trade AS (
  INSERT INTO orders_trade (trade_no, user_id, payable, stored_value, points_used, channel, expires_at,
                            idempotency_key, request_digest, created_at)
  VALUES ('F' || left(md5(random()::text), 30), {user}, {payable}::numeric, 0, 0, 'web',
          now() + interval '30 minutes', '', '', now())
  RETURNING id
), store_orders AS (
  INSERT INTO orders_storeorder (order_no, trade_id, user_id, store_id, status, subtotal, discount, freight, payable,
                                 points_used, stored_value, cross_border, payment_no, paid_amount, refunded_amount,
                                 receiver_name, receiver_phone, receiver_region_id, receiver_address, note, created_at,
                                 delivery, play_kind, shipping_held)
  SELECT 'F' || left(md5(random()::text), 30), trade.id, {user}, v.store, 'pending_payment', v.amount, 0, 0,
         v.amount, 0, 0, false, 'F' || left(md5(random()::text), 30), 0, 0, '张三', '13900000000', {region}::text,
         '1 号', '', now(), 'ship', '', false
  FROM trade, (VALUES ({store_a}, {amount_a}::numeric), ({store_b}, {amount_b}::numeric)) AS v(store, amount)
  RETURNING id, store_id
)
INSERT INTO orders_orderline (order_id, sku_id, spu_id, title, specs, image, unit_price, quantity, amount,
                              promotion_discount, coupon_discount, points_discount, payable, gift, stored_value,
                              commission_percent, warehouse_id, refunded_quantity, refunded_amount)
SELECT store_orders.id, v.sku, v.spu, 'bench', '{{}}', '', v.price, 1, v.price, 0, 0, 0, v.price, false, 0, 5,
       v.warehouse, 0, 0
FROM store_orders JOIN (VALUES ({store_a}, {sku_1}, {spu_1}, {price_1}::numeric, {warehouse_1}),
                               ({store_a}, {sku_2}, {spu_2}, {price_2}::numeric, {warehouse_2}),
                               ({store_b}, {sku_3}, {spu_3}, {price_3}::numeric, {warehouse_3}))
                  AS v(store, sku, spu, price, warehouse) ON v.store = store_orders.store_id;
UPDATE catalog_stock SET reserved = reserved + 1
WHERE id IN ({stock_1}, {stock_2}, {stock_3}) AND on_hand - reserved >= 1;
COMMIT;
"""


# The floor once more with every other write and keyed read the bench's submission makes: a member's lock (one of
# many members, as the bench's 64 shoppers: a random key), the key's earlier trade (by its index; none), the
# orders' events (their trade's id read once, in a sub-select, so that the index finds them), the stock movements
# and the SPU totals. Beside it, the submission's ratio says what the marketplace's own work (pricing, checks,
# Python) costs over the SQL it must send.
SAME_WRITES_SQL = FLOOR_SQL.replace(
    "BEGIN;\n",
    """BEGIN;
SELECT pg_advisory_xact_lock(hashtextextended('order_submit:' || random()::text, 0));
SELECT id FROM orders_trade WHERE user_id = {user} AND idempotency_key = 'F' AND idempotency_key <> ''
ORDER BY id LIMIT 1;
""",
).replace(
    "\nCOMMIT;",
    """
INSERT INTO orders_orderevent (order_id, type, from_status, to_status, by_id, reason_code, reason, data, at)
SELECT id, 'created', '', 'pending_payment', {user}, '', '', '{{}}', now() FROM orders_storeorder
WHERE trade_id = (SELECT currval(pg_get_serial_sequence('orders_trade', 'id')));
INSERT INTO catalog_stockmovement (kind, on_hand_delta, reserved_delta, reason, reference, at, by_id, sku_id,
                                   warehouse_id)
VALUES ('reserve', 0, 1, '', 'F', now(), {user}, {sku_1}, {warehouse_1}),
       ('reserve', 0, 1, '', 'F', now(), {user}, {sku_2}, {warehouse_2}),
       ('reserve', 0, 1, '', 'F', now(), {user}, {sku_3}, {warehouse_3});
UPDATE catalog_spu SET stock = stock - 1 WHERE id IN ({spu_1}, {spu_2}, {spu_3});
COMMIT;""",
)


def floor_statements(sql: str = FLOOR_SQL) -> list[str]:
    """A floor transaction's statements for psycopg (BEGIN / COMMIT left to the view's atomic block)."""
    statements = [part.strip() for part in sql.split(";") if part.strip()]
    return [re.sub(r"\{(\w+)\}", r"%(\1)s", part).replace("{{}}", "{}") for part in statements[1:-1]]


def pgbench_script() -> str:
    return re.sub(r"\{(\w+)\}", r":\1", FLOOR_SQL).replace("{{}}", "{}")


def _phone_of(username: str) -> str:
    """A mobile number of the bench's own for each shopper (they are unique): bench_buyer_12 -> 13900010012."""
    number = username.rpartition("_")[2]
    return f"1390001{int(number):04d}" if number.isdigit() else "13900000999"


def bench_cart(username: str = "bench_buyer") -> tuple[str, dict]:
    """The submit body for a 3-line, 2-store cart of the bench shopper `username` (made if missing; no promotion,
    coupon or points on it, so its price holds for the whole run) and the values the floor SQL needs."""
    from decimal import Decimal

    from django.utils import timezone

    from catalog.models import Stock
    from catalog.services import stock_adjust
    from members.models import Address, User
    from orders.checkout.preview import CheckoutRequest, checkout_price
    from orders.pricing import LineRequest

    buyer, _ = User.objects.get_or_create(username=username, defaults={"phone": _phone_of(username)})
    address = Address.objects.filter(user=buyer).first() or Address.objects.create(
        user=buyer, name="张三", phone="13900000999", region_id="310104", detail="1 号", is_default=True
    )
    body = json.loads(preview_body("alice", lines={"hq": 2, "sz": 1}))
    body |= {"address": address.pk, "coupons": [], "points": 0, "stored_value": "0.00"}
    lines = tuple(LineRequest(line["sku"], 1) for line in body["lines"])
    checkout = CheckoutRequest(lines=lines, address_id=address.pk, coupons=())
    priced = checkout_price(user=buyer, request=checkout, now=timezone.now())
    breakdown = priced.breakdown
    # Plenty of every SKU the order takes, gifts included, so that no request of the run meets an empty shelf
    # (through the stock service, which keeps each SPU's total right).
    for stock in Stock.objects.filter(sku_id__in=[line.sku for line in breakdown.lines]).select_related(
        "sku", "warehouse"
    ):
        if stock.available < 1_000_000:
            stock_adjust(sku=stock.sku, warehouse=stock.warehouse, delta=10_000_000, reason="bench", by=None)
    body["expected_payable"] = f"{breakdown.payable:.2f}"
    stocks = {stock.sku_id: stock for stock in Stock.objects.filter(sku_id__in=[line.sku_id for line in lines])}
    skus = [priced.skus[line.sku_id] for line in lines]
    stores = sorted({sku.store_id for sku in skus}, key=[sku.store_id for sku in skus].index)
    values = {"user": buyer.pk, "payable": breakdown.payable, "region": "310104"}
    for number, sku in enumerate(skus, start=1):
        stock = stocks[sku.pk]
        values |= {
            f"stock_{number}": stock.pk,
            f"sku_{number}": sku.pk,
            f"spu_{number}": sku.spu_id,
            f"price_{number}": sku.price,
            f"warehouse_{number}": stock.warehouse_id,
        }
    values |= {"store_a": stores[0], "store_b": stores[-1]}
    for key, store in (("amount_a", stores[0]), ("amount_b", stores[-1])):
        values[key] = sum((sku.price for sku in skus if sku.store_id == store), Decimal("0.00"))
    return json.dumps(body), values


def wrk_as_buyers(base: str, path: str, carts: list[tuple[str, str]], *, connections: int) -> Load:
    """wrk through a Lua script that sends each request as the next of the buyers (`carts`: their Authorization
    header's value and their submit body), with an Idempotency-Key of its own. wrk's two threads take alternate
    turns, so they never send as the same buyer at once."""
    script = FLOOR_DIR / "submit.lua"
    buyers = ",\n".join(f"  {{{json.dumps(token)}, {json.dumps(body)}}}" for token, body in carts)
    script.write_text(
        f"buyers = {{\n{buyers}\n}}\n"
        "threads = 0\n"
        "setup = function(thread)\n"
        "  thread:set('first', threads)\n"
        "  threads = threads + 1\n"
        "end\n"
        "init = function(args)\n"
        "  turn = first\n"
        "end\n"
        "request = function()\n"
        "  local buyer = buyers[turn % #buyers + 1]\n"
        "  turn = turn + 2\n"
        "  local headers = {}\n"
        '  headers["Content-Type"] = "application/json"\n'
        '  headers["Authorization"] = buyer[1]\n'
        '  headers["Idempotency-Key"] = string.format("%x-%d-%d", math.random(1, 2^30), os.time(), turn)\n'
        f'  return wrk.format("POST", {json.dumps(path)}, headers, buyer[2])\n'
        "end\n"
    )
    return wrk(base, Call(path), connections=connections, script=script)


def pgbench(values: dict, *, clients: int, seconds: int = 10) -> float:
    """Transactions per second of the floor SQL run by pgbench on the same database."""
    if not shutil.which("pgbench"):
        raise SystemExit("pgbench is not installed: apt-get install postgresql-client")
    script = FLOOR_DIR / "submit_floor.sql"
    script.write_text(pgbench_script())
    args = ["pgbench", "-n", "-c", str(clients), "-j", "2", "-T", str(seconds), "-f", str(script)]
    for name, value in values.items():
        args += ["-D", f"{name}={value}"]
    output = subprocess.run([*args, os.environ["DATABASE_URL"]], capture_output=True, text=True, check=True).stdout
    return float(re.search(r"tps = ([\d.]+)", output).group(1))


def stock_rows_held(send: Callable[[], object], *, times: int = 60) -> float:
    """Median milliseconds from the statement that locks the stock rows (`... FOR UPDATE` on catalog_stock) to the
    end of the commit, over `times` calls of `send` in this process, one at a time: how long each order keeps its
    hot rows from the next buyer. Orders of the same rows go one after another, so they can go no faster than
    1000 / this per second, however many cores serve them (docs/SCALING.md)."""
    from django.db import connection, transaction

    held: list[float] = []
    locked: list[float] = []  # when this call's transaction locked the rows

    def timed(execute, sql, params, many, context):
        if not locked and "FOR UPDATE" in sql and "catalog_stock" in sql:
            locked.append(time.perf_counter())
            transaction.on_commit(lambda: held.append(time.perf_counter() - locked[0]))  # before anything else
        return execute(sql, params, many, context)

    with connection.execute_wrapper(timed):
        for _ in range(times):
            locked.clear()
            send()
    if len(held) != times:
        raise SystemExit(f"{times - len(held)} of {times} calls locked no stock row: nothing to report")
    return statistics.median(held) * 1000


def held_by_submission(body: str, token: tuple[str, str]) -> float:
    """stock_rows_held of the bench's submission, through Django's test client."""
    from django.test import Client

    client = Client(HTTP_HOST="localhost")  # production settings refuse the test client's default host

    def send():
        headers = {token[0]: token[1], "Idempotency-Key": os.urandom(8).hex()}
        response = client.post("/api/v1/checkout/submit/", body, content_type="application/json", headers=headers)
        assert response.status_code == 201, response.content

    return stock_rows_held(send)


def held_by_floor() -> float:
    """stock_rows_held of the floor view's transaction."""
    from django.test import RequestFactory

    from bench.floor import submit_floor

    return stock_rows_held(lambda: submit_floor(RequestFactory().post("/__bench__/submit-floor")))


def main() -> None:
    setup_django()
    seeded()
    body, values = bench_cart()
    FLOOR_DIR.mkdir(parents=True, exist_ok=True)
    (FLOOR_DIR / "submit_floor.json").write_text(json.dumps(values, default=str))
    token = bearer("bench_buyer")
    submit = Call("/api/v1/checkout/submit/", "POST", body, (token,))
    carts = [(token[1], body)]
    for number in range(1, BUYERS):
        name = f"bench_buyer_{number}"
        cart_body = bench_cart(name)[0]  # the shopper made first, then their token
        carts.append((bearer(name)[1], cart_body))
    floor = Call("/__bench__/submit-floor", "POST", "{}", ())
    same_writes = Call("/__bench__/submit-floor-same-writes", "POST", "{}", ())

    def keyed() -> Call:  # a submission of its own: the same key again would only replay the first
        return Call(submit.path, "POST", body, (token, ("Idempotency-Key", os.urandom(8).hex())))

    statements = count_queries(keyed(), warm=keyed())
    held, floor_held = held_by_submission(body, token), held_by_floor()
    print(
        f"stock rows held p50 {held:.2f} ms a submission, {floor_held:.2f} ms the floor's transaction "
        f"(one order after another on the same rows: at most {1000 / held:.0f} and {1000 / floor_held:.0f}/s)",
        flush=True,
    )
    with served() as base:
        fetch(base, floor)  # one transaction of each floor first: it must work before it is loaded
        fetch(base, same_writes)
        for clients in CLIENTS:
            blocks = [
                (
                    wrk_as_buyers(base, submit.path, carts, connections=clients),
                    wrk(base, floor, connections=clients),
                    wrk(base, same_writes, connections=clients),
                )
                for _ in range(BLOCKS)  # interleaved, the median of each kept (bench/harness.py)
            ]
            real, view, same = (median_load([block[place] for block in blocks]) for place in range(3))
            direct = pgbench(values, clients=clients)
            warning = f"  ({real.errors} errors!)" if real.errors else ""
            print(
                f"submit_{clients}_clients  {real.requests_per_second:>7.0f} orders/s  p50 {real.p50_ms:>6.1f} ms  "
                f"p99 {real.p99_ms:>6.1f} ms  {statements} statements | floor view {view.requests_per_second:>6.0f}/s "
                f"ratio {real.requests_per_second / view.requests_per_second:.2f} | same writes "
                f"{same.requests_per_second:>6.0f}/s ratio {real.requests_per_second / same.requests_per_second:.2f} "
                f"| pgbench {direct:>6.0f} tps "
                f"ratio {real.requests_per_second / direct:.2f}{warning}",
                flush=True,
            )
