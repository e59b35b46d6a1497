"""Petition fixtures on top of the shared world: frozen time and ready-made cases."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from danvan.petitions import services
from danvan.petitions.models import Channel

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DENOUNCER = {
    "name": "Hồ Thị Xuyến Quỳnh",
    "id_number": "091234567890",
    "address": "Số 7 đường Trần Phú, phường Vĩnh Thanh",
    "phone": "0912345678",
    "email": "tocao@example.invalid",
}
COMPLAINANT = {
    "name": "Nguyễn Thị Khiếu",
    "id_number": "091098765432",
    "address": "Ấp Hòa Lợi, xã Hòa Thuận",
    "phone": "0987654321",
    "email": "",
}


@pytest.fixture
def freeze(monkeypatch: Any):  # type: ignore[no-untyped-def]
    """Return a function that fixes "now" at a local (Vietnam) date and time."""

    def _freeze(day: dt.date, hour: int = 9) -> dt.datetime:
        moment = dt.datetime(day.year, day.month, day.day, hour, tzinfo=VN)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return _freeze


@pytest.fixture
def receive(world):  # type: ignore[no-untyped-def]
    """Return a function that registers a case at unit A through the desk."""

    def _receive(content: str = "Khiếu nại quyết định thu hồi đất số 12/QĐ-UBND.", **kw: Any):
        kw.setdefault("submitter", dict(COMPLAINANT))
        kw.setdefault("unit", world.unit_a)
        kw.setdefault("channel", Channel.DESK)
        kw.setdefault("by", world.officer_a)
        return services.case_receive(content=content, **kw)

    return _receive


@pytest.fixture
def denunciation(world, receive, freeze):  # type: ignore[no-untyped-def]
    """A denunciation at unit A, classified, accepted and handled by officer A."""
    freeze(dt.date(2026, 3, 2))
    case, _secret = receive(
        "Tố cáo cán bộ địa chính xã nhận tiền khi làm hồ sơ cấp giấy chứng nhận.",
        submitter=dict(DENOUNCER),
        kind_hint="denunciation",
    )
    case = services.case_classify(
        case=case, kind="denunciation", competence="own", by=world.officer_a
    )
    case = services.case_accept(case=case, by=world.officer_a)
    case = services.case_assign_handler(case=case, handler=world.officer_a, by=world.head_a)
    return case


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():  # type: ignore[no-untyped-def]
    """Rolled-back test transactions and frozen clocks can fool the workcal cache stamp."""
    from danvan.workcal.selectors import caches_clear

    caches_clear()
    yield
    caches_clear()


@pytest.fixture
def other_officer_a(world):  # type: ignore[no-untyped-def]
    """A second officer of unit A who is not the handler of any case."""
    from django.contrib.auth import get_user_model

    from danvan.orgs import services as orgs

    user = get_user_model().objects.create_user(username="canbo_a_khac", password="x-Test-2024")
    orgs.role_grant(user=user, unit=world.unit_a, role="unit_officer", by=world.admin)
    return user
