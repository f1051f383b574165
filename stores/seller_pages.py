"""What every page of the seller backend (/seller/) shares, whichever app it belongs to: who may open it, the
store it works on, and how a service's refusal becomes a message next to the field it names.

The pages are the seller API's twins: they validate with the API's input serializers or a Django form, call the
same services and read through the same store-scoped selectors, so another store's object is a 404 here too."""

from collections.abc import Iterable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Page, Paginator
from django.http import Http404, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from marketplace.exceptions import DomainError, NotFound
from marketplace.query import next_url
from stores.models import StaffRole, StoreStatus
from stores.selectors import membership_of

ANY_STAFF = frozenset(StaffRole.values)
MANAGERS = frozenset({StaffRole.OWNER, StaffRole.MANAGER})
OWNER = frozenset({StaffRole.OWNER})
PAGE_SIZE = 20


def seller_page(view=None, *, roles: Iterable[str] = ANY_STAFF):
    """Decorate a page view of the seller backend. An anonymous visitor goes to the login page; a shopper, or
    staff whose role is not in `roles`, gets a 403 page that says why. A frozen store's staff may look but not
    change (as in the API). The view finds its store in `request.store` and the role in `request.membership`."""
    roles = frozenset(roles)

    def decorate(view):
        @wraps(view)
        def page(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = membership_of(request.user)
            if membership is None:
                return forbidden(request, _("The seller backend is for store staff. Log in with a store account."))
            request.membership, request.store = membership, membership.store
            if membership.role not in roles:
                return forbidden(request, _("Your role in the store does not open this page."))
            if membership.store.status == StoreStatus.FROZEN and request.method not in ("GET", "HEAD"):
                return forbidden(request, _("The store is frozen by the platform: you may look, but not change."))
            try:
                return view(request, *args, **kwargs)
            except NotFound as error:
                # Selectors shared with the API say "not found" as a DomainError; a page says it with its 404.
                raise Http404 from error

        return page

    return decorate(view) if view is not None else decorate


def forbidden(request, reason: str):
    return render(request, "seller/forbidden.html", {"reason": reason}, status=403)


def list_links(request, list_url: str, *, shown_again: bool) -> dict[str, str]:
    """The links of a list page whose row forms post elsewhere: `list_url` for its tabs and pager, `back` for the
    forms' way back. A list shown again after a refused form has the form's POST-only URL for its address, so
    there `back` is where the form came from (its `next`), never the address itself (a 405 once followed)."""
    return {
        "list_url": list_url,
        "back": next_url(request, list_url) if shown_again else request.get_full_path(),
    }


def is_manager(request) -> bool:
    return request.membership.role in MANAGERS


def paginate(request, queryset, per_page: int = PAGE_SIZE) -> Page:
    """A page of `queryset` by `?page=`; a page number out of range or not a number gives the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def posted_input(request) -> QueryDict:
    """What a page's form posted, files included, as an API's input serializer reads a form: without the CSRF token,
    which is the page's, not a field of the operation."""
    data = request.POST.copy()
    data.pop("csrfmiddlewaretoken", None)
    data.update(request.FILES)
    return data


def field_errors(error: DomainError | ValidationError) -> dict[str, list[str]]:
    """The messages of a service's DomainError or an input serializer's ValidationError by field, nested paths
    joined with dots: {"skus": {"2": {"code": ["taken"]}}} -> {"skus.2.code": ["taken"]}. A refusal that names
    no field comes back under "" with its detail."""
    if isinstance(error, ValidationError):
        found = _flatten(error.detail, "")
    else:
        found = _flatten(error.fields, "")
        if not found:
            found = {"": [error.detail]}
    return found


def _flatten(value, prefix: str) -> dict[str, list[str]]:
    if isinstance(value, dict):
        flat: dict[str, list[str]] = {}
        for key, item in value.items():
            key = "" if key == "non_field_errors" else str(key)
            for path, messages in _flatten(item, f"{prefix}.{key}" if prefix and key else prefix or key).items():
                flat.setdefault(path, []).extend(messages)
        return flat
    if isinstance(value, list | tuple):
        if all(not isinstance(item, dict | list | tuple) for item in value):
            return {prefix: [str(item) for item in value]} if value else {}
        flat = {}
        for index, item in enumerate(value):
            for path, messages in _flatten(item, f"{prefix}.{index}" if prefix else str(index)).items():
                flat.setdefault(path, []).extend(messages)
        return flat
    return {prefix: [str(value)]}


def errors_by_field(error: DomainError | ValidationError, fields: tuple[str, ...]) -> dict[str, list[str]]:
    """A refusal's messages by the one of `fields` each belongs to, for a page that draws its own inputs (a row's
    form in a list). Messages naming none of them (an order closed meanwhile names its `status`) are shown on
    the whole form, under "form", in their own words."""
    shown: dict[str, list[str]] = {}
    for path, found in field_errors(error).items():
        name = path.split(".")[0]
        if name in fields:
            shown.setdefault(name, []).extend(found)
    if not shown:
        found = field_errors(error).values()
        shown["form"] = [error.detail] if isinstance(error, DomainError) else [m for part in found for m in part]
    return shown


def add_errors(form, error: DomainError | ValidationError, *, aliases: dict[str, str] | None = None) -> None:
    """Put a refusal's messages on `form`, next to the field each names (the first part of its path, renamed by
    `aliases` where the service's name differs from the form's); the rest above the form."""
    aliases = aliases or {}
    for path, messages in field_errors(error).items():
        name = path.split(".")[0]
        name = aliases.get(name, name)
        for message in messages:
            form.add_error(name if name in form.fields else None, message)
