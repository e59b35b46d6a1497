"""Demo reception register and heads' schedules for the Kiên Giang demo (idempotent)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from danvan.orgs.models import Unit

from . import services
from .models import Reception, ReceptionSession, SessionStatus

SESSIONS = [
    # unit, login that keeps the schedule, host, position, place
    ("KG-STTTT", "canbo.stttt", "Nguyễn Minh Khoa", "Giám đốc Sở Thông tin và Truyền thông",
     "Phòng tiếp công dân, số 6 Nguyễn Công Trứ, phường Vĩnh Thanh Vân"),
    ("KG-TTT", "canbo.thanhtra", "Lê Hoàng Phúc", "Chánh Thanh tra tỉnh",
     "Trụ sở Tiếp công dân tỉnh, số 1 Nguyễn Trung Trực, Rạch Giá"),
]  # fmt: skip

VISITS = [
    # unit, recorder, days ago, kind, handling, people, summary, citizens
    ("KG-TTT", "canbo.thanhtra", 3, "complaint", "accepted", 1,
     "Khiếu nại quyết định thu hồi đất làm đường giao thông nông thôn, đề nghị xem xét lại giá "
     "bồi thường.", [("Trần Văn Lợi", "091087001234", "ấp Tà Tê, xã Mỹ Lâm")]),
    ("KG-TTT", "canbo.thanhtra", 6, "recommendation", "guided", 7,
     "Đoàn hộ dân phản ánh việc chậm bàn giao nền tái định cư khu dân cư Phú Cường.",
     [("Nguyễn Thị Hoa", "091090004567", "khu phố 3, phường An Hòa")]),
    ("KG-TTT", "canbo.thanhtra", 10, "denunciation", "accepted", 1,
     "Tố cáo cán bộ địa chính xã có hành vi gây phiền hà khi giải quyết hồ sơ đất đai.",
     [("Phạm Quốc Bảo", "091092007890", "xã Thạnh Đông")]),
    ("KG-STTTT", "canbo.stttt", 8, "other", "answered", 1,
     "Hỏi về thủ tục cấp giấy phép thiết lập trang thông tin điện tử tổng hợp.",
     [("Võ Thanh Tâm", "", "phường Rạch Sỏi")]),
]  # fmt: skip


def load_demo(add: Callable[[str, int], None]) -> None:
    """Create the demo schedules and register entries once."""
    units = {u.code: u for u in Unit.objects.filter(code__in={"KG-STTTT", "KG-TTT"})}
    if len(units) < 2 or Reception.objects.filter(unit__in=units.values()).exists():
        return
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="canbo.")}
    today = timezone.localdate()
    with transaction.atomic():
        made = 0
        for code, login, host, position, place in SESSIONS:
            if code not in units or login not in users:
                continue
            # The head received citizens every month this year except the previous one (so the
            # schedule page shows a warning), and next month's day is published.
            for months_back in (3, 2, 0, -1):
                month = _shift(today.replace(day=1), -months_back)
                day = month.replace(day=15 if code == "KG-TTT" else 18)
                if ReceptionSession.objects.filter(unit=units[code], day=day).exists():
                    continue
                session = services.session_schedule(
                    unit=units[code],
                    by=users[login],
                    day=day,
                    starts_at=dt.time(7, 30),
                    ends_at=dt.time(11, 0),
                    place=place,
                    host_name=host,
                    host_position=position,
                )
                if day <= today:
                    services.session_set_status(
                        session=session, status=SessionStatus.HELD, by=users[login]
                    )
                made += 1
        add("reception_sessions", made)
        made = 0
        for code, login, days_ago, kind, handling, people, summary, citizens in VISITS:
            when = timezone.make_aware(
                dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(8, 15))
            )
            services.reception_record(
                unit=units[code],
                by=users[login],
                received_at=when,
                receiver_name="Cán bộ tiếp công dân thường xuyên",
                people_count=people,
                summary=summary,
                classification=kind,
                handling=handling,
                handling_note="",
                citizens=[
                    {"full_name": n, "id_number": i, "address": a, "is_representative": True}
                    for n, i, a in citizens
                ],
            )
            made += 1
        add("receptions", made)


def _shift(first_of_month: dt.date, months: int) -> dt.date:
    index = first_of_month.year * 12 + first_of_month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)
