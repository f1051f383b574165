"""Hot reads compiled once by the ORM and prepared once by PostgreSQL on each connection (marketplace.compiled)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from marketplace.compiled import CompiledRead
from members.backends import MemberBackend
from members.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
        return [statement for (statement,) in cursor.fetchall()]


def test_each_read_gets_its_own_row_from_one_statement_prepared_once():
    xiaoming, xiaohong = UserFactory(username="xiaoming"), UserFactory(username="xiaohong")
    backend = MemberBackend()

    found = [backend.get_user(user.pk) for user in (xiaoming, xiaohong, xiaoming, xiaohong)]

    assert [user.username for user in found] == ["xiaoming", "xiaohong", "xiaoming", "xiaohong"]
    assert found[0].points_balance == xiaoming.points_balance and not found[0]._state.adding
    reads = [statement for statement in prepared() if 'FROM "members_user"' in statement and "$1" in statement]
    assert len(reads) == 1  # prepared once, executed four times
    assert backend.get_user(-1) is None


def test_an_example_missing_from_the_statement_is_refused():
    read = CompiledRead(lambda pk: User.objects.filter(is_active=True).values_list("pk"), pk=-7_301_947)

    with pytest.raises(ImproperlyConfigured, match="'pk' is none of"):
        read.row(pk=1)


def test_an_argument_used_twice_is_put_in_both_places():
    xiaoming = UserFactory(username="xiaoming")
    read = CompiledRead(lambda pk: User.objects.filter(pk=pk).exclude(pk__gt=pk).values_list("username"), pk=-7_301_947)

    assert read.row(pk=xiaoming.pk) == ("xiaoming",)
    assert read.row(pk=xiaoming.pk + 1000) is None
