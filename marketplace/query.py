"""What a page's request asks for, read safely: numbers typed into its address (ids, quantities, points),
forgivingly, never a 500; and where a form asks to go back to, on this site only.

Only ASCII digits count ("²" and "١٢" are digits to str.isdigit() but not to int()), and at most 19 of them: a
longer string is no real id or count, and Python refuses to turn thousands of digits into an int."""

from django.utils.http import url_has_allowed_host_and_scheme

MAX_ID = 2**63 - 1  # PostgreSQL's bigint


def query_number(value, cap: int) -> int:
    """`value` as a whole number, at most `cap`; 0 when it is not one."""
    if not isinstance(value, str) or not (value.isascii() and value.isdigit()) or len(value) > 19:
        return 0
    return min(int(value), cap)


def query_id(value) -> int | None:
    """`value` as a row id (1 to bigint's largest), or None."""
    number = query_number(value, MAX_ID + 1)
    return number if 0 < number <= MAX_ID else None


def next_url(request, default: str) -> str:
    """Where a form asked to go back to (a list keeps its tab, a product page stays), if it is on this site; else
    `default`."""
    wanted = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return wanted
    return default
