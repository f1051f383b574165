"""The outbox handlers of the channels that leave the database: an e-mail through Django's mail backend, an SMS
through the SMS provider. Each renders the message in its reader's language (`User.language`) when it is sent.

Idempotent by the outbox row's key: the SMS provider takes the key as its client message id; an e-mail carries a
Message-ID made from the key, so the rare second copy (a worker killed after the mail server took the message and
before the row was marked) is the same message to every mail store that files by Message-ID."""

import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.translation import gettext as _

from marketplace.models import OutboxMessage
from marketplace.notifications.kinds import Rendered, render
from marketplace.notifications.services import EMAIL, SMS
from marketplace.notifications.sms import sms_provider
from marketplace.outbox import outbox_handler


def _rendered(message: OutboxMessage, language: str) -> Rendered:
    with translation.override(language):
        return render(message.payload["kind"], message.payload["params"])


def _reader(message: OutboxMessage):
    return get_user_model().objects.filter(pk=message.payload["recipient"]).only("email", "phone", "language").first()


def message_id(key: str) -> str:
    domain = urlsplit(settings.SITE_URL).hostname or "marketplace.example"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


@outbox_handler(EMAIL)
def email_send(message: OutboxMessage) -> dict:
    reader = _reader(message)
    if reader is None or not reader.email:  # the address was removed since: nothing to send to
        return {"skipped": "no address"}
    text = _rendered(message, reader.language)
    with translation.override(reader.language):
        lines = [text.body, _("Reason: %(reason)s") % {"reason": text.note} if text.note else ""]
    lines.append(f"{settings.SITE_URL}{text.link}" if text.link else "")
    body = "\n\n".join(line for line in lines if line) + "\n"
    EmailMessage(
        subject=text.title, body=body, to=[reader.email], headers={"Message-ID": message_id(message.key)}
    ).send()
    return {"message_id": message_id(message.key)}


@outbox_handler(SMS)
def sms_send(message: OutboxMessage) -> dict:
    reader = _reader(message)
    if reader is None or not reader.phone:
        return {"skipped": "no phone"}
    text = _rendered(message, reader.language)
    with translation.override(reader.language):
        signed = f"【{_('Marketplace')}】{text.body}"  # a Chinese SMS starts with its sender's registered signature
        if text.note:
            signed += " " + _("Reason: %(reason)s") % {"reason": text.note}
    return {"sms_id": sms_provider().send(phone=reader.phone, text=signed, key=message.key)}
