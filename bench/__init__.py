"""Benchmarks: run with `make bench`; they print figures and never pass or fail (bench/RESULTS.md keeps them)."""
