"""Hot reads whose SQL the ORM writes once (decision 0036).

A logged-in shopper's page served from the cache costs a session, a user and a few counts: each a one-row read by
an index that PostgreSQL answers in a few dozen microseconds, while Django spends close to a millisecond building
and compiling the queryset every time. A `CompiledRead` is given the function that builds the queryset and an
example value for each argument; on first use it compiles the queryset built with the examples, finds where each
example went among the statement's parameters, and from then on only puts the asker's values in their places.

The examples must be values no query would hold otherwise (each must appear exactly once among the parameters,
which is checked), of the type the real values have, and the queryset's shape may not depend on them."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Model, QuerySet


class CompiledRead:
    def __init__(self, build: Callable[..., QuerySet], **examples: Any) -> None:
        self.build, self.examples = build, examples
        self._compiled: tuple[QuerySet, str, list, dict[str, int]] | None = None

    def _compile(self) -> tuple[QuerySet, str, list, dict[str, int]]:
        queryset = self.build(**self.examples)
        sql, params = queryset.query.sql_with_params()
        params, slots = list(params), {}
        for name, example in self.examples.items():
            places = [i for i, value in enumerate(params) if type(value) is type(example) and value == example]
            if len(places) != 1:
                raise ImproperlyConfigured(f"the example of {name!r} is {len(places)} of the query's parameters")
            slots[name] = places[0]
        return queryset, sql, params, slots

    def statement(self, **values: Any) -> tuple[str, list]:
        """The SQL and its parameters with `values` in the examples' places."""
        if self._compiled is None:
            self._compiled = self._compile()
        _queryset, sql, params, slots = self._compiled
        params = params.copy()
        for name, value in values.items():
            params[slots[name]] = value
        return sql, params

    def row(self, **values: Any) -> tuple | None:
        """The first row, as a tuple in the order of the queryset's columns."""
        sql, params = self.statement(**values)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()

    def instance(self, **values: Any) -> Model | None:
        """The first row as an instance of the queryset's model (a raw query: no compilation)."""
        sql, params = self.statement(**values)
        model = self._compiled[0].model
        return next(iter(model._default_manager.raw(sql, params)), None)
