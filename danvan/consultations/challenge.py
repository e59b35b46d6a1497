"""Self-hosted anti-bot checks for the public comment form: a honeypot and a signed fill time.

No external service: the form carries a signed timestamp of when it was shown; a submission
that comes back sooner than a person could type, much later than a day, with a forged stamp,
or with the hidden "website" field filled in, is refused.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _

from danvan.core.errors import ApplicationError

SALT = "danvan.consultations.form-stamp"
MAX_AGE = dt.timedelta(days=1)


def min_fill_seconds() -> float:
    """Return how long a person needs at least between seeing the form and sending it."""
    return float(getattr(settings, "DANVAN_CONSULTATION_MIN_FILL_SECONDS", 3))


def issue_stamp(now: dt.datetime) -> str:
    """Return the signed moment the form was shown."""
    return signing.dumps(int(now.timestamp()), salt=SALT)


def check(*, stamp: str, honeypot: str, now: dt.datetime) -> None:
    """Raise ApplicationError when the submission looks automated."""
    refused = _(
        "Không gửi được ý kiến: biểu mẫu đã hết hạn hoặc không hợp lệ. "
        "Hãy tải lại trang rồi gửi lại; nội dung bạn nhập vẫn được giữ."
    )
    if honeypot.strip():
        raise ApplicationError(refused, code="bot_suspected")
    try:
        shown = int(signing.loads(stamp or "", salt=SALT))
    except (signing.BadSignature, TypeError, ValueError) as exc:
        raise ApplicationError(refused, code="bad_stamp") from exc
    elapsed = now.timestamp() - shown
    if elapsed > MAX_AGE.total_seconds() or elapsed < -60:
        raise ApplicationError(refused, code="stale_stamp")
    if elapsed < min_fill_seconds():
        raise ApplicationError(
            _("Bạn gửi quá nhanh. Hãy đọc lại ý kiến rồi bấm gửi lần nữa."), code="too_fast"
        )
