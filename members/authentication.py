from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from members.backends import member_of_token
from members.models import ApiToken


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>` (API.md). One indexed statement reads the token's member, with what every
    request asks about the member (members.backends), as a session's member is read."""

    keyword = "Bearer"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Malformed Authorization header."))
        try:
            key = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Malformed Authorization header.")) from None
        found = member_of_token(ApiToken.digest_of(key), timezone.now())
        if found is None or not found[0].is_active:
            raise exceptions.AuthenticationFailed(_("Invalid or expired token."))
        return found

    def authenticate_header(self, request):
        return self.keyword
