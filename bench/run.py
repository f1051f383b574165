"""`make bench [ARGS="name ..."]`: run every benchmark of bench/ (or the named ones) and print their figures."""

import importlib
import sys

# Each module has main(), which prints its figures.
BENCHMARKS = [
    "api_baseline",
    "pricing_engine",
    "checkout_preview",
    "order_submit",
    "catalog",
    "bill_run",
    "reports",
    "flash_sale",
    "mixed_workload",
]


def main(names: list[str]) -> int:
    for name in names or BENCHMARKS:
        print(f"\n## {name}", flush=True)
        importlib.import_module(f"bench.{name}").main()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
