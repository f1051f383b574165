"""Logging in by username and password, and finding the logged-in member on every request (Django's ModelBackend),
with the member's row read by a statement compiled once (marketplace.compiled): every logged-in request reads it."""

from django.contrib.auth.backends import ModelBackend

from marketplace.compiled import CompiledRead
from members.models import User

_MEMBER = CompiledRead(lambda pk: User._default_manager.filter(pk=pk), pk=-7_301_947)


class MemberBackend(ModelBackend):
    def get_user(self, user_id):
        user = _MEMBER.instance(pk=user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
