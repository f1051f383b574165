# Two commands for a new machine that has Python 3.11+ and make:
#   make run    the marketplace on http://127.0.0.1:8000 (web, Celery worker and beat), with demo data
#   make test   the whole test suite
# Both create .venv and install the pinned dependencies of pyproject.toml when it changes.
#   make manage ARGS="createsuperuser"   any manage.py command against the same servers as make run

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test manage services bench lint format clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m marketplace.devstack run

test: $(STAMP)
	$(PY) -m marketplace.devstack test $(ARGS)

manage: $(STAMP)
	$(PY) -m marketplace.devstack manage $(ARGS)

services: $(STAMP)
	$(PY) -m marketplace.devstack services

# Benchmarks (bench/, figures in bench/RESULTS.md). They load gunicorn with wrk and PostgreSQL with pgbench
# (Debian's wrk and postgresql-client packages), and the mixed workload with Locust (the `bench` extra).
bench: $(STAMP)
	@$(PY) -m pip install --quiet ".[bench]"
	@command -v wrk >/dev/null || apt-get install -y wrk >/dev/null || { echo "install wrk first"; exit 1; }
	@command -v pgbench >/dev/null || apt-get install -y postgresql-client >/dev/null || { echo "install pgbench"; exit 1; }
	$(PY) -m marketplace.devstack bench $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) build *.egg-info
