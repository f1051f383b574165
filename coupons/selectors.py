"""Reads of the coupons center: the coupon center, a member's wallet, a store's templates, statistics, and the
member's coupons as the pricing engine takes them."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from coupons.holders import CouponHolder, CouponHolderKind
from coupons.models import CouponSource, CouponStatus, CouponTemplate, RedeemBatch, UserCoupon
from marketplace.compiled import CompiledRead
from marketplace.money import ZERO
from members.models import User
from promotions import pricing
from stores.models import Store, StoreStatus
from stores.selectors import for_store


def coupon_center(*, now: datetime | None = None, store_id: int | None = None) -> QuerySet[CouponTemplate]:
    """Public templates a member may claim now (领券中心), from the platform and from open stores, ending soonest
    first. `store_id` narrows to one store's coupons (the store page, a product page)."""
    now = now or timezone.now()
    templates = (
        CouponTemplate.objects.claimable(now)
        .filter(Q(store__isnull=True) | Q(store__status=StoreStatus.ACTIVE), public=True)
        .select_related("store")
        .order_by("claim_to", "-id")
    )
    return templates if store_id is None else templates.filter(store_id=store_id)


def templates_for_members() -> QuerySet[CouponTemplate]:
    """Templates a member may reach by id (a shared link to a hidden coupon too): the platform's and open stores'."""
    return CouponTemplate.objects.filter(Q(store__isnull=True) | Q(store__status=StoreStatus.ACTIVE))


def member_coupons(*, user: User, status: str | None = None, now: datetime | None = None) -> QuerySet[UserCoupon]:
    """The member's coupons (我的优惠券), ending soonest first. An unused coupon past its validity is listed as
    expired even before the hourly expiry job has marked it."""
    now = now or timezone.now()
    coupons = UserCoupon.objects.filter(user=user).select_related("template__store").order_by("valid_to", "id")
    if status == CouponStatus.UNUSED:
        return coupons.usable(now)
    if status == CouponStatus.EXPIRED:
        return coupons.filter(Q(status=CouponStatus.EXPIRED) | Q(status=CouponStatus.UNUSED, valid_to__lte=now))
    return coupons if status is None else coupons.filter(status=status)


def store_coupon_templates(*, store: Store) -> QuerySet[CouponTemplate]:
    return for_store(CouponTemplate.objects.select_related("store"), store)


def platform_coupon_templates() -> QuerySet[CouponTemplate]:
    return CouponTemplate.objects.filter(store__isnull=True)


def redeem_batches() -> QuerySet[RedeemBatch]:
    return RedeemBatch.objects.annotate(redeemed=Count("codes", filter=Q(codes__redeemed_at__isnull=False))).order_by(
        "-id"
    )


def coupon_holders(*, user: User, coupon_ids: Collection[int] | None = None) -> dict[int, CouponHolder]:
    """Which of the member's coupons (of `coupon_ids`, when given) are held, and by what: coupon id -> the unpaid
    store order or trade locking it. A locked coupon is always held by an unpaid order or trade (payment uses it,
    cancellation frees it), so this also names every unpaid order of the member that holds a coupon, and there
    are never more of them than coupons. One query; none for no coupon ids."""
    if coupon_ids is not None and not coupon_ids:
        return {}
    coupons = UserCoupon.objects.filter(user=user, status=CouponStatus.LOCKED)
    if coupon_ids is not None:
        coupons = coupons.filter(pk__in=list(coupon_ids))
    return {
        pk: CouponHolder(CouponHolderKind(kind), number)
        for pk, kind, number in coupons.values_list("pk", "locked_by_kind", "locked_by")
    }


def engine_coupons(
    *, user: User, now: datetime | None = None, movable_from: Collection[CouponHolder] = ()
) -> list[pricing.Coupon]:
    """The member's coupons as the pricing engine takes them, in one query however many they hold: every unused
    coupon not yet past its validity (the engine says why one does not fit: not started, below threshold ...),
    and those locked by `movable_from`, the member's unpaid orders, which may move to this order (seed 002)."""
    now = now or timezone.now()
    unused_or_movable = UserCoupon.objects.filter(status=CouponStatus.UNUSED) | UserCoupon.objects.held_by(
        *movable_from
    )
    coupons = (
        unused_or_movable.filter(user=user, valid_to__gt=now).select_related("template").order_by("valid_to", "id")
    )
    return [to_engine(coupon) for coupon in coupons]


def _checkout_coupons(user_id: int, now: datetime) -> QuerySet[UserCoupon]:
    held = [CouponStatus.UNUSED, CouponStatus.LOCKED]
    coupons = UserCoupon.objects.filter(user_id=user_id, status__in=held, valid_to__gt=now)
    return coupons.select_related("template").order_by("valid_to", "id")


# Read by every checkout preview and submission: compiled and prepared once (decision 0036).
_CHECKOUT_COUPONS = CompiledRead(
    _checkout_coupons, user_id=-7_301_947, now=datetime(1901, 2, 3, 4, 5, 6, 789, tzinfo=UTC)
)


def checkout_coupons(*, user: User, now: datetime) -> list[pricing.Coupon]:
    """What `engine_coupons` gives with every holder of the member's movable: the unused coupons not yet past their
    validity and those the member's unpaid orders hold (a locked coupon is always held by one, and may move to
    this order, seed 002). One prepared statement, without first reading the holders."""
    return [to_engine(coupon) for coupon in _CHECKOUT_COUPONS.instances(user_id=user.pk, now=now)]


def to_engine(coupon: UserCoupon) -> pricing.Coupon:
    template = coupon.template
    return pricing.Coupon(
        id=coupon.pk,
        kind=pricing.CouponKind(template.kind),
        value=coupon.face_value,
        valid_from=coupon.valid_from,
        valid_to=coupon.valid_to,
        threshold=template.threshold,
        max_discount=template.max_discount,
        store=template.store_id,
        goods=template.goods_scope,
        channels=template.channel_set,
        template_id=template.pk,
        name=template.name,
    )


@dataclass(frozen=True)
class TemplateStatistics:
    """发券张数, 使用张数 and what they brought (seed 002): `gmv` is the amount of the orders the coupons were
    used on. `issued` counts every coupon given out; `claimed` those members claimed themselves."""

    issued: int
    claimed: int
    distributed: int
    on_registration: int
    redeemed: int
    unused: int
    locked: int
    used: int
    expired: int
    gmv: Decimal

    @property
    def use_rate(self) -> Decimal:
        """Used per issued, in percent to two places."""
        return (Decimal(self.used) * 100 / self.issued).quantize(Decimal("0.01")) if self.issued else ZERO


def template_statistics(*, template: CouponTemplate) -> TemplateStatistics:
    """One aggregate query over the template's coupons (returned coupons are not new issues)."""
    issued = ~Q(source=CouponSource.RETURN)
    row = UserCoupon.objects.filter(template=template).aggregate(
        issued=Count("id", filter=issued),
        claimed=Count("id", filter=Q(source=CouponSource.CLAIM)),
        distributed=Count("id", filter=Q(source=CouponSource.DISTRIBUTE)),
        on_registration=Count("id", filter=Q(source=CouponSource.REGISTER)),
        redeemed=Count("id", filter=Q(source=CouponSource.REDEEM)),
        unused=Count("id", filter=Q(status=CouponStatus.UNUSED)),
        locked=Count("id", filter=Q(status=CouponStatus.LOCKED)),
        used=Count("id", filter=Q(status=CouponStatus.USED)),
        expired=Count("id", filter=Q(status=CouponStatus.EXPIRED)),
        gmv=Sum("used_order_amount", filter=Q(status=CouponStatus.USED), default=ZERO),
    )
    return TemplateStatistics(**row)
