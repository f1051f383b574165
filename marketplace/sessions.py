"""Sessions in PostgreSQL (settings.SESSION_ENGINE; a logout must hold even when Redis missed it), read on every
logged-in request by a statement compiled once (marketplace.compiled) instead of a queryset built anew."""

from datetime import UTC, datetime

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from marketplace.compiled import CompiledRead

_LIVE = CompiledRead(
    lambda key, now: Session.objects.filter(session_key=key, expire_date__gt=now).only("session_key", "session_data"),
    key="\x00example session key",
    now=datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC),
)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        if not self.session_key:
            return None
        return _LIVE.instance(key=self.session_key, now=timezone.now())
