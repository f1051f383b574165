"""The personal parts ("holes") of the storefront's cached pages (decision 0036).

A storefront page (home, category, search, product, store) is the same for every logged-in shopper but for a few
small parts: the header's greeting, unread count and cart count, and the favourite heart. The page is rendered
once for all of them with a marker in each such part's place (`{% personal "account" %}` in a template) and
cached; every answer fills the markers with the asker's own parts, each rendered from the request and the
marker's few arguments in an indexed read or two. Rendered for a visitor who is not logged in, or outside the
cache, a part is drawn in place, with the same template and the same data: a page looks the same either way.

A marker carries a secret made from SECRET_KEY, so text a seller or a reviewer writes can never pass for one."""

import hashlib
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import cache, lru_cache
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from catalog import selectors


@dataclass(frozen=True)
class Hole:
    """A personal part: its template, and what that template reads besides the context processors' values
    (`user`, `cart_count`, `unread_messages`, `csrf_token`...), from the request and the marker's arguments.
    `filled`, if given, answers instead of `context` when the part fills a cached page's marker: there the part is
    all that is computed, so it may read in one query what the processors read in several."""

    template: str
    context: Callable[..., dict]
    filled: Callable[..., dict] | None = None
    # What the part's template reads of the request and its values, as a hashable key: two answers with equal keys
    # are the same text, so one rendering serves both (kept per process, see render_hole). None, or a key that
    # answers None for these values: rendered each time.
    key: Callable[..., Hashable | None] | None = None


def _favourite_key(request, values: dict) -> Hashable:
    return values["action"], values["favourite"].count, values["favourite"].mine, request.get_full_path()


@lru_cache(maxsize=4096)
def _favourite_action(route: str, id: str) -> str:
    return reverse(route, args=[id])  # the same for every asker: resolved once per process and page


def _favourite(request, *, kind: str, id: str) -> dict:
    """The product's or the store's heart: its count and whether the shopper keeps it (one query, or none when the
    page read them with its member)."""
    if kind == "store":
        state = selectors.store_favourite_state(store_id=int(id), user=request.user)
        return {
            "favourite": state,
            "action": _favourite_action("storefront-store-favourite", id),
            "label": _("Favourite this store"),
        }
    state = selectors.product_favourite_state(spu_id=int(id), user=request.user)
    action = _favourite_action("storefront-product-favourite", id)
    return {"favourite": state, "action": action, "label": _("Favourite")}


# The header's account part ("account") is the project package's (marketplace.header): its counts are other centers'.
HOLES = {"favourite": Hole("catalog/partials/favourite_button.html", _favourite, key=_favourite_key)}


def register_hole(
    name: str,
    *,
    template: str,
    context: Callable[..., dict],
    filled: Callable | None = None,
    key: Callable[..., Hashable | None] | None = None,
) -> None:
    """Add a personal part that a center above the catalog draws on the storefront's pages (a coupon's claim state,
    a member's price): `context(request, **arguments)` answers in an indexed read or two, whatever the page shows.
    Registering a name again replaces it (ready() may run twice in tests)."""
    HOLES[name] = Hole(template, context, filled, key)


# Renderings of parts by their key (Hole.key), in the language they were drawn in: a template is rendered once for
# the same greeting and counts, however many pages the shopper opens. Bounded: emptied when full.
_RENDERED: dict[Hashable, SafeString] = {}
RENDERED_MAX = 4096


def render_hole(request, name: str, args: dict[str, str], *, csrf_token: str) -> SafeString:
    """The part for a cached page's marker, rendered on its own. Not with the context processors: a part reads only
    the asker, the request and its own values (`filled` holds the counts the processors would read), and
    `csrf_token` (the cached page's placeholder, which the answer fills once for the whole page)."""
    hole = HOLES[name]
    values = (hole.filled or hole.context)(request, **args)
    own = hole.key(request, values) if hole.key is not None else None
    if own is None:
        return _render(hole, request, values, csrf_token)
    key = (name, get_language(), csrf_token, own)
    if (text := _RENDERED.get(key)) is None:
        if len(_RENDERED) >= RENDERED_MAX:
            _RENDERED.clear()
        text = _RENDERED[key] = _render(hole, request, values, csrf_token)
    return text


def _render(hole: Hole, request, values: dict, csrf_token: str) -> SafeString:
    context = {"request": request, "user": request.user, "csrf_token": csrf_token, **values}
    return get_template(hole.template).template.render(Context(context))


def render_in_place(context: Context, name: str, args: dict) -> SafeString:
    """The part drawn where the page renders it, with the page's values (a page may have counted its cart)."""
    hole = HOLES[name]
    with context.push(hole.context(context.get("request"), **args)):
        return context.template.engine.get_template(hole.template).render(context)


@cache
def _secret() -> str:
    return hashlib.sha256(f"storefront-holes:{settings.SECRET_KEY}".encode()).hexdigest()[:24]


@cache
def _opening() -> bytes:
    return f"<!--hole {_secret()} ".encode()


_MARKER = re.compile(r"(\w+) ([^ >]*)")  # what follows the opening, up to "-->": the part's name and arguments


def marker(name: str, args: dict) -> SafeString:
    """What a page cached for every shopper carries in the part's place."""
    return mark_safe(f"<!--hole {_secret()} {name} {urlencode(args)}-->")


def has_holes(content: bytes) -> bool:
    return _opening() in content


def fill_holes(request, content: bytes, *, csrf_token: str) -> bytes:
    """The cached page with each marker replaced by the asker's own part: the page's bytes split at the markers'
    opening, never decoded as a whole."""
    head, *marked = content.split(_opening())
    filled = [head]
    for piece in marked:
        inside, end, rest = piece.partition(b"-->")
        found = _MARKER.fullmatch(inside.decode()) if end else None
        if found is None:  # not one of ours: the page's own text, left as it is
            filled += [_opening(), piece]
            continue
        name, args = found.groups()
        filled += [render_hole(request, name, dict(parse_qsl(args)), csrf_token=csrf_token).encode(), rest]
    return b"".join(filled)


def shared_render(request) -> bool:
    """Whether the page being rendered is the one every logged-in shopper will share (personal parts as markers)."""
    return getattr(request, "shared_render", False) and request.user.is_authenticated
