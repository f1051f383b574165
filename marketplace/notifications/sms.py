"""SMS providers: one interface and a simulated implementation, chosen by settings.SMS_PROVIDER (as payment
gateways and tracking providers are). Real providers (Aliyun, Tencent Cloud) are out of scope, as real payment and
courier integrations are (DESIGN.md)."""

import hashlib
import logging
import threading
from dataclasses import dataclass
from typing import ClassVar, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsProvider(Protocol):
    def send(self, *, phone: str, text: str, key: str) -> str:
        """Send `text` to `phone`. `key` is the client's message id: a provider sends one text per key, so a
        retry after a lost answer sends nothing more. Returns the provider's id for the text."""


@dataclass(frozen=True)
class SimulatedSms:
    phone: str
    text: str
    key: str
    sms_id: str


class SimulatedSmsProvider:
    """Sends nothing: logs each text (the phone masked) and keeps the latest in `sent`, by key, as a real provider
    keeps client message ids; a text sent again under its key is not kept twice. Tests read `sent`."""

    KEEP = 1000  # a development worker runs for days: only the latest texts are kept
    sent: ClassVar[dict[str, SimulatedSms]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def send(self, *, phone: str, text: str, key: str) -> str:
        with self._lock:
            if key in self.sent:
                return self.sent[key].sms_id
            sms = SimulatedSms(phone, text, key, "sms-" + hashlib.sha256(key.encode()).hexdigest()[:16])
            self.sent[key] = sms
            while len(self.sent) > self.KEEP:
                del self.sent[next(iter(self.sent))]
        logger.info("simulated SMS %s to ***%s: %s", sms.sms_id, phone[-4:], text)
        return sms.sms_id


def sms_provider() -> SmsProvider:
    return import_string(settings.SMS_PROVIDER)()
