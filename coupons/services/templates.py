"""Coupon templates: stores create their own coupons, operators the platform's; a template is stopped, never
deleted, because issued coupons point to it."""

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from coupons.models import (
    CouponKind,
    CouponTemplate,
    CouponTemplateEvent,
    IssueMode,
    RefundPolicy,
    TemplateStatus,
)
from marketplace.exceptions import InvalidInput, InvalidTransition
from marketplace.money import ZERO
from members.models import User
from promotions.goods_scope import goods_scope_check
from promotions.pricing import Channel, GoodsScope
from stores.models import Store

HUNDRED = Decimal(100)
# What a member holds is defined by these; once a coupon is issued they no longer change.
TERMS = frozenset(
    {
        "kind",
        "value",
        "threshold",
        "max_discount",
        "goods",
        "valid_from",
        "valid_to",
        "valid_days",
        "channels",
        "refund_policy",
    }
)
# What may change at any time: how many, to whom, when and how they are given out.
ISSUING = frozenset(
    {
        "name",
        "total",
        "per_user",
        "per_user_per_day",
        "issue_mode",
        "public",
        "claim_from",
        "claim_to",
        "points_cost",
        "issue_on_register",
    }
)


def coupon_template_event_record(*, template: CouponTemplate, type: str, by: User, **data) -> CouponTemplateEvent:
    return CouponTemplateEvent.objects.create(template=template, type=type, by=by, data=data)


@transaction.atomic
def coupon_template_create(
    *,
    by: User,
    store: Store | None,
    name: str,
    kind: str,
    value: Decimal,
    total: int,
    goods: GoodsScope,
    threshold: Decimal = ZERO,
    max_discount: Decimal | None = None,
    valid_from: datetime | None = None,
    valid_to: datetime | None = None,
    valid_days: int | None = None,
    per_user: int | None = 1,
    per_user_per_day: int | None = None,
    issue_mode: str = IssueMode.BOTH,
    public: bool = True,
    claim_from: datetime | None = None,
    claim_to: datetime | None = None,
    points_cost: int = 0,
    channels: Iterable[str] = (),
    refund_policy: str = RefundPolicy.NEVER,
    issue_on_register: bool = False,
) -> CouponTemplate:
    """A store's coupon (`store`, paid by the store) or a platform coupon (`store` None, paid by HQ)."""
    template = CouponTemplate(store=store, created_by=by)
    _assign(
        template,
        name=name,
        kind=kind,
        value=value,
        total=total,
        goods=goods,
        threshold=threshold,
        max_discount=max_discount,
        valid_from=valid_from,
        valid_to=valid_to,
        valid_days=valid_days,
        per_user=per_user,
        per_user_per_day=per_user_per_day,
        issue_mode=issue_mode,
        public=public,
        claim_from=claim_from,
        claim_to=claim_to,
        points_cost=points_cost,
        channels=channels,
        refund_policy=refund_policy,
        issue_on_register=issue_on_register,
    )
    _check(template)
    goods_scope_check(goods, store_id=template.store_id, field="goods")
    template.save()
    coupon_template_event_record(template=template, type="created", by=by)
    return template


@transaction.atomic
def coupon_template_update(*, template: CouponTemplate, by: User, **changes) -> CouponTemplate:
    """Change a template. How it is given out may change at any time (a larger total, a longer claim window);
    its terms (kind, value, goods, validity, refund policy) only until the first coupon is issued, because
    members hold coupons on those terms."""
    unknown = set(changes) - TERMS - ISSUING
    if unknown:
        raise TypeError(f"unknown template fields: {sorted(unknown)}")
    template = CouponTemplate.objects.select_for_update().get(pk=template.pk)
    if template.status == TemplateStatus.STOPPED:
        raise InvalidTransition(_("A stopped coupon cannot be changed."))
    if template.issued and TERMS & set(changes):
        fields = sorted(TERMS & set(changes))
        message = _("Coupons have been issued on these terms; they can no longer change.")
        raise InvalidInput(message, fields={field: [message] for field in fields})
    _assign(template, **changes)
    _check(template)
    if "goods" in changes:
        goods_scope_check(changes["goods"], store_id=template.store_id, field="goods")
    template.save()
    coupon_template_event_record(template=template, type="updated", by=by, fields=sorted(changes))
    return template


@transaction.atomic
def coupon_template_stop(*, template: CouponTemplate, by: User) -> CouponTemplate:
    """Issue no more of this coupon. Coupons already issued stay usable until they expire."""
    template = CouponTemplate.objects.select_for_update().get(pk=template.pk)
    if template.status == TemplateStatus.STOPPED:
        raise InvalidTransition(_("This coupon is already stopped."))
    template.status = TemplateStatus.STOPPED
    template.save(update_fields=["status", "updated_at"])
    coupon_template_event_record(template=template, type="stopped", by=by)
    return template


def _assign(template: CouponTemplate, **fields) -> None:
    if "goods" in fields:
        template.goods_scope = fields.pop("goods")
    if "channels" in fields:
        fields["channels"] = sorted(set(fields["channels"]))
    for name, value in fields.items():
        setattr(template, name, value)


def _refuse(field: str, message: str) -> None:
    raise InvalidInput(message, fields={field: [message]})


def _check(template: CouponTemplate) -> None:
    """The rules a template must follow, with the field to blame; the database CHECKs back the same ones."""
    _check_amounts(template)
    _check_validity(template)
    if template.total < template.issued:
        _refuse("total", _("The total cannot be below the %(issued)s already issued.") % {"issued": template.issued})
    if template.total < 1:
        _refuse("total", _("Issue at least one coupon."))
    for field in ("per_user", "per_user_per_day"):
        if getattr(template, field) is not None and getattr(template, field) < 1:
            _refuse(field, _("A limit is at least 1 (leave it empty for no limit)."))
    if template.claim_from and template.claim_to and template.claim_to <= template.claim_from:
        _refuse("claim_to", _("The claim window must end after it starts."))
    unknown_channels = set(template.channels) - {channel.value for channel in Channel}
    if unknown_channels:
        _refuse("channels", _("Unknown channels: %(channels)s.") % {"channels": ", ".join(sorted(unknown_channels))})
    if template.refund_policy == RefundPolicy.PROPORTIONAL and template.kind != CouponKind.CASH:
        _refuse("refund_policy", _("Only cash coupons are returned in proportion to a partial refund."))
    if template.issue_on_register and not template.is_platform:
        _refuse("issue_on_register", _("Only platform coupons are issued on registration."))


def _check_amounts(template: CouponTemplate) -> None:
    if template.value <= 0:
        _refuse("value", _("The value must be above zero."))
    if template.threshold < 0:
        _refuse("threshold", _("The threshold must not be negative."))
    if template.kind == CouponKind.CASH and template.threshold:
        _refuse("threshold", _("A cash coupon has no threshold; use a threshold coupon."))
    if template.kind == CouponKind.THRESHOLD:
        if template.threshold <= 0:
            _refuse("threshold", _("A threshold coupon needs a threshold."))
        if template.value > template.threshold:
            _refuse("value", _("The amount off cannot be above the threshold."))
    if template.kind == CouponKind.PERCENT and template.value >= HUNDRED:
        _refuse("value", _("A percent coupon's value is the share paid, below 100 (90 pays 90 %)."))
    if template.max_discount is not None:
        if template.kind != CouponKind.PERCENT:
            _refuse("max_discount", _("Only a percent coupon has a maximum discount."))
        if template.max_discount <= 0:
            _refuse("max_discount", _("The maximum discount must be above zero."))


def _check_validity(template: CouponTemplate) -> None:
    if template.valid_days is not None:
        if template.valid_from or template.valid_to:
            _refuse("valid_days", _("Give either a validity window or a number of days, not both."))
        if template.valid_days < 1:
            _refuse("valid_days", _("A coupon is valid for at least one day."))
        return
    if not (template.valid_from and template.valid_to):
        _refuse("valid_to", _("Give a validity window (valid_from and valid_to) or a number of days."))
    if template.valid_to <= template.valid_from:
        _refuse("valid_to", _("The validity must end after it starts."))
