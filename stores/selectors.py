"""Reads of the stores center, and the store scoping every app's seller views rely on."""

import math
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import F, FloatField, Q, QuerySet, Value
from django.db.models.functions import ACos, Cos, Least, Radians, Sin

from members.models import User
from stores.models import Store, StoreEvent, StoreEventType, StoreMembership, StoreStatus, Warehouse

EARTH_RADIUS_KM = 6371.0
KM_PER_DEGREE_LATITUDE = 111.0


def membership_of(user: User) -> StoreMembership | None:
    """The user's store membership with its store, or None for a shopper. Fetched once per request: the
    result is kept on the user object, so permission checks and views share one query."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_membership_cache"):
        user._membership_cache = (
            StoreMembership.objects.select_related("store")
            .filter(user=user, store__status__in=[StoreStatus.ACTIVE, StoreStatus.FROZEN])
            .first()
        )
    return user._membership_cache


def application_of(*, user: User) -> Store | None:
    """The user's latest application to open a store (whatever became of it), or None. Only the user's own: the
    applicant's pages name no application id, so another's cannot be asked for."""
    return Store.objects.select_related("region").filter(applicant=user).order_by("-created_at", "-pk").first()


def rejection_reason(*, store: Store) -> str:
    """Why the application was last rejected, in the operator's words (the REJECTED event's reason)."""
    event = store.events.filter(type=StoreEventType.REJECTED).order_by("-at", "-pk").first()
    return event.reason if event else ""


def application_history(*, store: Store) -> list[StoreEvent]:
    """The application's steps, oldest first: applied, rejected (with the reason), resubmitted, approved."""
    steps = [StoreEventType.APPLIED, StoreEventType.REJECTED, StoreEventType.RESUBMITTED, StoreEventType.APPROVED]
    return list(store.events.filter(type__in=steps).order_by("at", "pk"))


def for_store(queryset: QuerySet, store: Store, *, field: str = "store") -> QuerySet:
    """The one way a staff member's queryset is narrowed to their store. `field` is the lookup path from the
    queryset's model to its store ("store", "order__store", "sku__spu__store")."""
    return queryset.filter(**{field: store})


def store_staff(*, store: Store) -> QuerySet[StoreMembership]:
    return for_store(StoreMembership.objects.select_related("user"), store).order_by("id")


def store_warehouses(*, store: Store) -> QuerySet[Warehouse]:
    return for_store(Warehouse.objects.all(), store)


def stores_nearby(*, latitude: Decimal, longitude: Decimal, radius_km: float = 50) -> QuerySet[Store]:
    """Active stores within `radius_km`, nearest first, each annotated with `distance_km` (great-circle).

    A bounding box on latitude / longitude keeps the trigonometry to the few rows near the point."""
    lat, lng = float(latitude), float(longitude)
    lat_span = radius_km / KM_PER_DEGREE_LATITUDE
    lng_span = radius_km / max(KM_PER_DEGREE_LATITUDE * abs(math.cos(math.radians(lat))), 1e-6)
    here_lat, here_lng = Radians(Value(lat)), Radians(Value(lng))
    cosine = Cos(here_lat) * Cos(Radians(F("latitude"))) * Cos(Radians(F("longitude")) - here_lng) + Sin(
        here_lat
    ) * Sin(Radians(F("latitude")))
    return (
        Store.objects.active()
        .filter(
            latitude__range=(lat - lat_span, lat + lat_span),
            longitude__range=(lng - lng_span, lng + lng_span),
        )
        .annotate(distance_km=Value(EARTH_RADIUS_KM) * ACos(Least(Value(1.0), cosine), output_field=FloatField()))
        .filter(distance_km__lte=radius_km)
        .order_by("distance_km", "id")
    )


def map_link(store: Store) -> str:
    """A link that opens the store on a map (Amap's marker URI: no key, works on phones and desktops)."""
    query = urlencode({"position": f"{store.longitude},{store.latitude}", "name": store.name})
    return f"https://uri.amap.com/marker?{query}"


def stores_in_city(*, city: str) -> QuerySet[Store]:
    """Active stores whose region (or its parent) is named like `city` (a typed city: 杭州, 杭州市)."""
    city = city.strip().removesuffix("市")
    return (
        Store.objects.active()
        .filter(Q(region__name__startswith=city) | Q(region__parent__name__startswith=city))
        .select_related("region")
        .order_by("name", "pk")
    )
