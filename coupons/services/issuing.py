"""Issuing coupons: claimed by a member, distributed by an operator, given on registration, redeemed by code.

Lock order, the same everywhere: the member row(s) first (in pk order when several), then the template row
(its conditional UPDATE or select_for_update). The member lock serialises one member's claims, so the
per-member limits are counted safely; the template's `issued < total` UPDATE lets concurrent members race
for the last coupons without ever issuing one too many. Taking the template last means no cycle and no
deadlock between a claim, a distribution and a registration."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coupons.exceptions import CouponUnavailable
from coupons.models import CouponSource, CouponTemplate, IssueMode, TemplateStatus, UserCoupon
from coupons.services.templates import coupon_template_event_record
from marketplace.exceptions import InvalidInput
from members.models import User
from members.services import InsufficientPoints, points_spend


def _validity(template: CouponTemplate, now: datetime) -> tuple[datetime, datetime]:
    """A coupon's window, fixed when it is issued: the template's, or `valid_days` from now."""
    if template.valid_days is not None:
        return now, now + timedelta(days=template.valid_days)
    return template.valid_from, template.valid_to


def build_coupon(*, template: CouponTemplate, user: User, source: str, now: datetime) -> UserCoupon:
    valid_from, valid_to = _validity(template, now)
    return UserCoupon(
        template=template, user=user, source=source, valid_from=valid_from, valid_to=valid_to, issued_at=now
    )


def take_one(template: CouponTemplate) -> None:
    """Count one more coupon issued, in one statement that refuses to pass the total or a stop."""
    taken = CouponTemplate.objects.filter(pk=template.pk, status=TemplateStatus.ACTIVE, issued__lt=F("total")).update(
        issued=F("issued") + 1
    )
    if not taken:
        stopped = CouponTemplate.objects.filter(pk=template.pk, status=TemplateStatus.STOPPED).exists()
        raise CouponUnavailable("stopped" if stopped else "none_left")


def _lock_members(user_ids) -> list[User]:
    return list(User.objects.select_for_update().filter(pk__in=user_ids).order_by("pk"))


def _limit_reason(template: CouponTemplate, *, held: int, today: int) -> str:
    """Why one more coupon would break the template's per-member limits ("" when it would not)."""
    if template.per_user is not None and held >= template.per_user:
        return "limit_reached"
    if template.per_user_per_day is not None and today >= template.per_user_per_day:
        return "daily_limit_reached"
    return ""


def _held_counts(template: CouponTemplate, user_ids, now: datetime) -> dict[int, tuple[int, int]]:
    """member id -> (coupons of this template ever issued to them, those issued today), in one query. Returned
    coupons are not counted: they give back what a member already had. Called under the members' locks."""
    start_of_day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    rows = (
        UserCoupon.objects.filter(template=template, user_id__in=user_ids)
        .exclude(source=CouponSource.RETURN)
        .values("user_id")
        .annotate(held=Count("id"), today=Count("id", filter=Q(issued_at__gte=start_of_day)))
    )
    return {row["user_id"]: (row["held"], row["today"]) for row in rows}


def _claim_window_reason(template: CouponTemplate, now: datetime) -> str:
    if template.status == TemplateStatus.STOPPED:
        return "stopped"
    if template.issue_mode == IssueMode.DISTRIBUTE:
        return "not_claimable"
    if template.claim_from and now < template.claim_from:
        return "not_started"
    if (template.claim_to and now >= template.claim_to) or (template.valid_to and now >= template.valid_to):
        return "ended"
    return ""


@transaction.atomic
def coupon_claim(*, template: CouponTemplate, user: User, now: datetime | None = None) -> UserCoupon:
    """A member claims a coupon (领取): inside the claim window, within the per-member limits, while coupons are
    left, paying its points if it costs any. Refused with `coupon_unavailable` and the reason."""
    now = now or timezone.now()
    reason = _claim_window_reason(template, now)
    if reason:
        raise CouponUnavailable(reason)
    _lock_members([user.pk])
    held, today = _held_counts(template, [user.pk], now).get(user.pk, (0, 0))
    reason = _limit_reason(template, held=held, today=today)
    if reason:
        raise CouponUnavailable(reason)
    take_one(template)
    if template.points_cost:
        try:
            points_spend(user=user, points=template.points_cost, reference=f"coupon {template.pk}")
        except InsufficientPoints:
            raise CouponUnavailable("insufficient_points") from None
    coupon = build_coupon(template=template, user=user, source=CouponSource.CLAIM, now=now)
    coupon.save()
    return coupon


@dataclass
class Distribution:
    """What an operator's distribution did: the coupons issued, and each member left out with the reason."""

    issued: list[UserCoupon] = field(default_factory=list)
    skipped: dict[int, str] = field(default_factory=dict)


MAX_DISTRIBUTION = 1000


@transaction.atomic
def coupon_distribute(
    *, template: CouponTemplate, user_ids: list[int], by: User, now: datetime | None = None
) -> Distribution:
    """An operator gives one coupon to each listed member (发放: after-sales compensation, a campaign), within the
    total and the per-member limits; who got none is reported with the reason, in the order given."""
    now = now or timezone.now()
    user_ids = list(dict.fromkeys(user_ids))
    if len(user_ids) > MAX_DISTRIBUTION:
        raise InvalidInput(_("Distribute to at most %(n)s members at a time.") % {"n": MAX_DISTRIBUTION})
    if template.issue_mode == IssueMode.CLAIM:
        raise CouponUnavailable("not_claimable", _("This coupon is claimed by members, not distributed."))
    members = {member.pk: member for member in _lock_members(user_ids)}
    template = CouponTemplate.objects.select_for_update().get(pk=template.pk)
    if template.status == TemplateStatus.STOPPED:
        raise CouponUnavailable("stopped")
    if template.valid_to and now >= template.valid_to:
        raise CouponUnavailable("ended")
    counts = _held_counts(template, list(members), now)
    result = Distribution()
    left = template.remaining
    for user_id in user_ids:
        held, today = counts.get(user_id, (0, 0))
        reason = "unknown_member" if user_id not in members else _limit_reason(template, held=held, today=today)
        if not reason and left == 0:
            reason = "none_left"
        if reason:
            result.skipped[user_id] = reason
            continue
        result.issued.append(
            build_coupon(template=template, user=members[user_id], source=CouponSource.DISTRIBUTE, now=now)
        )
        left -= 1
    UserCoupon.objects.bulk_create(result.issued)
    CouponTemplate.objects.filter(pk=template.pk).update(issued=F("issued") + len(result.issued))
    coupon_template_event_record(
        template=template, type="distributed", by=by, issued=len(result.issued), skipped=len(result.skipped)
    )
    return result


def coupon_issue_on_registration(*, user: User, now: datetime | None = None) -> list[UserCoupon]:
    """New-member coupons (新人券): one of every active platform template marked for registration, while any are
    left. A template that has run out is skipped: registration never fails for want of a coupon."""
    now = now or timezone.now()
    issued = []
    templates = CouponTemplate.objects.filter(issue_on_register=True, status=TemplateStatus.ACTIVE, store=None).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=now)
    )
    for template in templates.order_by("pk"):
        try:
            with transaction.atomic():
                _lock_members([user.pk])
                take_one(template)
                coupon = build_coupon(template=template, user=user, source=CouponSource.REGISTER, now=now)
                coupon.save()
        except CouponUnavailable:
            continue
        issued.append(coupon)
    return issued
