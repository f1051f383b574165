"""The one module that records a flash-sale session's history (typed by SessionEventType)."""

from flashsales.models import FlashSession, SessionEvent, SessionEventType


def record(*, session: FlashSession, type: SessionEventType, by=None, **data) -> SessionEvent:
    return SessionEvent.objects.create(session=session, type=type, by=by, data=data)
