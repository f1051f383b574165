"""The storefront catalogue's response cache: the product list and detail as JSON bytes in Redis, served
without touching PostgreSQL or a serializer (decision 0006).

Correctness rests on one counter, the storefront version. Every committed write that changes what a list or a
detail shows (a product, SKU, price, stock, picture, listing, store, brand, category, promotion or coupon
template) moves it on, through `storefront_changed()`; a cached body carries the version it was built under
and is used only while that is still the current version. A short TTL bounds what no write announces: a
promotion or a claim window that opens or closes with the clock, a coupon template that runs out.

Orders move stock and sales all day, and they show on one product's page: a reservation that leaves units, and a
payment (sales), move that product's own counter (`products_changed`), which its detail and page carry beside the
storefront's; lists keep their entries, so the "sold" figures and the order by sales on a list may lag by the TTL.
A reservation that empties a stock row still moves the storefront's counter (lists filter by stock), as do
releases and stock-ins (a product back in stock). The product's counter is read in the same round trip.

A body is keyed by everything the response depends on and nothing else: scheme and host (image URLs and page
links are absolute), the active language (promotion labels are translated), the path and the query string in
a canonical form. Nothing in these responses depends on who asks, so a logged-in shopper and an anonymous one
share an entry; authentication runs before the cache is read (the views stay DRF views), and the rate limits'
counts go to Redis in the same round trip as the read, a request over its limit being refused before it is
served (marketplace.api.throttling.CountedWithTheView).

If Redis does not answer, the response is built from the database as if there were no cache (fail open,
decision 0013)."""

import contextlib
import hashlib
from collections.abc import Callable
from functools import partial, wraps
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation
from redis.exceptions import RedisError
from rest_framework.renderers import JSONRenderer

from catalog import holes
from marketplace.api.throttling import refuse_if_over
from marketplace.redis import bump_version, bump_versions, redis_call
from marketplace.tasks import on_commit_once
from members.backends import member_read_about

# Seconds a body may be served while the version stands (settings.CATALOG_RESPONSE_CACHE_SECONDS overrides;
# 0 turns the cache off). Short, so that promotions starting or ending on the clock show within it.
RESPONSE_CACHE_SECONDS = 30
CONTENT_TYPE = "application/json"  # what DRF's JSONRenderer answers


def _prefix() -> str:
    return f"{settings.CACHES['default']['KEY_PREFIX']}:catalog:storefront"


def _version_key() -> str:
    return f"{_prefix()}:version"


def cache_seconds() -> int:
    return getattr(settings, "CATALOG_RESPONSE_CACHE_SECONDS", RESPONSE_CACHE_SECONDS)


def _product_version_key(spu_id: int) -> str:
    return f"{_prefix()}:product:{spu_id}:version"


def _bump() -> None:
    # If Redis does not answer, bodies live out their TTL: stale for seconds at worst, never for longer.
    with contextlib.suppress(RedisError):
        bump_version(_version_key())


# A product's counter is forgotten a day after its last move: every body built under it expired long before, and
# one built while it was missing carries no number, so it never matches the counter's next start (bump_version).
PRODUCT_VERSION_SECONDS = 24 * 3600


def _bump_products(spu_ids: frozenset[int]) -> None:
    with contextlib.suppress(RedisError):
        bump_versions([_product_version_key(spu_id) for spu_id in sorted(spu_ids)], seconds=PRODUCT_VERSION_SECONDS)


def products_changed(spu_ids) -> None:
    """Announce a write that only these products' own detail and page show (a reservation that leaves units,
    sales): their counters move when the transaction commits; lists keep their entries."""
    spu_ids = frozenset(spu_ids)
    if spu_ids:
        transaction.on_commit(partial(_bump_products, spu_ids))


def storefront_changed() -> None:
    """Announce a write that the storefront shows. The version moves when the transaction commits: before it,
    a reader would rebuild the old rows under the new version and serve them until the next write. One move per
    transaction, however many rows it wrote."""
    on_commit_once(_bump)


def canonical_query(query_string: str) -> str:
    """The query string with its parameters in name order. The order of the values of one name is kept:
    `page=2&page=1` means page 1 (the last wins), `page=1&page=2` page 2, so they must not share an entry."""
    pairs = parse_qsl(query_string, keep_blank_values=True)
    return urlencode(sorted(pairs, key=lambda pair: pair[0]))


def response_key(request) -> str:
    parts = "\n".join(
        (
            f"{request.scheme}://{request.get_host()}",
            translation.get_language() or "",
            request.path,
            canonical_query(request.META.get("QUERY_STRING", "")),
        )
    )
    return f"{_prefix()}:response:{hashlib.sha256(parts.encode()).hexdigest()}"


def json_response(*, request, build: Callable[[], dict], product: int | None = None) -> HttpResponse:
    """The JSON response to `request`: the cached bytes when they are current, else `build()` rendered (and
    stored for the next request). `build` raises for errors (400, 404), which are never cached. `product`: the
    product a detail shows, whose own counter the entry carries too.

    The view's rate-limit counts (`CountedWithTheView`) travel in the same round trip as the cache read, and a
    request over its limit is refused before anything is served."""
    seconds = cache_seconds()
    counters = getattr(request, "throttle_counters", [])
    if not seconds and not counters:
        return HttpResponse(JSONRenderer().render(build()), content_type=CONTENT_TYPE)
    key = response_key(request)
    try:
        counts, version, body = _read(key, counters, product=product)
    except RedisError:  # no rate limit and no cache: served from the database, as if neither existed
        return HttpResponse(JSONRenderer().render(build()), content_type=CONTENT_TYPE)
    refuse_if_over(counters, counts)
    if not seconds:
        return HttpResponse(JSONRenderer().render(build()), content_type=CONTENT_TYPE)
    if body is None:
        body = JSONRenderer().render(build())
        _keep(key, version, body, seconds)
    return HttpResponse(body, content_type=CONTENT_TYPE)


def _read(key: str, counters=(), *, product: int | None = None) -> tuple[list, bytes, bytes | None]:
    """In one round trip: the counts of `counters` (rate limits), the current version (with `product`'s own
    counter, when the entry is a product's) and the body kept at `key` if it was kept under that version (else
    None). Raises RedisError."""
    keys = (_version_key(), key, *([_product_version_key(product)] if product is not None else []))
    with redis_call() as client:
        if counters:
            pipe = client.pipeline()  # MULTI: the counts' window creation and INCR stay together (throttling.py)
            for counter in counters:
                counter.queue(pipe)
            pipe.mget(*keys)
            *counts, (version, stored, *own) = pipe.execute()
        else:  # a page: no count to keep with the read
            counts, (version, stored, *own) = [], client.mget(*keys)
        if version is None:
            bump_version(_version_key())
            version = client.get(_version_key())
    if own:  # a product's counter that never moved (or was forgotten) is "-", never a number
        version += b"/" + (own[0] or b"-")
    stored_version, _, body = (stored or b"").partition(b"\n")
    return counts, version, body if stored is not None and stored_version == version else None


def _keep(key: str, version: bytes | None, body: bytes, seconds: int) -> None:
    """Keep a body under the version read before its rows were: if a write committed meanwhile, the body carries
    the old version and is never served after it."""
    with contextlib.suppress(RedisError), redis_call() as client:
        client.set(key, (version or b"") + b"\n" + body, ex=seconds)


# --- Pages: the storefront's HTML, one rendering for visitors who are not logged in and one for every shopper

# What a cached page carries where each visitor's CSRF token goes (the language switch and the add-to-cart form
# post one): the page is rendered once with this in the token's place, and every answer puts in its own.
CSRF_PLACEHOLDER = "storefront-csrf-token-placeholder"
MESSAGES_COOKIE = "messages"  # django.contrib.messages' cookie storage: a visitor with a message is not served
MESSAGES_SESSION_KEY = "_messages"  # its session storage, where a message too long for the cookie waits
GUEST_CART_KEY = "guest_cart"  # the session key of a visitor's own cart (orders.cart.guest): their header shows it


def cached_page(view=None, *, vary: Callable | None = None, about: Callable | None = None):
    """Serve a storefront page (home, a category, search, a product, a store) from the same cache as the API. A
    page has two renderings: one for visitors who are not logged in, the same for all of them, and one for every
    logged-in shopper, whose personal parts (greeting, unread and cart counts, favourite heart) are markers that
    each answer fills with the asker's own (catalog.holes, decision 0036). Both are kept with the CSRF
    placeholder; each answer gets the visitor's own token (and its cookie, set by the CSRF middleware). A visitor
    with a cart of their own, or anyone with a message waiting, gets the page rendered for them.

    `vary(request, *args, **kwargs)`: what else the page depends on besides its address, as a short string made part
    of the key (the product page: the store the visitor chose, decision 0041); it must not query. `about(request,
    *args, **kwargs)`: what the page is about, ("product", id) or ("store", id), so that the member is read with what
    the page asks about them and it (the heart; members.backends.member_read_about); a product's page carries that
    product's own counter too (`products_changed`)."""
    if view is None:
        return lambda view: cached_page(view, vary=vary, about=about)

    @wraps(view)
    def page(request, *args, **kwargs):
        kind, of = about(request, *args, **kwargs) if about is not None else (None, None)
        if kind is not None:  # before anything reads the member: it comes with what the page asks about them
            member_read_about(request, kind, of)
        seconds = cache_seconds()
        if not seconds or request.method != "GET" or _rendered_for_them(request):
            return view(request, *args, **kwargs)
        variant = vary(request, *args, **kwargs) if vary is not None else ""
        key = (
            response_key(request)
            + (f":{variant}" if variant else "")
            + (":member" if request.user.is_authenticated else "")
        )
        try:
            _counts, version, body = _read(key, product=of if kind == "product" else None)
        except RedisError:
            return view(request, *args, **kwargs)
        if body is not None:
            return _for_the_asker(request, HttpResponse(body))
        request.shared_render = True
        try:
            response = view(request, *args, **kwargs)
        finally:  # a 404 page rendered for an exception of the view gets the visitor's own token and parts
            request.shared_render = False
        if response.status_code == 200 and not response.streaming:
            _keep(key, version, response.content, seconds)
        return _for_the_asker(request, response)

    return page


def _rendered_for_them(request) -> bool:
    if MESSAGES_COOKIE in request.COOKIES:
        return True
    if request.user.is_authenticated:  # the session is read already (the login)
        return MESSAGES_SESSION_KEY in request.session
    return bool(getattr(request, "session", {}).get(GUEST_CART_KEY))


def _for_the_asker(request, response: HttpResponse) -> HttpResponse:
    """The shared page with the asker's own parts and CSRF token in their places."""
    if response.streaming:
        return response
    content = response.content
    if request.user.is_authenticated and holes.has_holes(content):  # the parts' forms too: one token for the page
        content = holes.fill_holes(request, content, csrf_token=CSRF_PLACEHOLDER)
    if CSRF_PLACEHOLDER.encode() in content:
        content = content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    response.content = content
    return response


def csrf_placeholder(request) -> dict:
    """Context processor: the placeholder in the CSRF token's place while a page is rendered for the cache."""
    return {"csrf_token": CSRF_PLACEHOLDER} if getattr(request, "shared_render", False) else {}
