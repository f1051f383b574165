"""Logging in by username and password, and finding the logged-in member on every request (Django's ModelBackend),
with the member's row read by a statement compiled once (marketplace.compiled): every logged-in request reads it.

What every logged-in page asks about its reader comes in that same statement: a center registers a value of the
member's row with `read_with_member` (an expression naming the member as OuterRef("pk"): the cart's units, the
unread messages, the company they buy for) and reads it back with `member_value`. The statement is compiled on the
first request, so registrations belong in an AppConfig.ready().

A page about one thing (a product, a store) may also ask about its reader and that thing (the heart: how many
keep the product among their favourites, and whether this member does). A center registers those values with
`read_with_member_about(kind, values)`, and the page reads its member with them through `member_read_about(request,
kind, id)` before anything else reads the member: still one statement."""

from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Expression, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from marketplace.compiled import CompiledRead
from members.models import ApiToken, User

_WITH_MEMBER: dict[str, Callable[[], Expression]] = {}
_ABOUT: dict[str, Callable[[int], dict[str, Expression]]] = {}
_ABOUT_READS: dict[str, CompiledRead] = {}  # the member's read with each kind's values, compiled on first use
BIGINT_MAX = 2**63 - 1  # an id past it names nothing (and PostgreSQL would refuse it)
_READING_ABOUT: ContextVar[tuple[str, int] | None] = ContextVar("member_read_about", default=None)


def read_with_member(name: str, expression: Callable[[], Expression]) -> None:
    """Read `expression()` with the logged-in member's row on every request, kept as the user's attribute `name`."""
    _WITH_MEMBER[name] = expression


def read_with_member_about(kind: str, values: Callable[[int], dict[str, Expression]]) -> None:
    """When a page about the `kind` numbered `of` reads its member (member_read_about), read `values(of)` with the
    member's row too (expressions naming the member as OuterRef("pk")), kept as the user's attributes."""
    _ABOUT[kind] = values
    _ABOUT_READS.pop(kind, None)


def member_read_about(request, kind: str, of: int) -> None:
    """Read the request's member now, unless it was read already, with the values registered about `kind` number
    `of`; `read_about(user, kind, of)` then says they came. Nothing for a visitor who is not logged in."""
    if kind not in _ABOUT or not 0 < of <= BIGINT_MAX:
        return
    token = _READING_ABOUT.set((kind, of))
    try:
        request.user.is_authenticated  # noqa: B018  (the lazy user is read here, with the values)
    finally:
        _READING_ABOUT.reset(token)


def read_about(user, kind: str, of: int) -> bool:
    """Whether `user` was read with the values registered about `kind` number `of`."""
    return getattr(user, "read_about", None) == (kind, of)


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


def _with_values(members: QuerySet[User]) -> QuerySet[User]:
    return members.annotate(**{name: build() for name, build in _WITH_MEMBER.items()})


def _member(pk: int) -> QuerySet[User]:
    return _with_values(User._default_manager.filter(pk=pk))


def _member_of_token(digest: str, now: datetime) -> QuerySet[User]:
    tokens = ApiToken.objects.filter(digest=digest, expires_at__gt=now)
    return _with_values(User._default_manager.filter(pk=Subquery(tokens.values("user_id")))).annotate(
        token_id=Subquery(tokens.values("pk"))
    )


_MEMBER = CompiledRead(_member, pk=-7_301_947)
_MEMBER_OF_TOKEN = CompiledRead(
    _member_of_token, digest="-7301947-example-digest", now=datetime(2001, 2, 3, 4, 5, 6, 789_012, tzinfo=UTC)
)


def member_of_token(digest: str, now: datetime) -> tuple[User, ApiToken] | None:
    """The member a live API token (by its digest) stands for, read with the registered values as a logged-in
    page's member is, and the token; None for an unknown or expired one. One statement, compiled once."""
    found = _MEMBER_OF_TOKEN.instances(digest=digest, now=now)
    if not found:
        return None
    user = found[0]
    token = ApiToken(pk=user.token_id, user=user, digest=digest)
    token._state.adding = False
    return user, token


def _member_about(kind: str) -> CompiledRead:
    if kind not in _ABOUT_READS:
        values = _ABOUT[kind]
        _ABOUT_READS[kind] = CompiledRead(
            lambda pk, of: _member(pk).annotate(**values(of)), pk=-7_301_947, of=-7_301_948
        )
    return _ABOUT_READS[kind]


class MemberBackend(ModelBackend):
    def get_user(self, user_id):
        about = _READING_ABOUT.get()
        if about is None:
            found = _MEMBER.instances(pk=user_id)
        else:
            found = _member_about(about[0]).instances(pk=user_id, of=about[1])
            for user in found:
                user.read_about = about
        user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None
