"""Writes of the promotions center: create a promotion (refused on overlap), change one that has not started, and
stop one."""

from datetime import datetime
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.compiled import CompiledInsert
from marketplace.exceptions import InvalidInput, InvalidTransition
from members.models import MemberLevel, User
from promotions.exceptions import PromotionConflict, PromotionStarted
from promotions.goods_scope import covered_skus, goods_scope_errors, sku_errors
from promotions.models import Funder, Promotion, PromotionEvent, PromotionStatus, PromotionUse
from promotions.pricing import GoodsScope, PromotionRule, exclusive_group
from promotions.rules import parse_rules, rules_json
from stores.models import Store


@transaction.atomic
def promotion_create(
    *,
    store: Store | None,
    by: User,
    name: str,
    kind: str,
    rules: dict,
    starts_at: datetime,
    ends_at: datetime,
    scope: GoodsScope,
    channels: list[str] = (),
    member_scope: str = "all",
    member_levels: list[int] = (),
    per_member_limit: int | None = None,
    retail_only: bool = False,
    funder: str | None = None,
    platform_percent: Decimal = Decimal(0),
) -> Promotion:
    """Create a store promotion (`store`) or a platform one (None). Refused with `promotion_conflict`, naming the
    other, when an active promotion of the same exclusive group covers one of the same products in an
    overlapping window. Store promotions are paid by the store; platform ones by HQ unless shared."""
    if ends_at <= starts_at:
        raise InvalidInput(_("A promotion ends after it starts."), fields={"ends_at": [_("Must be after starts_at.")]})
    rule = parse_rules(kind, rules)
    _check_goods(store=store, scope=scope, rule=rule)
    _check_member_levels(member_levels)
    lane, level = exclusive_group(kind, store.pk if store else None)
    promotion = Promotion(
        store=store,
        name=name,
        kind=kind,
        rules=rules_json(rule),
        starts_at=starts_at,
        ends_at=ends_at,
        channels=list(channels),
        member_scope=member_scope,
        member_levels=list(member_levels),
        per_member_limit=per_member_limit,
        retail_only=retail_only,
        funder=funder or (Funder.STORE if store else Funder.PLATFORM),
        platform_percent=platform_percent if funder == Funder.SHARED else Decimal(100 if store is None else 0),
        lane=lane.value,
        level=level.value if level else "",
        created_by=by,
    )
    promotion.goods_scope = scope
    _lock_exclusive_group(lane=promotion.lane, level=promotion.level)
    _refuse_conflicts(promotion)
    promotion.save()
    PromotionEvent.objects.create(promotion=promotion, type="created", by=by)
    return promotion


# What promotion_update may change: what a store gives when it creates one (its funding and store stay).
EDITABLE = frozenset(
    {
        "name",
        "kind",
        "rules",
        "starts_at",
        "ends_at",
        "scope",
        "channels",
        "member_scope",
        "member_levels",
        "per_member_limit",
        "retail_only",
    }
)


@transaction.atomic
def promotion_update(*, promotion: Promotion, by: User, now: datetime | None = None, **changes) -> Promotion:
    """Change a promotion that has not started (its `starts_at` still to come) and is not stopped, with the fields
    of promotion_create; those left out stay as they are. The same checks as creating it (window, rules, goods,
    member levels) and the same overlap check, in which the promotion itself is no rival. Once it has started,
    orders have been priced by its rules: `promotion_started`; a stopped one: `invalid_transition`. The pricing
    configuration and the storefront's copies refresh on commit (the row's signals, promotions/apps.py)."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise TypeError(f"unknown promotion fields: {sorted(unknown)}")
    now = now or timezone.now()
    promotion = Promotion.objects.select_for_update().get(pk=promotion.pk)
    if promotion.status != PromotionStatus.ACTIVE:
        raise InvalidTransition(_("A stopped promotion cannot be changed."))
    if promotion.starts_at <= now:
        raise PromotionStarted()
    kind = changes.get("kind", promotion.kind)
    if kind != promotion.kind and "rules" not in changes:
        message = _("Give the rules of the new kind.")
        raise InvalidInput(message, fields={"rules": [message]})
    starts_at, ends_at = changes.get("starts_at", promotion.starts_at), changes.get("ends_at", promotion.ends_at)
    if ends_at <= starts_at:
        raise InvalidInput(_("A promotion ends after it starts."), fields={"ends_at": [_("Must be after starts_at.")]})
    rule = parse_rules(kind, changes.get("rules", promotion.rules))
    scope = changes.pop("scope", promotion.goods_scope)
    _check_goods(store=promotion.store, scope=scope, rule=rule)
    _check_member_levels(changes.get("member_levels", ()))
    lane, level = exclusive_group(kind, promotion.store_id)
    for name, value in changes.items():
        setattr(promotion, name, list(value) if name in ("channels", "member_levels") else value)
    promotion.rules = rules_json(rule)
    promotion.goods_scope = scope
    promotion.lane, promotion.level = lane.value, level.value if level else ""
    _lock_exclusive_group(lane=promotion.lane, level=promotion.level)
    _refuse_conflicts(promotion)
    promotion.save()
    PromotionEvent.objects.create(promotion=promotion, type="updated", by=by)
    return promotion


def _check_goods(*, store: Store | None, scope: GoodsScope, rule: PromotionRule) -> None:
    """The goods scope names goods that exist (promotions.goods_scope); a store promotes, bundles and gives away
    only its own active SKUs."""
    fields = {}
    store_id = store.pk if store else None
    scope_errors = goods_scope_errors(scope, store_id=store_id)
    if scope_errors:
        fields["scope"] = scope_errors
    rule_errors = sku_errors(rule.named_skus(), store_id=store_id)
    if rule_errors:
        fields["rules"] = rule_errors
    if fields:
        raise InvalidInput(next(iter(fields.values()))[0], fields=fields)


def _check_member_levels(member_levels) -> None:
    """A level that does not exist would silently keep the promotion from every member."""
    unknown = set(member_levels) - set(MemberLevel.objects.filter(pk__in=member_levels).values_list("pk", flat=True))
    if unknown:
        message = _("Unknown member levels: %(ids)s.") % {"ids": sorted(unknown)}
        raise InvalidInput(message, fields={"member_levels": [message]})


def _lock_exclusive_group(*, lane: str, level: str) -> None:
    """Two promotions of one group created at once would each miss the other: a transaction-scoped advisory
    lock per group makes them check one after the other."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"promotion-group:{lane}:{level}"])


def _refuse_conflicts(promotion: Promotion) -> None:
    rivals = (
        Promotion.objects.overlapping(starts_at=promotion.starts_at, ends_at=promotion.ends_at)
        .filter(lane=promotion.lane, level=promotion.level)
        .exclude(pk=promotion.pk)  # an edited promotion is no rival of itself (a new one has no pk: excludes none)
    )
    if promotion.store_id is not None:
        # A store promotion meets its own store's and platform ones (same item-lane group); a platform one meets all.
        rivals = rivals.filter(store_id=promotion.store_id) | rivals.filter(store__isnull=True)
    # The new promotion's SKUs are read once; each rival's are then counted against that list. (A subquery of one
    # scope inside the other's left the planner nothing good to do on fresh tables: seconds per rival.)
    mine = list(_skus(promotion).values_list("pk", flat=True))
    if not mine:
        return
    for rival in rivals.order_by("id"):
        shared = _skus(rival).filter(pk__in=mine).count()
        if shared:
            raise PromotionConflict(
                _("Overlaps promotion #%(id)d “%(name)s” on %(count)d products of the same kind of promotion.")
                % {"id": rival.pk, "name": rival.name, "count": shared},
                fields={"conflicts_with": [{"id": rival.pk, "name": rival.name}]},
            )


def _skus(promotion: Promotion):
    return covered_skus(promotion.goods_scope, store_id=promotion.store_id)


def promotion_uses_record(*, user: User, uses: list[tuple[int, str]]) -> None:
    """The member used each promotion on an order: (promotion id, order number), in the transaction that places
    the orders. The caller keeps the member's orders from being placed at the same moment (a per-member limit is
    counted when the order is priced)."""
    _INSERT_USES.insert(
        [_INSERT_USES.new(promotion_id=promotion_id, user=user, order_no=order_no) for promotion_id, order_no in uses]
    )


_INSERT_USES = CompiledInsert(PromotionUse)  # written by every submission that uses a promotion (decision 0036)


def promotion_uses_return(*, order_no: str) -> int:
    """An order cancelled before payment gives its promotion uses back (seed 002: as coupons come back)."""
    deleted, _ = PromotionUse.objects.filter(order_no=order_no).delete()
    return deleted


@transaction.atomic
def promotion_stop(*, promotion: Promotion, by: User, reason: str = "") -> Promotion:
    """End a promotion now; it never applies again (orders already placed keep their prices)."""
    promotion = Promotion.objects.select_for_update().get(pk=promotion.pk)
    if promotion.status != PromotionStatus.ACTIVE:
        raise InvalidTransition(_("The promotion is already stopped."))
    promotion.status = PromotionStatus.STOPPED
    promotion.save(update_fields=["status"])
    PromotionEvent.objects.create(promotion=promotion, type="stopped", by=by, reason=reason)
    return promotion
