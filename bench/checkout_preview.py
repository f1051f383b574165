"""The checkout preview (POST /api/v1/checkout/preview/) for a 3-line cart over 2 stores and a 20-line one (also
paying part with stored value), on the demo marketplace: requests/s, latency, queries, against the floor view
returning the same bytes."""

from bench.demo_data import bearer, preview_body, seeded, setup_django, stored_value_at_least
from bench.harness import Call, compare, report, served


def main() -> None:
    setup_django()
    seeded()
    stored_value_at_least("alice", "500.00")
    token = bearer("alice")
    small = Call("/api/v1/checkout/preview/", "POST", preview_body("alice", lines={"hq": 2, "sz": 1}), (token,))
    large = Call("/api/v1/checkout/preview/", "POST", preview_body("alice", lines={"hq": 10, "sz": 10}), (token,))
    paid_in_part = Call(
        "/api/v1/checkout/preview/",
        "POST",
        preview_body("alice", lines={"hq": 10, "sz": 10}, stored_value="200.00"),
        (token,),
    )
    with served() as base:
        report(compare(base, "preview_3_lines", small))
        report(compare(base, "preview_20_lines", large))
        report(compare(base, "preview_20_stored_value", paid_in_part))
