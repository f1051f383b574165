"""Hot reads compiled once by the ORM and prepared once by PostgreSQL on each connection (marketplace.compiled)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from marketplace.compiled import CompiledInsert, CompiledRead
from members.backends import MemberBackend
from members.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
        return [statement for (statement,) in cursor.fetchall()]


def test_each_read_gets_its_own_row_from_one_statement_prepared_once():
    xiaoming, xiaohong = UserFactory(username="xiaoming"), UserFactory(username="xiaohong")
    backend = MemberBackend()

    found = [backend.get_user(user.pk) for user in (xiaoming, xiaohong, xiaoming, xiaohong)]

    assert [user.username for user in found] == ["xiaoming", "xiaohong", "xiaoming", "xiaohong"]
    assert found[0].points_balance == xiaoming.points_balance and not found[0]._state.adding
    reads = [statement for statement in prepared() if 'FROM "members_user"' in statement and "$1" in statement]
    assert len(reads) == 1  # prepared once, executed four times
    assert backend.get_user(-1) is None


def test_an_example_missing_from_the_statement_is_refused():
    read = CompiledRead(lambda pk: User.objects.filter(is_active=True).values_list("pk"), pk=-7_301_947)

    with pytest.raises(ImproperlyConfigured, match="'pk' is none of"):
        read.row(pk=1)


def test_an_argument_used_twice_is_put_in_both_places():
    xiaoming = UserFactory(username="xiaoming")
    read = CompiledRead(lambda pk: User.objects.filter(pk=pk).exclude(pk__gt=pk).values_list("username"), pk=-7_301_947)

    assert read.row(pk=xiaoming.pk) == ("xiaoming",)
    assert read.row(pk=xiaoming.pk + 1000) is None


def test_a_compiled_insert_writes_what_bulk_create_would_in_one_prepared_statement():
    from django.utils import timezone

    from stores.models import StoreEvent, StoreEventType
    from tests.factories import StoreFactory

    store, by = StoreFactory(), UserFactory(username="xiaoming")
    insert = CompiledInsert(StoreEvent)
    kind = next(iter(StoreEventType))
    before = timezone.now()

    written = insert.insert(
        [
            StoreEvent(store=store, type=kind, by=by, reason="开店", data={"规格": ["黑色", 2]}),
            StoreEvent(store=store, type=kind, by=by),
        ]
    )
    insert.insert([StoreEvent(store=store, type=kind, by=by, reason="again")])

    rows = list(
        StoreEvent.objects.filter(store=store).order_by("pk").values("pk", "type", "by", "reason", "data", "at")
    )
    assert [row["pk"] for row in rows[:2]] == [event.pk for event in written]  # the keys come back in order
    assert [(row["type"], row["by"], row["reason"], row["data"]) for row in rows] == [
        (kind.value, by.pk, "开店", {"规格": ["黑色", 2]}),  # an enum as its value, JSON as JSON
        (kind.value, by.pk, "", {}),
        (kind.value, by.pk, "again", {}),
    ]
    assert all(row["at"] >= before for row in rows)  # auto_now_add set as save() sets it
    assert not written[0]._state.adding
    inserts = [statement for statement in prepared() if statement.startswith('INSERT INTO "stores_storeevent"')]
    assert len(inserts) == 1 and "json_populate_recordset" in inserts[0]  # one text for one row or two


def test_a_new_row_is_what_the_models_constructor_builds():
    from decimal import Decimal

    from orders.models import OrderLine, StoreOrder

    order = StoreOrder(order_no="S1", store_id=7, user_id=8, trade_id=9, payable=Decimal("12.30"))
    values = {"order": order, "sku_id": 3, "spu_id": 4, "title": "手机", "unit_price": Decimal("6.15"), "quantity": 2}

    built, made = CompiledInsert(OrderLine).new(**values), OrderLine(**values)

    fields = [field.attname for field in OrderLine._meta.concrete_fields]
    assert [getattr(built, name) for name in fields] == [getattr(made, name) for name in fields]  # defaults too
    assert built.order is order and built._state.adding
    with pytest.raises(TypeError, match="quantiy"):
        CompiledInsert(OrderLine).new(quantiy=2)


def test_a_row_names_the_parent_inserted_just_before_it():
    from decimal import Decimal

    from django.utils import timezone

    from orders.models import OrderLine, StoreOrder, Trade
    from tests.catalog.factories import PhoneCatalog
    from tests.factories import StoreFactory

    buyer, sku = UserFactory(username="xiaoming"), PhoneCatalog().phone(StoreFactory()).skus.first()
    (trade,) = CompiledInsert(Trade).insert(
        [CompiledInsert(Trade).new(trade_no="T1", user=buyer, payable=Decimal("9.90"), expires_at=timezone.now())]
    )
    price, zero = Decimal("9.90"), Decimal("0.00")
    numbers = {"order_no": "S1", "payment_no": "P1", "store_id": sku.store_id}
    amounts = {"subtotal": price, "discount": zero, "freight": zero, "payable": price}
    receiver = {"receiver_name": "张三", "receiver_phone": "13900000000", "receiver_region_id": "310104"}
    order = CompiledInsert(StoreOrder).new(trade=trade, user=buyer, **numbers, **amounts, **receiver)
    line = CompiledInsert(OrderLine).new(
        order=order,
        sku_id=sku.pk,
        spu_id=sku.spu_id,
        warehouse_id=sku.stocks.first().warehouse_id,
        quantity=1,
        unit_price=price,
        amount=price,
        payable=price,
        commission_percent=5,
    )
    assert order.pk is None and line.order_id is None  # built before its order has a key

    CompiledInsert(StoreOrder).insert([order])
    CompiledInsert(OrderLine).insert([line])

    assert OrderLine.objects.get(pk=line.pk).order.order_no == "S1"
    assert StoreOrder.objects.get(pk=order.pk).trade_id == trade.pk


def test_a_compiled_insert_keeps_money_to_the_cent_and_moments_to_the_microsecond():
    from datetime import UTC, datetime
    from decimal import Decimal

    from orders.models import Trade

    buyer = UserFactory(username="xiaoming")
    deadline = datetime(2026, 12, 7, 13, 30, 15, 123456, tzinfo=UTC)

    (trade,) = CompiledInsert(Trade).insert(
        [Trade(trade_no="T1", user=buyer, payable=Decimal("1234567890.05"), points_used=7, expires_at=deadline)]
    )

    stored = Trade.objects.get(pk=trade.pk)
    assert (stored.payable, stored.stored_value, stored.points_used) == (Decimal("1234567890.05"), Decimal("0"), 7)
    assert stored.expires_at == deadline and stored.created_at is not None


def test_updates_run_with_an_insert_in_one_statement_and_say_how_many_rows_each_changed(django_assert_num_queries):
    from stores.models import StoreEvent, StoreEventType
    from tests.factories import StoreFactory

    store, other, by = StoreFactory(), StoreFactory(), UserFactory(username="xiaoming")
    kind = next(iter(StoreEventType))
    rename = ('UPDATE "stores_store" SET name = %s WHERE id = ANY(%s::bigint[])', ["改名店", [store.pk, other.pk]])
    nothing = ('UPDATE "members_user" SET first_name = %s WHERE id = %s', ["无", -1])

    with django_assert_num_queries(1):
        written, counts = CompiledInsert(StoreEvent).insert_after(
            [rename, nothing], [StoreEvent(store=store, type=kind, by=by), StoreEvent(store=other, type=kind, by=by)]
        )

    assert counts == [2, 0]
    assert [event.store_id for event in StoreEvent.objects.filter(pk__in=[e.pk for e in written]).order_by("pk")] == [
        store.pk,
        other.pk,
    ]
    store.refresh_from_db()
    assert store.name == "改名店"


def test_a_token_reads_its_member_with_the_registered_values_in_one_statement():
    from datetime import timedelta

    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from members.backends import member_of_token
    from members.models import ApiToken

    xiaoming = UserFactory(username="xiaoming")
    token = ApiToken.objects.create(user=xiaoming, digest="d" * 64, expires_at=timezone.now() + timedelta(days=1))
    ApiToken.objects.create(user=xiaoming, digest="e" * 64, expires_at=timezone.now() - timedelta(seconds=1))

    with CaptureQueriesContext(connection) as queries:
        user, found = member_of_token("d" * 64, timezone.now())

    assert len(queries) == 1
    assert (user.username, found.pk, found.user is user) == ("xiaoming", token.pk, True)
    assert (user.cart_units, user.unread_count, user.level_percent) == (0, 0, None)
    assert member_of_token("e" * 64, timezone.now()) is None  # expired
    assert member_of_token("f" * 64, timezone.now()) is None  # unknown


def test_compiled_instances_are_the_orms_with_their_related_objects_and_deferred_fields():
    from catalog.models import Sku
    from tests.catalog.factories import PhoneCatalog
    from tests.factories import StoreFactory

    spu = PhoneCatalog().phone(StoreFactory(name="华为旗舰店"), colours=("黑色", "白色"))
    read = CompiledRead(
        lambda ids: Sku.objects.filter(pk__any=ids).select_related("spu__store", "spu__category").defer("barcode"),
        ids=[-7_301_947],
    )
    ids = sorted(spu.skus.values_list("pk", flat=True))

    built = sorted(read.instances(ids=ids), key=lambda sku: sku.pk)
    orm = list(Sku.objects.filter(pk__in=ids).select_related("spu__store", "spu__category").defer("barcode"))
    orm.sort(key=lambda sku: sku.pk)

    def fields(instance):
        return {name: value for name, value in vars(instance).items() if not name.startswith("_")}

    assert [fields(sku) for sku in built] == [fields(sku) for sku in orm] and "barcode" not in fields(built[0])
    assert [(fields(sku.spu), fields(sku.spu.store), fields(sku.spu.category)) for sku in built] == [
        (fields(sku.spu), fields(sku.spu.store), fields(sku.spu.category)) for sku in orm
    ]
    sku = built[0]
    assert (sku._state.adding, sku._state.db, sku.barcode) == (False, "default", orm[0].barcode)  # read when asked
    sku.price = sku.price + 1
    sku.save(update_fields=["price"])  # an UPDATE of the row it came from
    assert Sku.objects.get(pk=sku.pk).price == orm[0].price + 1 and Sku.objects.filter(pk__in=ids).count() == len(ids)
