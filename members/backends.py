"""Logging in by username and password, and finding the logged-in member on every request (Django's ModelBackend),
with the member's row read by a statement compiled once (marketplace.compiled): every logged-in request reads it.

What every logged-in page asks about its reader comes in that same statement: a center registers a value of the
member's row with `read_with_member` (an expression naming the member as OuterRef("pk"): the cart's units, the
unread messages, the company they buy for) and reads it back with `member_value`. The statement is compiled on the
first request, so registrations belong in an AppConfig.ready()."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Expression, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from marketplace.compiled import CompiledRead
from members.models import User

_WITH_MEMBER: dict[str, Callable[[], Expression]] = {}


def read_with_member(name: str, expression: Callable[[], Expression]) -> None:
    """Read `expression()` with the logged-in member's row on every request, kept as the user's attribute `name`."""
    _WITH_MEMBER[name] = expression


def per_member(rows: QuerySet, by: str, total) -> Coalesce:
    """`total` over `rows` (which name the member by OuterRef("pk") in their field `by`) as a value of the member's
    row, 0 for none: a count or a sum to read with the member."""
    return Coalesce(Subquery(rows.order_by().values(by).annotate(total=total).values("total")), Value(0))


def member_value(request, name: str) -> Any:
    """The value registered as `name`, as read with the member at the start of this request, while it holds: on a
    GET or HEAD, which change nothing. None on other requests, or for a member who came without it."""
    if request.method not in ("GET", "HEAD"):
        return None
    return getattr(request.user, name, None)


def _member(pk: int) -> QuerySet[User]:
    return User._default_manager.filter(pk=pk).annotate(**{name: build() for name, build in _WITH_MEMBER.items()})


_MEMBER = CompiledRead(_member, pk=-7_301_947)


class MemberBackend(ModelBackend):
    def get_user(self, user_id):
        found = _MEMBER.instances(pk=user_id)
        user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None
