"""How one-time codes reach a commenter: e-mail through Django's mail backend, phone pluggable.

There is no SMS gateway in the platform. A phone code goes through the class named by the
setting DANVAN_SMS_SENDER (a dotted path to a class with `send(phone, text)`). The default,
LoggingSmsSender, writes the message to the log and works only when DEBUG is on, so that a
production site never pretends to text people: without a real sender, the phone option is
not offered.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
DEFAULT_SMS_SENDER = "danvan.consultations.senders.LoggingSmsSender"


class LoggingSmsSender:
    """Development stand-in for an SMS gateway: logs the message."""

    @staticmethod
    def available() -> bool:
        """Return whether this sender may be used (development only)."""
        return bool(settings.DEBUG)

    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone, text)


class MemorySmsSender:
    """Keeps messages in `outbox` (like Django's locmem mail backend), for tests."""

    outbox: ClassVar[list[tuple[str, str]]] = []

    @staticmethod
    def available() -> bool:
        return True

    def send(self, phone: str, text: str) -> None:
        self.outbox.append((phone, text))


def sms_sender() -> Any:
    """Return the configured SMS sender."""
    return import_string(getattr(settings, "DANVAN_SMS_SENDER", DEFAULT_SMS_SENDER))()


def phone_available() -> bool:
    """Return whether codes can be sent to phones on this site."""
    return bool(sms_sender().available())


def code_message(code: str, title: str) -> str:
    """Return the text that carries the code."""
    return _(
        "Mã xác thực ý kiến góp ý dự thảo “%(title)s” của bạn là %(code)s. "
        "Mã có hiệu lực trong 30 phút. Nếu bạn không gửi ý kiến, hãy bỏ qua thư này."
    ) % {"title": title[:120], "code": code}


def send_code(*, contact_kind: str, email: str, phone: str, code: str, title: str) -> None:
    """Send the one-time code by e-mail or to the phone."""
    text = code_message(code, title)
    if contact_kind == "phone":
        sms_sender().send(phone, text)
        return
    send_mail(
        subject=_("Mã xác thực ý kiến góp ý dự thảo"),
        message=text,
        from_email=None,
        recipient_list=[email],
    )
