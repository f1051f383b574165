"""Parcel tracking (物流跟踪): one interface, a simulated provider, and the setting that picks one.

A real provider (a carrier's API, or an aggregator such as Kuaidi100) implements `TrackingProvider`;
`TRACKING_PROVIDER` names the class by dotted path. The simulated provider needs no network: it makes the
events a parcel would have by now from the tracking number and the time since it shipped, so the same parcel
always tells the same story and a demo or a test can move it along by moving the clock.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _


class TrackingStatus(StrEnum):
    PICKED_UP = "picked_up"  # 已揽收
    IN_TRANSIT = "in_transit"  # 运输中
    OUT_FOR_DELIVERY = "out_for_delivery"  # 派送中
    DELIVERED = "delivered"  # 已签收


@dataclass(frozen=True)
class TrackingEvent:
    status: TrackingStatus
    at: datetime
    location: str
    description: str


class TrackingProvider(Protocol):
    def track(self, carrier_code: str, tracking_no: str, *, shipped_at: datetime) -> list[TrackingEvent]:
        """The parcel's events so far, oldest first. `shipped_at` is when the seller handed it over: a real
        provider may ignore it; the simulated one tells its story from it."""
        ...


# Sorting centres (集散中心) a simulated parcel passes through; which one is read from the tracking number.
HUBS = ("上海转运中心", "广州转运中心", "北京转运中心", "武汉转运中心", "成都转运中心", "杭州转运中心")


class SimulatedTrackingProvider:
    """Deterministic events: picked up 1-4 hours after shipping, in transit 6-18 hours later, out for delivery
    1-2 days after that, delivered 1-6 hours later; the lengths are read from a hash of the carrier code and
    tracking number, and only events whose time has come are returned."""

    def __init__(self, clock: Callable[[], datetime] = timezone.now):
        self.clock = clock

    def track(self, carrier_code: str, tracking_no: str, *, shipped_at: datetime) -> list[TrackingEvent]:
        digest = hashlib.sha256(f"{carrier_code}:{tracking_no}".encode()).digest()
        hub = HUBS[digest[0] % len(HUBS)]
        picked_up = shipped_at + timedelta(hours=1 + digest[1] % 4)
        in_transit = picked_up + timedelta(hours=6 + digest[2] % 13)
        out_for_delivery = in_transit + timedelta(hours=24 + digest[3] % 25)
        delivered = out_for_delivery + timedelta(hours=1 + digest[4] % 6)
        story = [
            TrackingEvent(TrackingStatus.PICKED_UP, picked_up, "", _("The courier has picked up the parcel.")),
            TrackingEvent(TrackingStatus.IN_TRANSIT, in_transit, hub, _("The parcel has left %(hub)s.") % {"hub": hub}),
            TrackingEvent(TrackingStatus.OUT_FOR_DELIVERY, out_for_delivery, "", _("The parcel is out for delivery.")),
            TrackingEvent(TrackingStatus.DELIVERED, delivered, "", _("The parcel has been signed for.")),
        ]
        now = self.clock()
        return [event for event in story if event.at <= now]


def tracking_provider() -> TrackingProvider:
    """The provider `settings.TRACKING_PROVIDER` names."""
    return import_string(settings.TRACKING_PROVIDER)()
