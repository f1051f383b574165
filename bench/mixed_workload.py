"""A mixed workload (issue 17 item 5): logged-in shoppers who browse, search, add to cart, preview and submit
(bench/locustfile.py has the proportions), in steps of more and more concurrent shoppers, each step held for
MIXED_STEP_SECONDS. It reports each step's requests/s, median and p95 latency and failures, and the most
shoppers the stack served at p95 <= 1 s with no failure.

By default it starts gunicorn with the production settings (bench.harness.served) on the demo marketplace of
DATABASE_URL. With MIXED_TARGET=http://127.0.0.1:8000 it loads a server already running instead, such as
`make run`'s (run the bench through the same environment, so that its accounts are written to that server's
database). Locust runs as a child process with one worker; on this two-core machine it shares the cores with
gunicorn, PostgreSQL and Redis, as wrk does in the other benchmarks."""

import csv
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.demo_data import seeded, setup_django
from bench.harness import ROOT, served

STEPS = [int(n) for n in os.environ.get("MIXED_STEPS", "25,50,100,200,400").split(",")]
STEP_SECONDS = int(os.environ.get("MIXED_STEP_SECONDS", "40"))
ACCOUNTS = 400
P95_LIMIT_MS = 1000
SEARCH_WORDS = ["手机", "华为", "耳机", "茶", "电脑", "米", "phone", "watch"]


@dataclass(frozen=True)
class Step:
    users: int
    requests_per_second: float
    median_ms: float
    p95_ms: float
    requests: int
    failures: int

    @property
    def within_limit(self) -> bool:
        return self.failures == 0 and self.p95_ms <= P95_LIMIT_MS and self.requests > 0


def main() -> None:
    setup_django()
    seeded()
    plan = _plan()
    with tempfile.TemporaryDirectory() as folder:
        plan_path = Path(folder) / "plan.json"
        plan_path.write_text(json.dumps(plan))
        target = os.environ.get("MIXED_TARGET")
        if target:
            steps = _run_steps(target, plan_path, Path(folder))
        else:
            with served() as base:
                steps = _run_steps(base, plan_path, Path(folder))
    served_users = max((step.users for step in steps if step.within_limit), default=0)
    print(f"most concurrent shoppers at p95 <= {P95_LIMIT_MS} ms with no failure: {served_users}")


def _run_steps(base: str, plan_path: Path, folder: Path) -> list[Step]:
    steps = []
    for users in STEPS:
        step = _step(base, users, plan_path, folder)
        steps.append(step)
        print(
            f"{users:5d} shoppers {step.requests_per_second:8.1f} req/s  median {step.median_ms:7.0f} ms  "
            f"p95 {step.p95_ms:7.0f} ms  requests {step.requests:6d}  failures {step.failures}",
            flush=True,
        )
        if not step.within_limit:
            break  # more shoppers would only wait longer
    return steps


def _step(base: str, users: int, plan_path: Path, folder: Path) -> Step:
    prefix = folder / f"step_{users}"
    command = [
        sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
        "--host", base, "--users", str(users), "--spawn-rate", str(max(users // 5, 1)),
        "--run-time", f"{STEP_SECONDS}s", "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING",
    ]  # fmt: skip
    env = {**os.environ, "MIXED_WORKLOAD_PLAN": str(plan_path)}
    subprocess.run(command, cwd=ROOT, env=env, check=False, capture_output=True, text=True)
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        total = next(row for row in csv.DictReader(stats) if row["Name"] == "Aggregated")
    with open(f"{prefix}_failures.csv", encoding="utf-8") as failures:
        for row in csv.DictReader(failures):
            print(f"      failed {row['Occurrences']} x {row['Method']} {row['Name']}: {row['Error'][:160]}")
    return Step(
        users=users,
        requests_per_second=float(total["Requests/s"]),
        median_ms=float(total["Median Response Time"]),
        p95_ms=float(total["95%"]),
        requests=int(total["Request Count"]),
        failures=int(total["Failure Count"]),
    )


def _plan() -> dict:
    """The shoppers' accounts (a token, a session and a default address each), the pages and SKUs they visit;
    the demo's SKUs get stock enough for every order the run can place."""
    from django.conf import settings

    from catalog.models import Sku, SpuStatus, Stock, StorefrontCategory
    from catalog.services.stock import stock_adjust

    for row in Stock.objects.filter(sku__spu__status=SpuStatus.ON_SHELF, on_hand__lt=10**6).select_related(
        "sku", "warehouse"
    ):
        stock_adjust(sku=row.sku, warehouse=row.warehouse, delta=10**6, reason="mixed workload", by=None)
    skus = list(
        Sku.objects.filter(spu__status=SpuStatus.ON_SHELF, is_active=True, price__gt=0, stocks__isnull=False)
        .values_list("pk", flat=True)
        .distinct()
    )
    products = list(Sku.objects.filter(pk__in=skus).values_list("spu_id", flat=True).distinct())
    categories = [f"/c/{pk}/" for pk in StorefrontCategory.objects.values_list("pk", flat=True)]
    return {
        "accounts": _accounts(),
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "skus": skus,
        "products": products,
        "categories": categories,
        "words": SEARCH_WORDS,
    }


def _accounts() -> list[dict]:
    """ACCOUNTS shoppers, made once and kept: each with a fresh token, a fresh session and its default address."""
    from datetime import timedelta

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from members.models import Address, ApiToken, User

    region = Address.objects.filter(user__username="alice").values_list("region_id", flat=True).first()
    accounts = []
    for number in range(ACCOUNTS):
        user, made = User.objects.get_or_create(username=f"bench_shopper_{number:04d}")
        if made:
            user.set_password(os.urandom(16).hex())
            user.save(update_fields=["password"])
        address = Address.objects.filter(user=user, is_default=True).first() or Address.objects.create(
            user=user, name="压测买家", phone="13800000000", region_id=region, detail="测试路1号", is_default=True
        )
        key = ApiToken.new_key()
        ApiToken.objects.create(
            user=user, digest=ApiToken.digest_of(key), expires_at=timezone.now() + timedelta(days=1)
        )
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "members.backends.MemberBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        accounts.append({"token": key, "session": session.session_key, "address": address.pk})
    return accounts
