"""Accounts and API tokens."""

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.exceptions import DomainError, InvalidInput
from members.models import ApiToken, User
from members.signals import user_registered


class LoginFailed(DomainError):
    code = "not_authenticated"
    status = 401


def user_create(*, username: str, password: str, phone: str = "", invitation: str = "", **extra) -> User:
    """Create an account after the same checks registration makes: free username and phone, a strong password.

    Usernames are unique regardless of case, so "Alice" cannot impersonate "alice". `invitation` is the code of
    the store QR the visitor came through, passed on untouched to the listeners of user_registered (stores knows
    what it means; members does not)."""
    fields: dict[str, list[str]] = {}
    if User.objects.filter(username__iexact=username).exists():
        fields["username"] = [_("That username is taken.")]
    if phone and User.objects.filter(phone=phone).exists():
        fields["phone"] = [_("That phone number is already registered.")]
    candidate = User(username=username, phone=phone, **extra)
    try:
        validate_password(password, user=candidate)
    except ValidationError as exc:
        fields["password"] = list(exc.messages)
    if fields:
        raise InvalidInput(next(iter(fields.values()))[0], fields=fields)
    candidate.set_password(password)
    try:
        with transaction.atomic():  # a savepoint: a concurrent twin loses cleanly
            candidate.save()
    except IntegrityError:
        raise InvalidInput(
            _("That username or phone number is taken."),
            fields={"username": [_("That username or phone number is taken.")]},
        ) from None
    user_registered.send(sender=User, user=candidate, invitation=invitation)
    return candidate


def token_obtain(*, request: HttpRequest, username: str, password: str) -> str:
    """Check the password (django-axes counts failures and locks the username out) and issue a new token.

    Returns the key, which exists only in this response: the table stores its digest."""
    user = authenticate(request=request, username=username, password=password)
    if user is None:
        raise LoginFailed(_("Wrong username or password."))
    key = ApiToken.new_key()
    ApiToken.objects.create(
        user=user, digest=ApiToken.digest_of(key), expires_at=timezone.now() + settings.API_TOKEN_TTL
    )
    return key


def token_revoke(*, token: ApiToken) -> None:
    token.delete()


def tokens_purge_expired() -> int:
    deleted, _ = ApiToken.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
