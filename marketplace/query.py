"""Numbers typed into a page's address (ids, quantities, points): read forgivingly, never a 500.

Only ASCII digits count ("²" and "١٢" are digits to str.isdigit() but not to int()), and at most 19 of them: a
longer string is no real id or count, and Python refuses to turn thousands of digits into an int."""

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
