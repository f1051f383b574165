from datetime import timedelta
from io import StringIO

import pytest
from celery._state import _set_task_join_will_block
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from rest_framework.test import APIClient

from marketplace.redis import outage, redis_client
from members.models import ApiToken
from stores.models import StaffRole
from tests.factories import MembershipFactory, OperatorFactory, StoreFactory, UserFactory


def english_client() -> APIClient:
    """API tests read English messages; the Chinese default is tested on its own (test_pages.py)."""
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def api():
    """An anonymous API client."""
    return english_client()


def client_for(user) -> APIClient:
    """An API client that sends a real bearer token of `user` (not force_authenticate: auth is tested too)."""
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, digest=ApiToken.digest_of(key), expires_at=timezone.now() + timedelta(days=1))
    client = english_client()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    client.user = user
    return client


@pytest.fixture
def shopper(db):
    return UserFactory()


@pytest.fixture
def shopper_api(shopper):
    return client_for(shopper)


@pytest.fixture
def operator(db):
    return OperatorFactory()


@pytest.fixture
def operator_api(operator):
    return client_for(operator)


@pytest.fixture
def store(db):
    return StoreFactory()


@pytest.fixture
def owner(store):
    return MembershipFactory(store=store, role=StaffRole.OWNER).user


@pytest.fixture
def owner_api(owner):
    return client_for(owner)


@pytest.fixture
def clerk_api(store):
    return client_for(MembershipFactory(store=store, role=StaffRole.CLERK).user)


@pytest.fixture
def other_store_owner_api(db):
    return client_for(MembershipFactory(store=StoreFactory(), role=StaffRole.OWNER).user)


@pytest.fixture(autouse=True)
def _celery_may_join_again():
    """Celery's eager mode keeps "a task is running" in one flag for the whole process, and each task restores on
    leaving what it saw on entering: two threads running tasks at once can leave it set, and every later
    `.delay().get()` in this process would be refused as if called inside a task."""
    yield
    _set_task_join_will_block(False)


@pytest.fixture(autouse=True)
def _redis_answering_again():
    """A test that took Redis away leaves the next one a process that tries Redis at once (marketplace.redis)."""
    yield
    outage.since, outage.retry_at = None, 0.0


@pytest.fixture
def redis_down(settings):
    """Redis refuses every connection of the request path (marketplace.redis), as when its server is down."""
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    redis_client.cache_clear()
    yield
    redis_client.cache_clear()


@pytest.fixture(scope="module")
def demo_marketplace(django_db_setup, django_db_blocker):
    """The demo marketplace (seed_demo, several seconds) seeded once for all the tests of a module that read it. It
    lives in a transaction rolled back after the module's last test; each test's own transaction is a savepoint
    inside it, so what one test writes the next never sees."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)
