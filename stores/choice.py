"""The store a shopper shops through (选择门店, docs/decisions/0037): chosen on the store finder, or by the member QR
code that brought them. The session keeps anyone's choice; a member's is kept on their row too (`ChosenStore`), so
it follows them to another device and to the API."""

from django.db import transaction

from members.models import User
from stores.models import ChosenStore, Store

# The session's key, set by the store finder and by a store's member QR code (decision 0031).
CHOSEN_STORE_SESSION_KEY = "chosen_store_id"


def session_store_id(request) -> int | None:
    """The store chosen in this session, without a query (the cart's add falls back to the member's row itself)."""
    session = getattr(request, "session", None)
    return session.get(CHOSEN_STORE_SESSION_KEY) if session is not None else None


def chosen_store_id(request) -> int | None:
    """The store the visitor chose: the session's, else the member's remembered one (then kept in the session, so
    one query per session at most). An inactive store counts as no choice."""
    session = request.session
    if CHOSEN_STORE_SESSION_KEY in session:
        return session[CHOSEN_STORE_SESSION_KEY]
    user = request.user
    if not user.is_authenticated:
        return None
    store_id = (
        ChosenStore.objects.filter(member=user, store__status="active").values_list("store_id", flat=True).first()
    )
    session[CHOSEN_STORE_SESSION_KEY] = store_id
    return store_id


def chosen_store_on_login(sender, *, request, user, **kwargs) -> None:
    """user_logged_in's receiver (stores.apps): the member's remembered store enters the session at login (one
    query), so the pages served from the cache read the choice from the session alone (decision 0041). A choice
    made in this session before logging in (a store's QR code) stays."""
    session = getattr(request, "session", None)
    if session is None or CHOSEN_STORE_SESSION_KEY in session:
        return
    session[CHOSEN_STORE_SESSION_KEY] = (
        ChosenStore.objects.filter(member=user, store__status="active").values_list("store_id", flat=True).first()
    )


def chosen_store(request) -> Store | None:
    store_id = chosen_store_id(request)
    return Store.objects.active().filter(pk=store_id).first() if store_id else None


@transaction.atomic
def store_choose(*, request, store: Store | None) -> None:
    """Remember `store` (None: HQ's online store again) in the session and, for a member, on their row."""
    request.session[CHOSEN_STORE_SESSION_KEY] = store.pk if store else None
    user: User = request.user
    if not user.is_authenticated:
        return
    if store is None:
        ChosenStore.objects.filter(member=user).delete()
    else:
        ChosenStore.objects.update_or_create(member=user, defaults={"store": store})
