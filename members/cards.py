"""A member's card code (会员码): what the member shows at a store's counter, as a QR code on /me/member-card/, so
the clerk's scanner finds them without asking for a phone number. The code is the member's id signed with the
site's secret and the time it was made: it cannot be forged or guessed, and it is good for CARD_CODE_MINUTES only,
so a photo of it taken at one counter is of no use later. No row is kept."""

from django.core import signing

from members.models import User

CARD_CODE_PREFIX = "MC"
CARD_CODE_MINUTES = 30
_signer = signing.TimestampSigner(salt="members.card")


def member_card_code(*, user: User) -> str:
    return CARD_CODE_PREFIX + _signer.sign(str(user.pk))


def member_of_card(*, code: str) -> User | None:
    """The active member whose card code this is, or None (forged, expired, not a card code)."""
    code = code.strip()
    if not code.startswith(CARD_CODE_PREFIX):
        return None
    try:
        member_id = _signer.unsign(code[len(CARD_CODE_PREFIX) :], max_age=CARD_CODE_MINUTES * 60)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=int(member_id), is_active=True).first()
