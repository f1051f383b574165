"""Stock: reserve, release, commit, adjust. The orders center calls the first three; sellers call the last.

Each change of a stock row is one conditional UPDATE whose WHERE clause is the invariant itself
(`on_hand - reserved >= n`), so two buyers of the last unit cannot both succeed: the second UPDATE matches no
row. The CHECK constraints on catalog_stock stand behind it. The SPU's `stock` (its available total, used by
the in-stock filter) is moved by the same delta in the same transaction; it counts the owning store's
warehouses only, since a franchise store's stock of a listed HQ product is the franchise store's to sell.

Lock order, to keep concurrent orders free of deadlocks: stock rows in (SKU id, stock id) order, then SPU
rows in id order. Callers pass all lines of an order in one call and hold no catalog row locks of their own.
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Now
from django.utils.translation import gettext as _

from catalog.exceptions import InsufficientStock, InvalidInput, InvalidTransition
from catalog.models import Sku, Spu, Stock, StockMovement, StockMovementKind, StoreListing
from catalog.storefront_cache import products_changed, storefront_changed
from marketplace.compiled import CompiledInsert, CompiledRead, prepared_cursor
from members.models import User
from stores.models import Warehouse


@dataclass(frozen=True)
class StockLine:
    """`quantity` units of one SKU. `warehouse_id` may be left out only when reserving: the warehouse of the
    selling store that can serve the whole line with the most stock is chosen, and the returned movement says
    which. The selling store is the SKU's own, or `store_id`: a franchise or direct store selling an HQ product
    it lists sells from its own warehouses, and HQ's orders never take a franchise store's stock."""

    sku_id: int
    quantity: int
    warehouse_id: int | None = None
    store_id: int | None = None


def _sorted_lines(lines: Sequence[StockLine], *, warehouse_required: bool) -> list[StockLine]:
    for line in lines:
        if line.quantity <= 0:
            raise InvalidInput(_("A quantity must be positive."), fields={"quantity": [_("Must be at least 1.")]})
        if warehouse_required and line.warehouse_id is None:
            raise InvalidInput(_("Name the warehouse."), fields={"warehouse": [_("This field is required.")]})
    return sorted(lines, key=lambda line: (line.sku_id, line.warehouse_id or 0))


def _skus_of(lines: Sequence[StockLine]) -> dict[int, tuple[int, int]]:
    """SKU id -> (SPU id, store id) for the lines; an unknown SKU is bad input."""
    rows = Sku.objects.filter(pk__in={line.sku_id for line in lines}).values_list("pk", "spu_id", "store_id")
    skus = {pk: (spu_id, store_id) for pk, spu_id, store_id in rows}
    missing = sorted({line.sku_id for line in lines} - set(skus))
    if missing:
        raise InvalidInput(_("Unknown SKU."), fields={"sku": [_("No SKU %(id)s.") % {"id": missing[0]}]})
    return skus


def _warehouse_stores(lines: Sequence[StockLine]) -> dict[int, int]:
    """Warehouse id -> store id for the warehouses the lines name; an unknown warehouse is bad input."""
    named = {line.warehouse_id for line in lines if line.warehouse_id is not None}
    if not named:
        return {}
    stores = dict(Warehouse.objects.filter(pk__in=named).values_list("pk", "store_id"))
    if named - set(stores):
        raise InvalidInput(_("Unknown warehouse."), fields={"warehouse": [_("No such warehouse.")]})
    return stores


def _move_spu_totals(stock_deltas: dict[int, int], sales_deltas: dict[int, int] | None = None) -> None:
    """Shift each SPU's available total (and sales) by the lines' net effect, in one statement however many SPUs
    the lines touch."""
    if update := _spu_totals_update(stock_deltas, sales_deltas):
        _update_from_rows(*update)


def _spu_totals_update(
    stock_deltas: dict[int, int], sales_deltas: dict[int, int] | None = None
) -> tuple[str, list[list]] | None:
    """The UPDATE that shifts the SPUs' totals, and its parameters (None when no SPU moves): its subquery locks the
    SPU rows in id order (FOR UPDATE under ORDER BY locks each row as it comes out of the sort), and the UPDATE
    moves each one only once it is locked."""
    sales_deltas = sales_deltas or {}
    spu_ids = sorted(set(stock_deltas) | set(sales_deltas))
    if not spu_ids:
        return None
    table = Spu._meta.db_table
    return (
        f"UPDATE {table} AS spu SET stock = spu.stock + v.stock, sales = spu.sales + v.sales "
        "FROM UNNEST(%s::bigint[], %s::integer[], %s::integer[]) AS v(id, stock, sales), "
        f"(SELECT id FROM {table} WHERE id = ANY(%s::bigint[]) ORDER BY id FOR UPDATE) AS locked "
        "WHERE spu.id = v.id AND locked.id = v.id",
        [spu_ids, [stock_deltas.get(pk, 0) for pk in spu_ids], [sales_deltas.get(pk, 0) for pk in spu_ids], spu_ids],
    )


def _update_from_rows(sql: str, params: list[list]) -> int:
    """Run an UPDATE ... FROM UNNEST(one array per column): its text is the same for any number of rows, so the
    connection prepares it once (decision 0036). Returns how many rows it changed."""
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _available(sku_id: int, *, warehouse_id: int | None, store_id: int | None) -> int:
    """The most one warehouse can give (lines are not split between warehouses)."""
    stocks = Stock.objects.filter(sku_id=sku_id)
    if warehouse_id is not None:
        stocks = stocks.filter(warehouse_id=warehouse_id)
    if store_id is not None:
        stocks = stocks.filter(warehouse__store_id=store_id)
    return max((stock.available for stock in stocks), default=0)


def _insufficient(line: StockLine, *, store_id: int | None = None) -> InsufficientStock:
    available = _available(line.sku_id, warehouse_id=line.warehouse_id, store_id=store_id)
    return InsufficientStock(
        _("Only %(available)d left of SKU %(sku)d.") % {"available": available, "sku": line.sku_id},
        fields={"sku": [line.sku_id], "available": [available]},
    )


def _stock_rows(sku_ids: list[int]):
    return (
        Stock.objects.select_for_update(of=("self",))
        .filter(sku_id__any=sku_ids)
        .annotate(store_id=F("warehouse__store_id"))
        .order_by("sku_id", "pk")
    )


# Locked by every order submission: compiled and prepared once (decision 0036).
_STOCK_ROWS = CompiledRead(_stock_rows, sku_ids=[-7_301_947])


def _lock_stock_rows(lines: Sequence[StockLine]) -> dict[int, list[Stock]]:
    """Every stock row the lines could take from, locked in (SKU id, stock id) order in one statement, each
    annotated with its warehouse's store; SKU id -> its rows."""
    by_sku: dict[int, list[Stock]] = defaultdict(list)
    for stock in _STOCK_ROWS.instances(sku_ids=sorted({line.sku_id for line in lines})):
        by_sku[stock.sku_id].append(stock)
    return by_sku


def _choose(line: StockLine, rows: list[Stock], *, seller_id: int) -> Stock:
    """The named warehouse's row, or else the selling store's row with the most available stock that covers the
    whole line (lines are not split between warehouses). `available` was taken from the locked rows and is
    lowered as earlier lines of the same call claim it."""
    if line.warehouse_id is not None:
        candidates = [stock for stock in rows if stock.warehouse_id == line.warehouse_id]
    else:
        candidates = [stock for stock in rows if stock.store_id == seller_id]
    best = max(candidates, key=lambda stock: (stock.available, -stock.pk), default=None)
    if best is None or best.available < line.quantity:
        raise _insufficient(line, store_id=None if line.warehouse_id is not None else seller_id)
    best.reserved += line.quantity
    return best


def stock_reserve(
    *,
    lines: Sequence[StockLine],
    reference: str,
    by: User | None = None,
    skus: Mapping[int, tuple[int, int]] | None = None,
    savepoint: bool = True,
) -> list[StockMovement]:
    """Hold goods for an unpaid order: reserved += n where on_hand - reserved >= n. All lines or none
    (InsufficientStock names the first SKU short). Returns one movement per line, naming its warehouse.

    A fixed number of statements whatever the number of lines: the candidate rows are locked in one ordered
    SELECT ... FOR UPDATE, chosen here, and moved by one statement: an UPDATE whose WHERE clause still states the
    invariant, with the SPU totals' update and the movements' insert (CompiledInsert.insert_after). A caller that
    has read the SKUs passes `skus` (SKU id -> (SPU id, owning store id)), saving their read; one whose whole
    transaction fails with this call (order submission) passes `savepoint=False`, saving the savepoint's two
    statements."""
    with transaction.atomic(savepoint=savepoint):
        return _reserve(_sorted_lines(lines, warehouse_required=False), reference, by, skus)


def _reserve(
    lines: list[StockLine], reference: str, by: User | None, skus: Mapping[int, tuple[int, int]] | None
) -> list[StockMovement]:
    skus = skus if skus is not None and {line.sku_id for line in lines} <= set(skus) else _skus_of(lines)
    warehouse_stores = _warehouse_stores(lines)
    rows = _lock_stock_rows(lines)
    movements, stock_deltas, taken = [], defaultdict(int), defaultdict(int)
    for line in lines:
        spu_id, owner_id = skus[line.sku_id]
        seller_id = warehouse_stores[line.warehouse_id] if line.warehouse_id is not None else line.store_id or owner_id
        stock = _choose(line, rows.get(line.sku_id, []), seller_id=seller_id)
        taken[stock.pk] += line.quantity
        if seller_id == owner_id:
            stock_deltas[spu_id] -= line.quantity
        movements.append(
            _INSERT_MOVEMENTS.new(
                sku_id=line.sku_id,
                warehouse_id=stock.warehouse_id,
                kind=StockMovementKind.RESERVE,
                reserved_delta=line.quantity,
                reference=reference,
                by=by,
            )
        )
    stock_ids = sorted(taken)
    reserve = (
        f"UPDATE {Stock._meta.db_table} AS stock SET reserved = stock.reserved + v.quantity, updated_at = now() "
        "FROM UNNEST(%s::bigint[], %s::integer[]) AS v(id, quantity) "
        "WHERE stock.id = v.id AND stock.on_hand - stock.reserved >= v.quantity",
        [stock_ids, [taken[pk] for pk in stock_ids]],
    )
    # The stock rows are locked from _lock_stock_rows to the commit: their update, the SPUs' totals and the
    # movements go in one statement, the transaction's last before its COMMIT.
    spu_totals = _spu_totals_update(stock_deltas)
    updates = [reserve, spu_totals] if spu_totals else [reserve]
    movements, (updated, *_) = _INSERT_MOVEMENTS.insert_after(updates, movements)
    if updated != len(taken):  # cannot happen while the rows are locked; the CHECK constraints stand behind it
        raise InsufficientStock()  # the atomic block rolls back: nothing of the statement stays
    # What is available shows on the products' pages (UPDATEs send no signal); lists only learn of a row emptied.
    if any(stock.available <= 0 for stocks in rows.values() for stock in stocks if stock.pk in taken):
        storefront_changed()
    else:
        products_changed(skus[line.sku_id][0] for line in lines)
    return movements


_INSERT_MOVEMENTS = CompiledInsert(StockMovement)  # every reservation's (decision 0036)


@transaction.atomic
def stock_release(
    *, lines: Sequence[StockLine], reference: str, reason: str = "", by: User | None = None
) -> list[StockMovement]:
    """Give back goods an order held (cancelled, timed out): reserved -= n. Releasing more than is reserved
    is a bug of the caller and is refused."""
    lines = _sorted_lines(lines, warehouse_required=True)
    skus, warehouse_stores = _skus_of(lines), _warehouse_stores(lines)
    movements, stock_deltas = [], defaultdict(int)
    for line in lines:
        updated = Stock.objects.filter(
            sku_id=line.sku_id, warehouse_id=line.warehouse_id, reserved__gte=line.quantity
        ).update(reserved=F("reserved") - line.quantity, updated_at=Now())
        if not updated:
            raise InvalidTransition(_("More stock released than was reserved."), fields={"sku": [line.sku_id]})
        spu_id, owner_id = skus[line.sku_id]
        if warehouse_stores[line.warehouse_id] == owner_id:
            stock_deltas[spu_id] += line.quantity
        movements.append(
            StockMovement(
                sku_id=line.sku_id,
                warehouse_id=line.warehouse_id,
                kind=StockMovementKind.RELEASE,
                reserved_delta=-line.quantity,
                reason=reason,
                reference=reference,
                by=by,
            )
        )
    _move_spu_totals(stock_deltas)
    storefront_changed()  # product pages show what is available (UPDATEs send no signal)
    return StockMovement.objects.bulk_create(movements)


@transaction.atomic
def stock_commit(*, lines: Sequence[StockLine], reference: str, by: User | None = None) -> list[StockMovement]:
    """Goods of a paid order leave: on_hand -= n and reserved -= n (available is unchanged, it was already
    taken by the reservation). Counts the units as sales of their SPU."""
    lines = _sorted_lines(lines, warehouse_required=True)
    skus = _skus_of(lines)
    movements, sales_deltas = [], defaultdict(int)
    for line in lines:
        updated = Stock.objects.filter(
            sku_id=line.sku_id, warehouse_id=line.warehouse_id, reserved__gte=line.quantity
        ).update(reserved=F("reserved") - line.quantity, on_hand=F("on_hand") - line.quantity, updated_at=Now())
        if not updated:
            raise InvalidTransition(_("More stock committed than was reserved."), fields={"sku": [line.sku_id]})
        sales_deltas[skus[line.sku_id][0]] += line.quantity
        movements.append(
            StockMovement(
                sku_id=line.sku_id,
                warehouse_id=line.warehouse_id,
                kind=StockMovementKind.COMMIT,
                on_hand_delta=-line.quantity,
                reserved_delta=-line.quantity,
                reference=reference,
                by=by,
            )
        )
    _move_spu_totals({}, sales_deltas)
    products_changed(sales_deltas.keys())  # their pages show sales at once; lists within the cache's TTL
    return StockMovement.objects.bulk_create(movements)


@transaction.atomic
def stock_adjust(
    *, sku: Sku, warehouse: Warehouse, delta: int, reason: str, by: User | None, reference: str = ""
) -> Stock:
    """Stock-in (delta > 0) or a correction (delta < 0) of one SKU in a warehouse of its store, or of a store
    that lists it (a franchise store stocking HQ's goods). On hand never drops below what orders reserved."""
    lister = StoreListing.objects.filter(store_id=warehouse.store_id, spu_id=sku.spu_id, is_active=True)
    if warehouse.store_id != sku.store_id and not lister.exists():
        raise InvalidInput(
            _("The warehouse belongs to another store."), fields={"warehouse": [_("Not a warehouse of this store.")]}
        )
    if not sku.is_active:
        raise InvalidInput(_("This SKU is no longer sold."), fields={"sku": [_("This SKU is no longer sold.")]})
    if delta == 0:
        raise InvalidInput(_("The change must not be zero."), fields={"delta": [_("Must not be zero.")]})
    stock, _created = Stock.objects.get_or_create(sku=sku, warehouse=warehouse)
    # on_hand + delta >= reserved, written so that PostgreSQL checks it on the row it updates.
    updated = Stock.objects.filter(pk=stock.pk, on_hand__gte=F("reserved") - delta).update(
        on_hand=F("on_hand") + delta, updated_at=Now()
    )
    if not updated:
        stock.refresh_from_db()
        raise InsufficientStock(
            _("Only %(available)d can be taken out: the rest is reserved by orders or not there.")
            % {"available": stock.available},
            fields={"delta": [_("At least %(minimum)d.") % {"minimum": -stock.available}]},
        )
    if warehouse.store_id == sku.store_id:
        _move_spu_totals({sku.spu_id: delta})
    storefront_changed()  # product pages show what is available (UPDATEs send no signal)
    StockMovement.objects.create(
        sku=sku,
        warehouse=warehouse,
        kind=StockMovementKind.ADJUST,
        on_hand_delta=delta,
        reason=reason,
        reference=reference,
        by=by,
    )
    stock.refresh_from_db()
    return stock
