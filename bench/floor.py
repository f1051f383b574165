"""The floor: a bare Django view returning, from memory, the very bytes a real endpoint returned.

Routed only when BENCH_FLOOR_DIR is set (bench runs), under /__bench__/floor/<name>. The harness saves the
real response body as <name>.body (and its content type as <name>.type) before loading both."""

import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.http import Http404, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt


@cache
def _body(name: str) -> tuple[bytes, str]:
    folder = Path(settings.BENCH_FLOOR_DIR)
    body_file = folder / f"{name}.body"
    if not name.isidentifier() or not body_file.exists():
        raise Http404
    return body_file.read_bytes(), (folder / f"{name}.type").read_text()


@csrf_exempt  # it answers the same bytes to the POST it stands beside
def floor(request, name: str):
    body, content_type = _body(name)
    return HttpResponse(body, content_type=content_type)


@csrf_exempt
def submit_floor(request, same_writes: bool = False):
    """The minimal equivalent of an order submission (bench/order_submit.py) in raw SQL, in one transaction; with
    `same_writes`, making every write and keyed read the submission makes."""
    from bench.order_submit import FLOOR_SQL, SAME_WRITES_SQL, floor_statements

    values = json.loads((Path(settings.BENCH_FLOOR_DIR) / "submit_floor.json").read_text())
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in floor_statements(SAME_WRITES_SQL if same_writes else FLOOR_SQL):
            cursor.execute(statement, values)
    return HttpResponse(b'{"ok": true}', content_type="application/json", status=201)


urlpatterns = [
    path("floor/<str:name>", floor),
    path("submit-floor", submit_floor),
    path("submit-floor-same-writes", submit_floor, {"same_writes": True}),
]
