"""Tracking through a provider interface: the simulated provider tells each parcel's story deterministically
from its tracking number and the time since it shipped; the setting picks the provider."""

from datetime import UTC, datetime, timedelta

from django.utils import translation

from logistics.tracking import SimulatedTrackingProvider, TrackingStatus, tracking_provider

SHIPPED = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def events_after(elapsed: timedelta, tracking_no: str = "SF1234567890", carrier: str = "SF"):
    provider = SimulatedTrackingProvider(clock=lambda: SHIPPED + elapsed)
    return provider.track(carrier, tracking_no, shipped_at=SHIPPED)


def test_nothing_has_happened_the_moment_a_parcel_ships():
    assert events_after(timedelta(0)) == []


def test_the_parcel_is_picked_up_within_hours_and_delivered_within_three_days():
    assert [event.status for event in events_after(timedelta(hours=4))] == [TrackingStatus.PICKED_UP]
    assert [event.status for event in events_after(timedelta(days=3, hours=4))] == [
        TrackingStatus.PICKED_UP,
        TrackingStatus.IN_TRANSIT,
        TrackingStatus.OUT_FOR_DELIVERY,
        TrackingStatus.DELIVERED,
    ]


def test_events_come_oldest_first_and_never_later_than_now():
    for hours in range(0, 80, 3):
        events = events_after(timedelta(hours=hours))
        times = [event.at for event in events]
        assert times == sorted(times)
        assert all(SHIPPED < at <= SHIPPED + timedelta(hours=hours) for at in times)


def test_the_same_parcel_always_tells_the_same_story_and_another_parcel_its_own():
    late = timedelta(days=5)
    assert events_after(late) == events_after(late)
    stories = {tuple(e.at for e in events_after(late, tracking_no=f"ZT{n:010d}", carrier="ZTO")) for n in range(20)}
    assert len(stories) > 1


def test_a_story_only_grows_as_time_passes():
    earlier, later = events_after(timedelta(hours=20)), events_after(timedelta(days=2))
    assert later[: len(earlier)] == earlier


def test_the_transit_event_names_a_sorting_centre_and_descriptions_follow_the_language():
    with translation.override("en"):
        in_transit = events_after(timedelta(days=5))[1]
    assert in_transit.location.endswith("转运中心")
    assert in_transit.location in in_transit.description


def test_the_setting_picks_the_provider(settings):
    assert isinstance(tracking_provider(), SimulatedTrackingProvider)

    settings.TRACKING_PROVIDER = "tests.logistics.test_tracking.SilentProvider"
    assert isinstance(tracking_provider(), SilentProvider)


class SilentProvider:
    def track(self, carrier_code, tracking_no, *, shipped_at):
        return []
