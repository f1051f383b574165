"""The one module that records the group buy's history (typed by EventType) and tells members what became of their
group."""

from groupbuys.models import Campaign, Event, EventType, Group


def record(*, campaign: Campaign, type: EventType, group: Group | None = None, by=None, **data) -> Event:
    return Event.objects.create(campaign=campaign, group=group, type=type, by=by, data=data)
