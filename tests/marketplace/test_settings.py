"""The settings module read from the environment, checked in fresh interpreters so each case starts clean."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'DEBUG': s.DEBUG, 'HOSTS': s.ALLOWED_HOSTS, 'DB': s.DATABASES['default']['NAME'], "
    "'DB_HOST': s.DATABASES['default']['HOST'], 'SECURE': s.SESSION_COOKIE_SECURE, 'LANG': s.LANGUAGE_CODE, "
    "'TZ': s.TIME_ZONE, 'USE_TZ': s.USE_TZ, 'ACKS_LATE': s.CELERY_TASK_ACKS_LATE, 'REDIS': s.REDIS_URL}))"
)
PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "a-long-random-production-secret-key-with-enough-entropy-0123456789",
    "ALLOWED_HOSTS": "shop.example.com",
    "PAYMENT_SIMULATED_SECRET": "payment-secret",
}


def run(code_or_args, **env):
    base = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ENV", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}}
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env={**base, "DJANGO_SETTINGS_MODULE": "marketplace.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def probe(**env) -> dict:
    result = run(PROBE, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_development_defaults_are_safe_and_local():
    values = probe(DATABASE_URL="postgres://postgres@127.0.0.1:5432/shop", REDIS_URL="redis://127.0.0.1:6379/2")

    assert values["DEBUG"] is True
    assert values["HOSTS"] == ["127.0.0.1", "localhost", "testserver"]
    assert (values["DB"], values["DB_HOST"], values["REDIS"]) == ("shop", "127.0.0.1", "redis://127.0.0.1:6379/2")
    assert (values["LANG"], values["TZ"], values["USE_TZ"]) == ("zh-hans", "Asia/Shanghai", True)
    assert values["ACKS_LATE"] is True


def test_a_socket_database_url_from_the_embedded_postgres_is_understood():
    values = probe(DATABASE_URL="postgres://postgres@%2Fwork%2Fmain%2Fvar%2Fpostgres/marketplace")

    assert (values["DB"], values["DB_HOST"]) == ("marketplace", "/work/main/var/postgres")


def test_production_turns_debug_off_and_cookies_secure():
    values = probe(**PRODUCTION)

    assert values["DEBUG"] is False
    assert values["SECURE"] is True
    assert values["HOSTS"] == ["shop.example.com"]


@pytest.mark.parametrize("missing", ["SECRET_KEY", "PAYMENT_SIMULATED_SECRET"])
def test_production_refuses_to_start_without_its_secrets(missing):
    env = {key: value for key, value in PRODUCTION.items() if key != missing}

    result = run(PROBE, **env)

    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr


@pytest.mark.parametrize(("name", "value"), [("DEBUG", "maybe"), ("DJANGO_ENV", "staging"), ("DB_CONN_MAX_AGE", "x")])
def test_a_malformed_setting_fails_loudly_naming_it(name, value):
    result = run(PROBE, **{name: value})

    assert result.returncode != 0
    assert name in result.stderr


def test_production_passes_check_deploy_with_no_warning():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_suite_runs_on_the_test_settings():
    """`make test` goes through marketplace.devstack, whose import sets a default settings module: not this one."""
    from django.conf import settings

    assert settings.SETTINGS_MODULE == "tests.settings"


@pytest.mark.django_db
def test_the_sites_connections_never_jit_compile_and_plan_a_prepared_statement_once():
    """A 20-line cart's SKU read passed jit_above_cost and was compiled for 50 ms to run for 2; a 3-line cart's
    was planned afresh each time, for twice its run (bench/RESULTS.md)."""
    from django.db import connection

    from orders.pricing import OWN_SKUS

    for _ in range(7):  # PostgreSQL's own choice tries five custom plans first
        OWN_SKUS.instances(sku_ids=[1, 2, 3])
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE %s",
            ['SELECT "catalog_sku"."id"%'],
        )
        assert cursor.fetchall() == [(7, 0)]
