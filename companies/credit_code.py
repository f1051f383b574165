"""The unified social credit code (统一社会信用代码, GB 32100-2015) a company registers with: 18 characters of the
31-character set 0-9 A-H J-N P Q R T U W X Y (no I, O, S, V, Z); the 18th is a check character over the first 17,
weighted 3^i mod 31 (1, 3, 9, 27, 19, 26, 16 ...), check = 31 - (sum mod 31), where 31 is written 0.
Pure: no Django, so it is tested directly and reused by the serializers and the forms."""

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
LENGTH = 18
MODULUS = len(CHARSET)  # 31
WEIGHTS = tuple(pow(3, position, MODULUS) for position in range(LENGTH - 1))


def normalise(code: str) -> str:
    """What a person typed, as it is stored: no surrounding spaces, upper case."""
    return (code or "").strip().upper()


def check_character(body: str) -> str:
    """The 18th character for the first 17."""
    total = sum(CHARSET.index(char) * weight for char, weight in zip(body, WEIGHTS, strict=True))
    return CHARSET[(MODULUS - total % MODULUS) % MODULUS]


def is_valid(code: str) -> bool:
    """Whether `code` (already normalised) is 18 characters of the set whose last is the right check character."""
    if len(code) != LENGTH or any(char not in CHARSET for char in code):
        return False
    return check_character(code[:-1]) == code[-1]
