"""Demo "Dân vận khéo" records of 2025: models at every step, photos, a replication, exemplars."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from danvan.orgs import services as org_services
from danvan.orgs.models import Role, RoleAssignment, Unit

from . import services
from .models import EmulationModel, Evaluation, Exemplar, StatusEvent

# 2025, not 2024: the 2024 unit reports of the demo (and tests/browser/test_reports.py) type
# the DVK01/DVK02 figures by hand, which a registry with 2024 models would compute instead.
YEAR = 2025

# state: draft, registered, under_evaluation, recognised, not_recognised
MODELS: list[dict[str, Any]] = [
    {
        "unit": "KG-STTTT",
        "state": "recognised",
        "field": "political_system",
        "title": "“Cán bộ công nghệ số đến từng nhà” hướng dẫn người dân dùng dịch vụ công "
        "trực tuyến",
        "description": "Tổ công nghệ số cộng đồng gồm đoàn viên thanh niên của Sở và cán bộ "
        "bưu điện văn hóa xã đến từng hộ gia đình hướng dẫn cài đặt, kích hoạt tài khoản định "
        "danh điện tử VNeID, nộp hồ sơ và thanh toán trực tuyến các thủ tục thường gặp.",
        "participants_count": 460,
        "participants": "Đoàn viên Chi đoàn Sở, Tổ công nghệ số cộng đồng của 144 xã, phường, "
        "thị trấn; Bưu điện tỉnh.",
        "results": "Hướng dẫn 38.500 người kích hoạt tài khoản định danh điện tử; tỷ lệ hồ sơ "
        "trực tuyến toàn trình của các thủ tục được hướng dẫn tăng từ 31% lên 67%.",
        "started_on": dt.date(2025, 3, 26),
        "score": [92, 88, 90],
        "level": "province",
        "decision": ("1468/QĐ-UBND", dt.date(2025, 6, 20)),
        "photos": [((11, 87, 208), "Đoàn viên hướng dẫn người dân cài đặt VNeID tại nhà")],
    },
    {
        "unit": "KG-TP-RACHGIA",
        "state": "recognised",
        "field": "economy",
        "title": "Chợ phiên nông sản an toàn cuối tuần tại phường Vĩnh Thanh Vân",
        "description": "UBND thành phố phối hợp Hội Nông dân tổ chức chợ phiên sáng thứ Bảy, "
        "Chủ nhật để nông dân các xã ven đô bán trực tiếp rau, củ, trái cây đạt chuẩn VietGAP; "
        "cán bộ phường hỗ trợ truy xuất nguồn gốc bằng mã QR.",
        "participants_count": 135,
        "participants": "135 hộ nông dân, 4 hợp tác xã, Hội Nông dân và Hội Liên hiệp Phụ nữ "
        "thành phố.",
        "results": "Mỗi phiên tiêu thụ 6–8 tấn nông sản; thu nhập của hộ tham gia tăng bình "
        "quân 18%; không xảy ra vụ ngộ độc thực phẩm nào.",
        "started_on": dt.date(2025, 4, 6),
        "score": [86, 84],
        "level": "province",
        "decision": ("1468/QĐ-UBND", dt.date(2025, 6, 20)),
        "photos": [
            ((30, 110, 50), "Gian hàng rau VietGAP của hợp tác xã"),
            ((200, 120, 20), "Người dân quét mã QR truy xuất nguồn gốc"),
        ],
    },
    {
        "unit": "KG-STTTT",
        "state": "recognised",
        "field": "culture_society",
        "title": "Bản tin song ngữ Việt - Khmer trên đài truyền thanh cơ sở",
        "description": "Sở phối hợp Ban Dân tộc biên soạn bản tin hằng tuần bằng tiếng Việt và "
        "tiếng Khmer về chính sách, pháp luật, phát trên đài truyền thanh các xã có đông đồng "
        "bào Khmer.",
        "participants_count": 52,
        "participants": "Biên tập viên của Sở, Ban Dân tộc, 26 đài truyền thanh cấp xã.",
        "results": "Phát hành 12 kỳ bản tin; 26 xã phát định kỳ; người có uy tín trong đồng bào "
        "Khmer đánh giá nội dung dễ hiểu, kịp thời.",
        "started_on": dt.date(2025, 5, 2),
        "score": [81],
        "level": "province",
        "decision": ("1468/QĐ-UBND", dt.date(2025, 6, 20)),
        "photos": [((150, 40, 40), "Phát thanh viên đọc bản tin tiếng Khmer")],
    },
    {
        "unit": "KG-TP-RACHGIA",
        "state": "under_evaluation",
        "field": "defence_security",
        "title": "Tổ tự quản “Khu phố bình yên” tại phường An Hòa",
        "description": "Mỗi khu phố thành lập tổ tự quản gồm trưởng khu phố, công an viên, cựu "
        "chiến binh, đoàn viên; tuần tra ban đêm, hòa giải mâu thuẫn tại cộng đồng.",
        "participants_count": 96,
        "participants": "12 tổ tự quản, 96 thành viên.",
        "results": "Tội phạm trộm cắp tài sản giảm 22% so với năm 2024; hòa giải thành 41 vụ.",
        "started_on": dt.date(2025, 2, 15),
        "score": [78],
    },
    {
        "unit": "KG-TTT",
        "state": "registered",
        "field": "political_system",
        "title": "Tiếp công dân lưu động tại ấp, khu phố",
        "description": "Thanh tra tỉnh phối hợp UBND cấp huyện tổ chức tiếp công dân lưu động "
        "tại nhà văn hóa ấp nơi có nhiều vụ việc phức tạp, giải thích pháp luật ngay tại chỗ.",
        "participants_count": 30,
        "participants": "Thanh tra viên, cán bộ địa chính, tư pháp cấp xã.",
        "results": "Tổ chức 5 buổi, tiếp 112 lượt công dân, hướng dẫn rút 23 đơn.",
        "started_on": dt.date(2025, 4, 10),
    },
    {
        "unit": "KG-STTTT",
        "state": "not_recognised",
        "field": "culture_society",
        "title": "Nhóm Zalo “Hỏi – đáp chính sách” của Sở",
        "description": "Nhóm Zalo trả lời câu hỏi của người dân về chính sách thông tin và "
        "truyền thông.",
        "participants_count": 8,
        "participants": "Chuyên viên các phòng của Sở.",
        "results": "Trả lời 140 câu hỏi trong 6 tháng đầu năm.",
        "started_on": dt.date(2025, 3, 1),
        "score": [55],
        "reason": "Mô hình mới triển khai, phạm vi còn hẹp, chưa có số liệu đánh giá hiệu quả; "
        "đề nghị tiếp tục thực hiện và đăng ký lại năm sau.",
    },
    {
        "unit": "KG-TP-RACHGIA",
        "state": "draft",
        "field": "culture_society",
        "title": "“Thắp sáng đường quê” tại các xã ven đô",
        "description": "Vận động người dân đóng góp ngày công, kinh phí lắp đèn chiếu sáng "
        "đường liên ấp.",
        "participants": "Ban công tác Mặt trận các ấp.",
        "started_on": dt.date(2025, 5, 12),
    },
]

REPLICATIONS = [
    {
        "model": "KG-STTTT",
        "title_starts": "“Cán bộ công nghệ số",
        "unit": "KG-TP-RACHGIA",
        "applied_on": dt.date(2025, 6, 1),
        "notes": "12 phường, xã của thành phố thành lập tổ công nghệ số theo cách làm của Sở; "
        "tháng 6/2025 hướng dẫn 4.200 người kích hoạt tài khoản.",
    }
]

EXEMPLARS: list[dict[str, Any]] = [
    {
        "unit": "KG-TP-RACHGIA",
        "state": "recognised",
        "kind": "individual",
        "name": "Nguyễn Thị Mỹ Linh",
        "position": "Công chức Văn phòng - Thống kê, UBND phường Vĩnh Thanh Vân",
        "achievements": "Năm năm liền tiếp nhận, trả kết quả hồ sơ đúng hạn 100%; chủ động gọi "
        "điện hướng dẫn người cao tuổi bổ sung hồ sơ; không để người dân phải đi lại nhiều lần.",
        "date_of_birth": dt.date(1988, 7, 14),
        "id_number": "091188004512",
        "phone": "0913 552 407",
        "score": [94],
        "decision": ("1502/QĐ-UBND", dt.date(2025, 6, 25)),
    },
    {
        "unit": "KG-STTTT",
        "state": "proposed",
        "kind": "group",
        "name": "Trung tâm Công nghệ thông tin và Truyền thông",
        "position": "Đơn vị trực thuộc Sở Thông tin và Truyền thông",
        "achievements": "Vận hành Cổng dịch vụ công của tỉnh ổn định 99,9% thời gian; hỗ trợ "
        "trực tuyến 12.000 lượt người dân, doanh nghiệp trong 6 tháng đầu năm.",
    },
]

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=VN)


def _backdate(
    subject: EmulationModel | Exemplar, *, start: dt.date, decided: dt.date | None
) -> None:
    """Give the demo's steps the dates they would have had (the audit trail keeps load time)."""
    submitted = _at(start + dt.timedelta(days=21), 9)
    evaluated = _at((decided or start + dt.timedelta(days=60)) - dt.timedelta(days=7), 14)
    key = "emulation_model" if isinstance(subject, EmulationModel) else "exemplar"
    events = StatusEvent.objects.filter(**{key: subject})
    events.filter(to_status="draft").update(at=_at(start, 8))
    events.filter(to_status__in=["registered", "proposed"]).update(at=submitted)
    events.filter(to_status="under_evaluation").update(at=evaluated)
    Evaluation.objects.filter(**{key: subject}).update(created_at=evaluated, updated_at=evaluated)
    if decided is not None:
        moment = _at(decided, 15)
        events.filter(to_status__in=["recognised", "not_recognised"]).update(at=moment)
        type(subject).objects.filter(pk=subject.pk).update(decided_at=moment)
    if subject.status != "draft":
        type(subject).objects.filter(pk=subject.pk).update(submitted_at=submitted)


PALETTE = [(11, 87, 208), (30, 110, 50), (150, 40, 40), (200, 120, 20)]


def _user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first()


def _people(unit: Unit) -> tuple[Any, Any]:
    """Return (officer, head) of a unit; a unit without a head gets a stand-in account."""
    User = get_user_model()
    grants = RoleAssignment.objects.filter(unit=unit, archived_at=None).select_related("user")
    officer = next((g.user for g in grants if g.role == Role.UNIT_OFFICER), None)
    head = next((g.user for g in grants if g.role == Role.UNIT_HEAD), None)
    if head is None:
        head, made = User.objects.get_or_create(username=f"truong.{unit.code.lower()}")
        if made:
            head.set_unusable_password()
            head.save()
        org_services.role_grant(user=head, unit=unit, role=Role.UNIT_HEAD, by=_user("admin"))
        head = User.objects.get(pk=head.pk)  # a fresh object: roles are cached per object
    return officer or head, head


def _demo_image(*, colour: tuple[int, int, int], label_lines: int = 3) -> bytes:
    """Return a small generated JPEG (a coloured card with bars) for demo records."""
    image = Image.new("RGB", (480, 320), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((24, 24, 456, 296), outline=(255, 255, 255), width=4)
    for n in range(label_lines):
        top = 60 + n * 60
        draw.rectangle((56, top, 424 - n * 70, top + 28), fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def _photo(colour: tuple[int, int, int]) -> SimpleUploadedFile:
    return SimpleUploadedFile("anh-mo-hinh.jpg", _demo_image(colour=colour), "image/jpeg")


def _load_model(row: dict[str, Any], unit: Unit, coordinator: Any, council: list[Any]) -> None:
    officer, head = _people(unit)
    fields = {
        k: row[k]
        for k in ("field", "title", "description", "participants", "results", "started_on")
        if k in row
    }
    model = services.model_create(
        unit=unit,
        year=YEAR,
        participants_count=row.get("participants_count"),
        by=officer,
        **fields,
    )
    for colour, caption in row.get("photos", []):
        services.photo_add(model=model, upload=_photo(colour), caption=caption, by=officer)
    if row["state"] != "draft":
        _advance(row, model, head, coordinator, council)
    model.refresh_from_db()
    decided = row["decision"][1] if "decision" in row else None
    if row["state"] == "not_recognised":
        decided = row["started_on"] + dt.timedelta(days=90)
    _backdate(model, start=row["started_on"], decided=decided)


def _advance(
    row: dict[str, Any], model: EmulationModel, head: Any, coordinator: Any, council: list[Any]
) -> None:
    model = services.model_submit(model=model, by=head)
    for member, score in zip(council, row.get("score", []), strict=False):
        services.model_evaluate(model=model, member=member, score=score, comment="", by=coordinator)
        model.refresh_from_db()
    if row["state"] == "recognised":
        number, date = row["decision"]
        services.model_decide(
            model=model,
            recognised=True,
            level=row["level"],
            decision_number=number,
            decision_date=date,
            by=coordinator,
        )
    elif row["state"] == "not_recognised":
        services.model_decide(model=model, recognised=False, comment=row["reason"], by=coordinator)


def _load_exemplar(row: dict[str, Any], unit: Unit, coordinator: Any) -> None:
    officer, head = _people(unit)
    fields = {
        k: row[k]
        for k in ("kind", "name", "position", "achievements", "date_of_birth", "id_number", "phone")
        if k in row
    }
    exemplar = services.exemplar_create(unit=unit, year=YEAR, by=officer, **fields)
    exemplar = services.exemplar_submit(exemplar=exemplar, by=head)
    if row["state"] != "recognised":
        _backdate(exemplar, start=dt.date(YEAR, 4, 1), decided=None)
        return
    for score in row["score"]:
        services.exemplar_evaluate(
            exemplar=exemplar, member=coordinator, score=score, by=coordinator
        )
    exemplar.refresh_from_db()
    number, date = row["decision"]
    services.exemplar_decide(
        exemplar=exemplar,
        recognised=True,
        level="province",
        decision_number=number,
        decision_date=date,
        by=coordinator,
    )
    exemplar.refresh_from_db()
    _backdate(exemplar, start=dt.date(YEAR, 3, 15), decided=date)


def load_demo(add: Callable[[str, int], None]) -> None:
    """Create the demo models, replication and exemplars that do not exist yet."""
    coordinator = _user("dieuphoi")
    if coordinator is None:
        return
    # The council: the coordinator and the province's leadership.
    council = [u for u in (coordinator, _user("lanhdao")) if u is not None]
    units = {u.code: u for u in Unit.objects.filter(code__in={r["unit"] for r in MODELS})}
    made = 0
    for row in MODELS:
        unit = units.get(row["unit"])
        if unit is None:
            continue
        if EmulationModel.objects.filter(unit=unit, year=YEAR, title=row["title"]).exists():
            continue
        _load_model(row, unit, coordinator, council)
        made += 1
    if made:
        add("emulation_models", made)

    for rep in REPLICATIONS:
        model = EmulationModel.objects.filter(
            unit__code=rep["model"], year=YEAR, title__startswith=rep["title_starts"]
        ).first()
        unit = Unit.objects.filter(code=rep["unit"]).first()
        if model is None or unit is None or model.replications.filter(unit=unit).exists():
            continue
        officer, _head = _people(unit)
        services.replication_add(
            model=model, unit=unit, applied_on=rep["applied_on"], notes=rep["notes"], by=officer
        )
        add("emulation_replications", 1)

    made = 0
    for row in EXEMPLARS:
        unit = Unit.objects.filter(code=row["unit"]).first()
        if unit is None or Exemplar.objects.filter(unit=unit, name=row["name"]).exists():
            continue
        _load_exemplar(row, unit, coordinator)
        made += 1
    if made:
        add("exemplars", made)
