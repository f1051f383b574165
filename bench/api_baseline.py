"""The cost of the API stack itself: a cached public endpoint (regions) against its floor view."""

from bench.harness import Call, compare, report, served


def main() -> None:
    with served() as base:
        report(compare(base, "regions", Call("/api/v1/regions/?parent=310100")))
