"""The points an order spends and gives back, by the store whose sale earned them (decision 0041).

A trade spends its points in one go (members' ledger takes the lots earliest expiry first and says how many it took
from each store's lots). The trade's points are already split over its orders (by their points discount); here each
order is given the drawn points of its own store first, then the others' in the order they were drawn, so a store
that earned the points its order spends is named on that order. Cancelling or refunding gives points back to the
same stores, its own store's first, each as a fresh lot of that store."""

from members.models import User
from members.services.points import points_return
from orders.models import OrderPoints, StoreOrder


def order_points_record(*, orders: list[StoreOrder], drawn: dict[int | None, int]) -> None:
    """Name where each order's `points_used` came from, out of the trade's `drawn` (store or None -> points)."""
    pool = dict(drawn)
    taken: dict[int, dict[int | None, int]] = {order.pk: {} for order in orders}
    for order in orders:  # its own store's points first
        own = min(order.points_used, pool.get(order.store_id, 0))
        if own:
            taken[order.pk][order.store_id] = own
            pool[order.store_id] -= own
    for order in orders:  # then the rest, in the order drawn
        need = order.points_used - sum(taken[order.pk].values())
        for origin, left in pool.items():
            if need == 0:
                break
            part = min(need, left)
            if part:
                taken[order.pk][origin] = taken[order.pk].get(origin, 0) + part
                pool[origin] -= part
                need -= part
        if need:  # the spend drew fewer than the orders count (it never does): HQ's
            taken[order.pk][None] = taken[order.pk].get(None, 0) + need
    OrderPoints.objects.bulk_create(
        OrderPoints(order=order, store_id=origin, points=points)
        for order in orders
        for origin, points in taken[order.pk].items()
    )


def order_points_give_back(*, order: StoreOrder, user: User, points: int, reference: str) -> None:
    """Give `points` of the order's back to the stores they were earned in, its own store's first, each store's part
    a lot of that store. Called under the order's row lock (cancellation, refund), so `returned` is read and moved
    in turn. An order from before points were recorded by store gives them back as HQ's."""
    for source in order.points_sources.select_for_update().order_by("id"):
        if points == 0:
            return
        part = min(points, source.points - source.returned)
        if part:
            points_return(user=user, points=part, reference=reference, store_id=source.store_id)
            source.returned += part
            source.save(update_fields=["returned"])
            points -= part
    if points:
        points_return(user=user, points=points, reference=reference)
