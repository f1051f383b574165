"""The group buy in orders' play seam (orders/plays.py): two kinds, one per way in. `group_open:<campaign>` opens a
new group of a campaign at the opener's price; `group_join:<group>` takes a place in an open group (the link the
group's page shares). Both price the line in the engine's play lane as `group_buy`."""

from groupbuys import services
from orders.plays import Play, PlayLine


class GroupOpen(Play):
    kind = "group_open"

    def line(self, *, user, ref, sku_id, quantity, now) -> PlayLine:
        return PlayLine(price=services.open_price(campaign_id=ref, sku_id=sku_id, quantity=quantity, now=now))

    def submitted(self, *, order, ref, now) -> None:
        services.group_start(order=order, campaign_id=ref, now=now)

    def paid(self, *, order, now) -> bool:
        return services.member_paid(order=order, now=now)

    def cancelled(self, *, order, now) -> None:
        services.member_cancelled(order=order, now=now)


class GroupJoin(GroupOpen):
    kind = "group_join"

    def line(self, *, user, ref, sku_id, quantity, now) -> PlayLine:
        price = services.join_price(user=user, group_id=ref, sku_id=sku_id, quantity=quantity, now=now)
        return PlayLine(price=price)

    def payment_deadline(self, *, ref, now):
        return services.join_deadline(group_id=ref, now=now)

    def submitted(self, *, order, ref, now) -> None:
        services.group_take_place(order=order, group_id=ref, now=now)


GROUP_OPEN = GroupOpen()
GROUP_JOIN = GroupJoin()
