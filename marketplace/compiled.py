"""Hot reads whose SQL the ORM writes once, and PostgreSQL plans once (decision 0036); hot inserts likewise.

A logged-in shopper's page served from the cache costs a session, a user and a few counts: each a one-row read by
an index that PostgreSQL answers in a few dozen microseconds, while Django spends close to a millisecond building
and compiling the queryset every time. A `CompiledRead` is given the function that builds the queryset and an
example value for each argument; on first use it compiles the queryset built with the examples, finds where each
example went among the statement's parameters, and from then on only puts the asker's values in their places.

Its statements are sent with their parameters bound by the server and prepared on each connection the first time
(Django binds on the client and prepares nothing, which a pooler in transaction mode needs of arbitrary SQL):
PostgreSQL then skips parsing and planning, about half of its work for a one-row read, and the client does not
quote the values into the text. The statements are few and fixed, so the connection keeps a handful of them.

The examples must be values no query would hold otherwise (each must appear among the parameters, which is
checked; it may appear more than once), of the type the real values have, and the queryset's shape may not depend
on them. A list of ids keeps one text whatever its length through the `any` lookup (`pk__any=[-7_301_947]`:
`"id" = ANY(%s::bigint[])`, the list one parameter), where `pk__in` would write one placeholder per id.

A `CompiledInsert` writes a model's rows the same way: one statement whose text never changes, prepared, its one
parameter the rows as a JSON array that PostgreSQL reads into the table's row type (`json_populate_recordset`).
`bulk_create` compiles the statement and prepares every value of every row in Python on each call, then psycopg
quotes each into the text: for the handful of rows an order submission writes, more than PostgreSQL's own work.
JSON, because the json module writes it in C, where psycopg writes an array parameter element by element in Python
(one array per column was a tenth of a submission's CPU)."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from functools import cache, cached_property
from typing import Any
from uuid import UUID

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.db.models import DateField, Field, ForeignKey, JSONField, Lookup, Model, QuerySet
from django.db.models.base import ModelState
from django.db.models.query import get_related_populators
from django.db.models.signals import post_init, pre_init


class _PreparedCursor(ServerBindingCursor):
    """psycopg's cursor with server-side binding, preparing what it executes (Django's connections have no
    prepare threshold, so nothing is prepared unless asked)."""

    def execute(self, query, params=None, *, prepare=True, binary=None):
        return super().execute(query, params, prepare=prepare, binary=binary)


class _Kept:
    """A wrapper of the connection's kept cursor: leaving its `with` block leaves the cursor open for the next
    statement (a cursor made and closed for each statement was a third of the client's work for a one-row read)."""

    def __exit__(self, *exc_info) -> None:
        return None


class _KeptCursor(_Kept, CursorWrapper):
    pass


class _LoggedCursor(_Kept, CursorDebugWrapper):
    """Django's logging wrapper (tests, DEBUG), logging the statement's text as sent with its values beside it: the
    text Django would rebuild from psycopg's last query is not kept for a prepared statement."""

    def execute(self, sql, params=None):
        with self.debug_sql(sql, params):
            return CursorWrapper.execute(self, sql, params)


def prepared_cursor() -> CursorWrapper:
    """A cursor whose statements PostgreSQL prepares on this connection the first time (psycopg keeps the 100 last
    used), for statements whose text does not change; wrapped as Django wraps its own, so errors are Django's and
    tests count its queries. The connection keeps one such cursor for all of them: each use reads what it executed
    before the next statement runs."""
    db = connections[DEFAULT_DB_ALIAS]
    db.ensure_connection()
    cursor = getattr(db, "_prepared_cursor", None)
    if cursor is None or cursor.connection is not db.connection:  # none yet, or the connection was opened again
        db.validate_thread_sharing()
        cursor = db._prepared_cursor = _PreparedCursor(db.connection)
    return _LoggedCursor(cursor, db) if db.queries_logged else _KeptCursor(cursor, db)


class AnyOf(Lookup):
    """`field__any=[...]`: the field equals one of the list, sent as one array parameter (PostgreSQL's `= ANY`),
    so the statement's text does not depend on the list's length and one prepared statement serves every cart."""

    lookup_name = "any"
    prepare_rhs = False

    def get_prep_lookup(self):
        return list(self.rhs)

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        array = f"{self.lhs.output_field.db_type(connection)}[]"
        return f"{lhs} = ANY(%s::{array})", (*lhs_params, self.rhs)


Field.register_lookup(AnyOf)
ForeignKey.register_lookup(AnyOf)  # a foreign key keeps its own short list of lookups: its ids are plain values


@dataclass(frozen=True)
class _Compiled:
    model: type[Model]
    sql: str
    params: list
    slots: dict[str, list[int]]  # where each argument goes among the parameters
    attnames: list[str]  # the model's fields in the order of the statement's columns
    converters: dict  # the compiler's per-column conversions (a JSON field's parsing, say); most columns have none
    compiler: Any  # for `instances`: what the ORM's model iterable reads to build rows with their related objects


class CompiledRead:
    def __init__(self, build: Callable[..., QuerySet], **examples: Any) -> None:
        self.build, self.examples = build, examples
        self._compiled: _Compiled | None = None

    def _compile(self) -> _Compiled:
        queryset = self.build(**self.examples)
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        params, slots = list(params), {}
        for name, example in self.examples.items():
            places = [i for i, value in enumerate(params) if type(value) is type(example) and value == example]
            if not places:
                raise ImproperlyConfigured(f"the example of {name!r} is none of the query's parameters")
            slots[name] = places
        columns = [column for column, _sql, _alias in compiler.select]
        attnames = [getattr(getattr(column, "target", None), "attname", None) for column in columns]
        converters = compiler.get_converters(columns)
        return _Compiled(queryset.model, sql, params, slots, attnames, converters, compiler)

    def statement(self, **values: Any) -> tuple[str, list]:
        """The SQL and its parameters with `values` in the examples' places: a part of a larger statement."""
        if self._compiled is None:
            self._compiled = self._compile()
        params = self._compiled.params.copy()
        for name, value in values.items():
            for place in self._compiled.slots[name]:
                params[place] = value
        return self._compiled.sql, params

    def _read(self, values: dict[str, Any]) -> tuple[_Compiled, tuple | None]:
        """The statement's first row, converted as the ORM would, with `values` in the examples' places."""
        sql, params = self.statement(**values)
        compiled = self._compiled
        with prepared_cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is None or not compiled.converters:
            return compiled, row
        row = list(row)
        for place, (converters, expression) in compiled.converters.items():
            for converter in converters:
                row[place] = converter(row[place], expression, connection)
        return compiled, tuple(row)

    def row(self, **values: Any) -> tuple | None:
        """The first row, as a tuple in the order of the queryset's columns."""
        return self._read(values)[1]

    def rows(self, **values: Any) -> list[tuple]:
        """Every row, as tuples in the order of the queryset's columns, converted as the ORM would."""
        sql, params = self.statement(**values)
        with prepared_cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        converters = self._compiled.converters
        return (
            [tuple(row) for row in self._compiled.compiler.apply_converters(rows, converters)] if converters else rows
        )

    def instance(self, **values: Any) -> Model | None:
        """The first row as an instance of the queryset's model (which must select the model's own fields)."""
        compiled, row = self._read(values)
        return None if row is None else _built(compiled.model, compiled.attnames, row)

    def instances(self, **values: Any) -> list[Model]:
        """Every row as the queryset would give it: its model's instances with their `select_related` objects
        and annotations, built the way Django's model iterable builds them (without a chunked cursor)."""
        sql, params = self.statement(**values)
        compiled = self._compiled
        with prepared_cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        compiler = compiled.compiler
        if compiled.converters:
            rows = compiler.apply_converters(rows, compiled.converters)
        klass_info, select = compiler.klass_info, compiler.select
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        attnames = compiled.attnames[start:end]
        populators = get_related_populators(klass_info, select, connection.alias)
        found = []
        for row in rows:
            instance = _built(compiled.model, attnames, row[start:end])
            for populator in populators:
                _populate(populator, row, instance)
            for name, place in compiler.annotation_col_map.items():
                setattr(instance, name, row[place])
            found.append(instance)
        return found


def _built(model: type[Model], attnames: list[str], values) -> Model:
    """A model instance of a row, as `Model.from_db` builds it: the values set as attributes, the instance marked
    saved. Directly, where nothing would tell the difference (the model's own `__init__` and `from_db`, and no
    receiver of its init signals): `from_db` through `__init__` was 8 % of a checkout preview's CPU, most of it
    generic work for each field."""
    if not _plainly_built(model):
        return model.from_db(connection.alias, attnames, values)
    instance = model.__new__(model)
    instance._state = ModelState()
    instance._state.adding, instance._state.db = False, connection.alias
    instance.__dict__.update(zip(attnames, values, strict=True))
    return instance


@cache
def _plainly_built(model: type[Model]) -> bool:
    return (
        model.__init__ is Model.__init__
        and model.from_db.__func__ is Model.from_db.__func__
        and not pre_init.has_listeners(model)
        and not post_init.has_listeners(model)
    )


def _populate(populator, row, parent: Model) -> None:
    """Django's `RelatedPopulator.populate` (a `select_related` object of the row, set on its parent), building
    the object with `_built`."""
    values = (
        populator.reorder_for_init(row)
        if populator.reorder_for_init
        else row[populator.cols_start : populator.cols_end]
    )
    related = None if values[populator.pk_idx] is None else _built(populator.model_cls, populator.init_list, values)
    if related is not None:
        for inner in populator.related_populators:
            _populate(inner, row, related)
    populator.local_setter(parent, related)
    if related is not None:
        populator.remote_setter(related, parent)


class CompiledInsert:
    """`insert(rows)`: the model's instances written in one prepared statement, their primary keys set, as
    `bulk_create` does (no signals, no `save()`). Values go as the instances hold them: numbers, text and booleans
    as JSON writes them, decimals and moments as their text (PostgreSQL reads each with its column's type), a JSON
    field's value as JSON; a date or moment set on creation (`auto_now_add`) is set as `save()` sets it."""

    def __init__(self, model: type[Model]) -> None:
        self.model = model
        self._sql: str | None = None
        self._plain: list[tuple[str, str]] = []  # (column, attribute) of the fields whose value goes as it is
        self._computed: list[tuple[str, Callable[[Model], Any]]] = []  # (column, its value of a row) of the others

    def _compile(self) -> str:
        meta, quote = self.model._meta, connection.ops.quote_name
        fields = [field for field in meta.concrete_fields if not field.primary_key and not field.generated]
        computed = {field: _computed_value(field) for field in fields}
        self._plain = [(field.column, field.attname) for field in fields if computed[field] is None]
        self._computed = [(field.column, computed[field]) for field in fields if computed[field] is not None]
        columns = ", ".join(quote(field.column) for field in fields)
        table, pk = quote(meta.db_table), quote(meta.pk.column)
        return (
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM json_populate_recordset(NULL::{table}, %s::json) "
            f"RETURNING {pk}"
        )

    def new(self, **values: Any) -> Model:
        """An unsaved row, as `Model(**values)` builds it: a field named by its attribute name (`store_id`), a
        foreign key by its name given the related instance (`order=order`; one inserted just before this row gets
        its key then, as with `bulk_create`), every other field its default. Without the model's generic
        `__init__`, which sets each field through its descriptor, where nothing would tell the difference: that
        was a tenth of an order submission's CPU."""
        if not _plainly_built(self.model):
            return self.model(**values)
        unknown = values.keys() - self._names
        if unknown:
            raise TypeError(f"{self.model.__name__} has no field {sorted(unknown)[0]!r}")
        instance = self.model.__new__(self.model)
        instance._state = ModelState()
        attributes = instance.__dict__
        for attname, name, default, target in self._fields:
            if attname in values:
                attributes[attname] = values[attname]
            elif name in values:  # a foreign key given its instance
                related = values[name]
                instance._state.fields_cache[name] = related
                attributes[attname] = None if related is None else getattr(related, target)
            else:
                attributes[attname] = default()
        return instance

    @cached_property
    def _fields(self) -> list[tuple[str, str, Callable[[], Any], str | None]]:
        """Each concrete field's attribute name, name, default (Django's own `_get_default`, as `__init__` calls
        it) and, for a foreign key, the related field's attribute name."""
        return [
            (field.attname, field.name, field._get_default, field.target_field.attname if field.is_relation else None)
            for field in self.model._meta.concrete_fields
        ]

    @cached_property
    def _names(self) -> frozenset[str]:
        return frozenset(name for attname, name, _default, _target in self._fields for name in (attname, name))

    def _document(self, row: Model) -> dict:
        document = {column: getattr(row, attname) for column, attname in self._plain}
        for column, value in self._computed:
            document[column] = value(row)
        return document

    def insert(self, rows: list[Model]) -> list[Model]:
        if not rows:
            return rows
        return self.insert_after([], rows)[0]

    def insert_after(self, updates: list[tuple[str, list]], rows: list[Model]) -> tuple[list[Model], list[int]]:
        """`updates` (each an UPDATE's text and parameters) and the rows' insert in one statement, one round trip
        where a transaction holds its locks (the updates first in the text; they see the same snapshot as the
        insert, so they must touch other tables), and how many rows each update changed. `rows` must not be empty:
        the counts come back with their ids."""
        if self._sql is None:
            self._sql = self._compile()
        for row in rows:
            row._prepare_related_fields_for_save(operation_name="insert")
        document = json.dumps([self._document(row) for row in rows], default=_as_text, ensure_ascii=False)
        sql = self._sql
        if updates:
            steps = ", ".join(f"update_{number} AS ({text} RETURNING 1)" for number, (text, _) in enumerate(updates))
            counts = ", ".join(f"(SELECT count(*) FROM update_{number})" for number in range(len(updates)))
            sql = f"WITH {steps} {sql}, {counts}"
        with prepared_cursor() as cursor:
            cursor.execute(sql, [*(param for _text, params in updates for param in params), document])
            returned = cursor.fetchall()
        for row, (pk, *_counts) in zip(rows, returned, strict=True):
            row.pk = pk
            row._state.adding, row._state.db = False, connection.alias
        return rows, list(returned[0][1:])


def _computed_value(field: Field) -> Callable[[Model], Any] | None:
    """How a field's value is taken from a row, when not as the row holds it: set on creation as `save()` sets it,
    or JSON written by the field's own encoder."""
    if isinstance(field, DateField) and (field.auto_now or field.auto_now_add):
        return lambda row: field.pre_save(row, add=True)
    if isinstance(field, JSONField) and field.encoder is not None:
        return lambda row: _encoded(getattr(row, field.attname), field.encoder)
    return None


def _encoded(value: Any, encoder: type[json.JSONEncoder]) -> Any:
    return None if value is None else json.loads(json.dumps(value, cls=encoder))


def _as_text(value: Any) -> str:
    """A value JSON has no type for, as the text its column reads: a decimal exactly, a moment with its zone."""
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, date | time):  # a datetime is a date
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be written by a compiled insert")
