"""Group-buy jobs: thin and idempotent. They import their services when they run (the services send them)."""

from celery import shared_task


@shared_task(name="groupbuys.tasks.close_group")
def close_group(group_id: int) -> str:
    """At a group's deadline (sent with its eta when the group opens): succeed or fail it, once."""
    from groupbuys.services import group_close

    return group_close(group_id=group_id).status


@shared_task(name="groupbuys.tasks.close_due_groups")
def close_due_groups() -> int:
    """Every minute: the groups past their deadline whose own job was lost, and late payments not yet refunded."""
    from groupbuys.services import groups_close_due

    return groups_close_due()


@shared_task(name="groupbuys.tasks.refund_late_payment")
def refund_late_payment(order_id: int) -> bool:
    """A payment that came after its group failed: refunded in full, once."""
    from groupbuys.services import late_payment_refund

    return late_payment_refund(order_id=order_id)
