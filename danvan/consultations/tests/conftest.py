"""Consultation fixtures on top of the shared world: a clock, a draft and an open consultation."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from danvan.consultations import challenge, services

VN = ZoneInfo("Asia/Ho_Chi_Minh")
START = dt.datetime(2026, 4, 1, 8, 0, tzinfo=VN)


class Clock:
    """A settable "now" for the services (timezone.now is patched to read it)."""

    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment

    def set(self, moment: dt.datetime) -> dt.datetime:
        self.moment = moment
        return moment

    def advance(self, **delta: float) -> dt.datetime:
        self.moment = self.moment + dt.timedelta(**delta)
        return self.moment


@pytest.fixture
def clock(monkeypatch: Any) -> Clock:
    """Freeze time at 01/4/2026 08:00 (Vietnam); tests move it on."""
    fixed = Clock(START)
    monkeypatch.setattr(timezone, "now", fixed)
    return fixed


@pytest.fixture
def draft(world, clock):  # type: ignore[no-untyped-def]
    """A draft policy of unit A taking comments 02/4-30/4/2026, with three sections."""
    consultation = services.consultation_create(
        unit=world.unit_a,
        kind="policy",
        title="Dự thảo Quy chế dân chủ trong hoạt động của Sở",
        summary="Quy định việc công khai thông tin, lấy ý kiến công chức và người dân.",
        opens_at=dt.datetime(2026, 4, 2, 8, 0, tzinfo=VN),
        closes_at=dt.datetime(2026, 4, 30, 17, 0, tzinfo=VN),
        by=world.officer_a,
    )
    for heading, text in [
        ("Chương I. Quy định chung", "Điều 1. Phạm vi điều chỉnh."),
        ("Chương II. Công khai thông tin", "Điều 5. Nội dung công khai."),
        ("Chương III. Tổ chức thực hiện", "Điều 12. Trách nhiệm thi hành."),
    ]:
        services.section_add(
            consultation=consultation, heading=heading, text=text, by=world.officer_a
        )
    consultation.refresh_from_db()
    return consultation


@pytest.fixture
def open_consultation(world, draft, clock):  # type: ignore[no-untyped-def]
    """The draft, opened, at 03/4/2026 09:00 (inside its window)."""
    opened = services.consultation_open(consultation=draft, by=world.officer_a)
    clock.set(dt.datetime(2026, 4, 3, 9, 0, tzinfo=VN))
    return opened


def stamp_for(clock: Clock) -> str:
    """Return a form stamp issued a minute before the clock's now."""
    return challenge.issue_stamp(clock() - dt.timedelta(minutes=1))


def last_code() -> str:
    """Return the one-time code of the last e-mail sent."""
    body = mail.outbox[-1].body
    return next(
        word for word in body.replace(".", " ").split() if word.isdigit() and len(word) == 6
    )


@pytest.fixture
def submit_public(clock, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Return a function that sends a public comment and returns (comment, e-mailed code)."""

    def _submit(consultation, section=None, **extra):  # type: ignore[no-untyped-def]
        values = {
            "body": "Đề nghị bổ sung quy định công khai trên loa truyền thanh.",
            "author_name": "Nguyễn Văn An",
            "contact_kind": "email",
            "email": "an@example.invalid",
            "ip": "203.0.113.7",
        }
        values.update(extra)
        with django_capture_on_commit_callbacks(execute=True):
            comment = services.comment_submit_public(
                consultation=consultation, section=section, stamp=stamp_for(clock), **values
            )
        return comment, last_code()

    return _submit
