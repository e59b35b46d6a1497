"""Writes on reports: periods, forms, unit reports and their review, the provincial report."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.access import UNIT_HEAD, UNIT_OFFICER, actor_for, require
from danvan.core.audit import audit_record, snapshot
from danvan.core.errors import ApplicationError, ConflictError
from danvan.core.locking import lock_for_edit
from danvan.core.uploads import store_uploads
from danvan.lib import periods as period_rules
from danvan.lib.vntext import fold, nfc, short_date
from danvan.lib.workcal import CalendarRangeError
from danvan.notifications.models import NotificationKind
from danvan.notifications.services import notify
from danvan.orgs.models import Role, RoleAssignment, Unit
from danvan.plans.models import Assignment, Item, Plan

from . import policies, sources
from .models import (
    ANSWER_FIELDS,
    Aggregation,
    FormSection,
    Indicator,
    IndicatorValue,
    PeriodKind,
    PeriodStatus,
    ProvincialReport,
    ReportComment,
    ReportEvent,
    ReportEvidence,
    ReportForm,
    ReportPeriod,
    ReportRevision,
    ReportStatus,
    SectionAnswer,
    UnitReport,
    ValueSource,
    ValueType,
)
from .values import ANSWER_MAX, InvalidValueError, parse_value, plain

MANUAL_UNTIL_MODULE = "Nhập tay (chưa có phân hệ)"
MANUAL_NO_DATA = "Nhập tay (phân hệ chưa có số liệu cho kỳ này)"
PERIOD_EDIT_FIELDS = ("title", "due_on", "remind_days_before", "starts_on", "ends_on")
PROVINCIAL_FIELDS = (
    "number",
    "symbol",
    "place",
    "date",
    "subject",
    "narrative",
    "recipients",
    "signer_authority",
    "signer_title",
    "signer_name",
)
NARRATIVE_EXTRA_KEYS = ("_intro", "_conclusion")


class ReportValidationError(ApplicationError):
    """Some answers or figures are invalid; `errors` maps every bad field to its message.

    `field` and `message` carry the first error (what the API shows); forms show them all.
    """

    def __init__(self, errors: Mapping[str, str]):
        first_field, first_message = next(iter(errors.items()))
        super().__init__(first_message, field=first_field)
        self.errors = dict(errors)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value).strip()
    if isinstance(value, list):
        return [_clean(v) for v in value if not (isinstance(v, str) and not v.strip())]
    return value


def _url(name: str, *args: Any) -> str:
    """Return the page of a record for notifications; "" until the page exists."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _unit_people(unit_ids: Iterable[int], roles: Sequence[str]) -> list[Any]:
    rows = RoleAssignment.objects.filter(
        unit_id__in=list(unit_ids), role__in=roles, archived_at__isnull=True
    ).select_related("user")
    return [r.user for r in rows if r.user.is_active]


def _coordinators() -> list[Any]:
    rows = RoleAssignment.objects.filter(role=Role.COORDINATOR, archived_at__isnull=True)
    return [r.user for r in rows.select_related("user") if r.user.is_active]


def _report_url(report: UnitReport) -> str:
    return _url("reports:report", report.pk)


# Periods -----------------------------------------------------------------------------------


def _default_title(kind: str, year: int, index: int | None) -> str:
    label = period_rules.period_label(kind, year, index)
    return f"Báo cáo kết quả thực hiện công tác dân vận chính quyền {label}"


def _check_period_fields(
    kind: str, year: int, index: int | None, remind_days_before: int, title: str
) -> None:
    if kind not in PeriodKind.values:
        raise ApplicationError(_("Loại kỳ báo cáo không hợp lệ."), field="kind")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ApplicationError(_("Năm báo cáo phải từ 2000 đến 2100."), field="year")
    try:
        period_rules.check_index(kind, index)
    except period_rules.PeriodError as exc:
        count = period_rules.INDEX_COUNT[kind]
        message = (
            _("Kỳ báo cáo này không chia theo kỳ.")
            if count is None
            else _("Hãy chọn kỳ từ 1 đến %(n)d.") % {"n": count}
        )
        raise ApplicationError(message, field="index") from exc
    if not isinstance(remind_days_before, int) or not 0 <= remind_days_before <= 30:
        raise ApplicationError(
            _("Số ngày làm việc nhắc trước phải từ 0 đến 30."), field="remind_days_before"
        )
    if not title:
        raise ApplicationError(_("Tên kỳ báo cáo không được để trống."), field="title")


def _window(
    kind: str, year: int, index: int | None, starts_on: dt.date | None, ends_on: dt.date | None
) -> tuple[dt.date, dt.date]:
    try:
        return period_rules.data_window(kind, year, index, starts_on=starts_on, ends_on=ends_on)
    except period_rules.PeriodError as exc:
        if kind in period_rules.PERIODIC:
            message = _("Kỳ báo cáo định kỳ có thời gian lấy số liệu theo Nghị định 09/2019.")
        elif starts_on is None or ends_on is None:
            message = _("Báo cáo chuyên đề, đột xuất cần ngày bắt đầu và kết thúc lấy số liệu.")
        else:
            message = _("Ngày kết thúc lấy số liệu phải sau ngày bắt đầu.")
        raise ApplicationError(message, field="ends_on") from exc


def _check_period_unique(
    plan: Plan | None, kind: str, year: int, index: int | None, exclude: int | None = None
) -> None:
    if kind not in period_rules.PERIODIC:
        return
    qs = ReportPeriod.objects.filter(
        plan=plan, kind=kind, year=year, index=index, archived_at__isnull=True
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    if qs.exists():
        raise ApplicationError(_("Kỳ báo cáo này đã được tạo."), field="kind")


@transaction.atomic
def period_create(
    *,
    kind: str,
    year: int,
    by: Any,
    index: int | None = None,
    plan: Plan | None = None,
    title: str = "",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    due_on: dt.date | None = None,
    remind_days_before: int = 3,
    form: ReportForm | None = None,
) -> ReportPeriod:
    """Create a draft period (coordinator); the window comes from lib.periods.

    Thematic and ad hoc periods take `starts_on`/`ends_on`; without `form` the default
    Directive 33 form is created for `plan`. The title defaults to "Báo cáo kết quả ... năm 2024".
    """
    require(policies.can_manage_periods(actor_for(by)))
    _check_period_fields(kind, year, index, remind_days_before, "-")
    title = _clean(title) or (
        _default_title(kind, year, index) if kind in period_rules.PERIODIC else ""
    )
    _check_period_fields(kind, year, index, remind_days_before, title)
    first, last = _window(kind, year, index, starts_on, ends_on)
    if due_on is not None and due_on < first:
        raise ApplicationError(_("Hạn nộp phải sau ngày bắt đầu kỳ báo cáo."), field="due_on")
    _check_period_unique(plan, kind, year, index)
    if form is None:
        form = form_create_default(plan=plan, by=by)
    elif form.is_archived:
        raise ApplicationError(_("Mẫu báo cáo đã bị lưu trữ."), field="form")
    period = ReportPeriod.objects.create(
        plan=plan,
        kind=kind,
        year=year,
        index=index,
        title=title[:300],
        starts_on=first,
        ends_on=last,
        due_on=due_on,
        remind_days_before=remind_days_before,
        form=form,
    )
    audit_record(action="report_period.create", obj=period, by=by)
    return period


@transaction.atomic
def period_update(
    *, period: ReportPeriod, expected_version: int | None, by: Any, **fields: Any
) -> ReportPeriod:
    """Change title, due_on, remind_days_before (and the window of thematic/ad hoc periods)."""
    require(policies.can_edit_period(actor_for(by), period))
    unknown = set(fields) - set(PERIOD_EDIT_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown period fields: {sorted(unknown)}")
    fresh = lock_for_edit(period, expected_version)
    before = snapshot(fresh)
    for key, value in fields.items():
        setattr(fresh, key, _clean(value))
    _check_period_fields(fresh.kind, fresh.year, fresh.index, fresh.remind_days_before, fresh.title)
    if fresh.kind in period_rules.PERIODIC:
        if {"starts_on", "ends_on"} & set(fields):
            window = _window(fresh.kind, fresh.year, fresh.index, None, None)
            if (fresh.starts_on, fresh.ends_on) != window:
                raise ApplicationError(
                    _("Kỳ báo cáo định kỳ có thời gian lấy số liệu theo Nghị định 09/2019."),
                    field="starts_on",
                )
    else:
        _window(fresh.kind, fresh.year, fresh.index, fresh.starts_on, fresh.ends_on)
    if fresh.due_on is not None and fresh.due_on < fresh.starts_on:
        raise ApplicationError(_("Hạn nộp phải sau ngày bắt đầu kỳ báo cáo."), field="due_on")
    fresh.save()
    audit_record(action="report_period.update", obj=fresh, by=by, before=before)
    return fresh


@transaction.atomic
def period_open(*, period: ReportPeriod, by: Any) -> ReportPeriod:
    """Open a draft period: units may now write and submit their reports (needs due_on)."""
    require(policies.can_manage_periods(actor_for(by)) and period.status == PeriodStatus.DRAFT)
    fresh = lock_for_edit(period, None)
    if fresh.status != PeriodStatus.DRAFT:
        raise ConflictError()
    if fresh.due_on is None:
        raise ApplicationError(_("Hãy đặt hạn nộp trước khi mở kỳ báo cáo."), field="due_on")
    if not fresh.form.sections.exists() and not fresh.form.indicators.exists():
        raise ApplicationError(_("Mẫu báo cáo chưa có nội dung."), field="form")
    fresh.status = PeriodStatus.OPEN
    fresh.save()
    audit_record(
        action="report_period.open",
        obj=fresh,
        by=by,
        before={"status": PeriodStatus.DRAFT},
        after={"status": PeriodStatus.OPEN},
    )
    units = units_in_scope(fresh)
    notify(
        users=_unit_people([u.pk for u in units], [UNIT_OFFICER, UNIT_HEAD]),
        kind=NotificationKind.DEADLINE,
        text=_("Mở kỳ báo cáo: %(title)s; hạn nộp %(due)s")
        % {"title": fresh.title, "due": short_date(fresh.due_on)},
        url=_url("reports:period", fresh.pk),
        dedupe_key=f"report-open:{fresh.pk}",
    )
    return fresh


@transaction.atomic
def period_close(*, period: ReportPeriod, by: Any) -> ReportPeriod:
    """Close an open period: no more edits or submissions."""
    require(policies.can_manage_periods(actor_for(by)) and period.status == PeriodStatus.OPEN)
    fresh = lock_for_edit(period, None)
    if fresh.status != PeriodStatus.OPEN:
        raise ConflictError()
    fresh.status = PeriodStatus.CLOSED
    fresh.save()
    audit_record(
        action="report_period.close",
        obj=fresh,
        by=by,
        before={"status": PeriodStatus.OPEN},
        after={"status": PeriodStatus.CLOSED},
    )
    return fresh


# Forms -------------------------------------------------------------------------------------

# The seven task groups of section II of a provincial plan implementing Directive 33.
DEFAULT_SECTIONS = (
    "Quán triệt, thể chế hóa chủ trương, chính sách về công tác dân vận; lãnh đạo, chỉ đạo",
    "Tuyên truyền, giáo dục nâng cao nhận thức về công tác dân vận",
    "Phong trào thi đua “Dân vận khéo”",
    "Công tác cải cách hành chính",
    "Nâng cao đạo đức công vụ, tinh thần trách nhiệm, ý thức phục vụ Nhân dân",
    "Công tác tiếp công dân, xử lý đơn thư khiếu nại, tố cáo",
    "Phối hợp với Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội",
)
# Words (folded) that recognise each task group in a plan's own titles.
TOPICS = {
    "lead": ("quan triet", "the che", "lanh dao, chi dao"),
    "propaganda": ("tuyen truyen",),
    "emulation": ("dan van kheo",),
    "admin_reform": ("cai cach hanh chinh", "thu tuc hanh chinh"),
    "ethics": ("dao duc cong vu", "dao duc"),
    "reception": ("tiep dan", "tiep cong dan", "don thu", "khieu nai"),
    "front": ("mat tran",),
}
DEFAULT_TOPIC_ORDER = tuple(TOPICS)

INT, DEC, PCT, YES_NO, TXT = (
    ValueType.INTEGER,
    ValueType.DECIMAL,
    ValueType.PERCENT,
    ValueType.BOOLEAN,
    ValueType.TEXT,
)
# (topic, code, label, unit of measure, type, aggregation, required, computed source, note)
DEFAULT_INDICATORS: tuple[tuple[str, str, str, str, str, str, bool, str, str], ...] = (
    ("lead", "KH01", "Đơn vị có ban hành kế hoạch triển khai thực hiện", "", YES_NO,
     Aggregation.COUNT_TRUE, True, "plans.unit_plan_issued",
     "Có khi kế hoạch triển khai của đơn vị đã trình hoặc đã được chấp thuận."),
    ("lead", "KH02", "Tỷ lệ nhiệm vụ được giao đã hoàn thành", "%", PCT, Aggregation.AVG, False,
     "plans.assignments_done_percent",
     "Số nhiệm vụ hoàn thành trên tổng số nhiệm vụ được giao trong kế hoạch."),
    ("lead", "KP01", "Kinh phí bố trí cho công tác dân vận chính quyền", "triệu đồng", DEC,
     Aggregation.SUM, False, "", ""),
    ("propaganda", "TT01", "Số cuộc tuyên truyền, phổ biến về công tác dân vận chính quyền",
     "cuộc", INT, Aggregation.SUM, True, "registers.propaganda_events",
     "Lấy từ Sổ theo dõi hoạt động tuyên truyền (phân hệ Sổ theo dõi)."),
    ("propaganda", "TT02", "Số lượt người tham dự tuyên truyền, phổ biến", "lượt người", INT,
     Aggregation.SUM, True, "registers.propaganda_participants",
     "Tổng số lượt người dự các hoạt động trong Sổ theo dõi."),
    ("emulation", "DVK01", "Số mô hình “Dân vận khéo” đăng ký thực hiện", "mô hình", INT,
     Aggregation.SUM, True, "emulation.models_registered",
     "Sẽ lấy từ phân hệ Phong trào thi đua “Dân vận khéo”."),
    ("emulation", "DVK02", "Số mô hình “Dân vận khéo” được công nhận", "mô hình", INT,
     Aggregation.SUM, False, "emulation.models_recognised",
     "Sẽ lấy từ phân hệ Phong trào thi đua “Dân vận khéo”."),
    ("admin_reform", "HC01", "Số thủ tục hành chính được cắt giảm", "thủ tục", INT,
     Aggregation.SUM, False, "", ""),
    ("admin_reform", "HC02", "Số thủ tục hành chính được đơn giản hóa", "thủ tục", INT,
     Aggregation.SUM, False, "", ""),
    ("admin_reform", "HC03", "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn", "%", PCT,
     Aggregation.AVG, False, "", ""),
    ("ethics", "KL01",
     "Số cán bộ, công chức, viên chức bị xử lý kỷ luật do gây phiền hà, sách nhiễu Nhân dân",
     "người", INT, Aggregation.SUM, True, "registers.officials_disciplined",
     "Số quyết định kỷ luật do gây phiền hà, sách nhiễu Nhân dân trong kỳ (Sổ theo dõi)."),
    ("reception", "TCD01", "Số buổi người đứng đầu tiếp công dân định kỳ, đột xuất", "buổi", INT,
     Aggregation.SUM, True, "reception.head_sessions",
     "Số buổi người đứng đầu đã tiếp theo lịch tiếp công dân (phân hệ Tiếp công dân)."),
    ("reception", "DT01", "Số đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh tiếp nhận", "đơn",
     INT, Aggregation.SUM, False, "petitions.received",
     "Sẽ lấy từ phân hệ Tiếp công dân, xử lý đơn thư."),
    ("reception", "DT02", "Tỷ lệ đơn thư được giải quyết đúng hạn", "%", PCT, Aggregation.AVG,
     False, "petitions.resolved_on_time_percent",
     "Sẽ lấy từ phân hệ Tiếp công dân, xử lý đơn thư."),
    ("front", "MT01",
     "Số kiến nghị của Mặt trận Tổ quốc và các tổ chức chính trị - xã hội nhận được",
     "kiến nghị", INT, Aggregation.SUM, False, "front.recommendations_received",
     "Sẽ lấy từ phân hệ Kiến nghị của Mặt trận Tổ quốc."),
    ("front", "MT02",
     "Số kiến nghị của Mặt trận Tổ quốc và các tổ chức chính trị - xã hội đã trả lời",
     "kiến nghị", INT, Aggregation.SUM, False, "front.recommendations_answered",
     "Sẽ lấy từ phân hệ Kiến nghị của Mặt trận Tổ quốc."),
    ("front", "LYK01", "Số ý kiến góp ý dự thảo chính sách, kế hoạch được tiếp nhận", "ý kiến",
     INT, Aggregation.SUM, False, "consultation.comments_received",
     "Ý kiến đã duyệt của các cuộc lấy ý kiến do đơn vị chủ trì, kết thúc trong kỳ."),
    ("front", "GC01", "Ý kiến khác", "", TXT, Aggregation.NONE, False, "", ""),
)  # fmt: skip


def _task_groups(plan: Plan) -> list[Item]:
    """Return the items of a plan's section II (its task groups), or [] if it has none."""
    items = list(
        Item.objects.filter(section__plan=plan, section__numeral__iexact="II").order_by(
            "position", "id"
        )
    )
    return [i for i in items if i.title.strip()]


def _topic_of(title: str) -> str | None:
    folded = fold(title)
    for topic, words in TOPICS.items():
        if any(w in folded for w in words):
            return topic
    return None


@transaction.atomic
def form_create_default(*, by: Any, plan: Plan | None = None) -> ReportForm:
    """Create the default annual Directive 33 form: a section per task group and 17 indicators.

    With a plan, one section per item of its section II (the task groups); otherwise the seven
    standard titles. Indicators go to the section whose title matches their topic.
    """
    require(policies.can_manage_periods(actor_for(by)))
    form = ReportForm.objects.create(
        title=_("Mẫu báo cáo kết quả thực hiện Chỉ thị 33/CT-TTg"),
        plan=plan,
        description=_(
            "Mỗi phần ứng với một nhóm nhiệm vụ của kế hoạch: nêu công việc đã triển khai, "
            "kết quả đạt được, tồn tại, hạn chế và nguyên nhân, đề xuất, kiến nghị."
        ),
    )
    groups = _task_groups(plan) if plan is not None else []
    by_topic: dict[str, FormSection] = {}
    used: set[str] = set()
    if groups:
        for position, item in enumerate(groups):
            code = item.number.strip() or str(position + 1)
            if code in used:
                code = str(position + 1)
            used.add(code)
            section = FormSection.objects.create(
                form=form, code=code, title=item.title[:500], position=position, item=item
            )
            topic = _topic_of(item.title)
            if topic is not None:
                by_topic.setdefault(topic, section)
    else:
        for position, (title, topic) in enumerate(
            zip(DEFAULT_SECTIONS, DEFAULT_TOPIC_ORDER, strict=True)
        ):
            section = FormSection.objects.create(
                form=form, code=str(position + 1), title=title, position=position
            )
            by_topic[topic] = section
    for position, row in enumerate(DEFAULT_INDICATORS):
        topic, code, label, uom, kind, aggregation, required, source, note = row
        Indicator.objects.create(
            form=form,
            section=by_topic.get(topic),
            code=code,
            label=label,
            unit_of_measure=uom,
            value_type=kind,
            required=required,
            min_value=decimal.Decimal(0) if kind in (INT, DEC, PCT) else None,
            max_value=decimal.Decimal(100) if kind == PCT else None,
            aggregation=aggregation,
            computed_source=source,
            computed_note=note,
            position=position,
        )
    audit_record(
        action="report_form.create",
        obj=form,
        by=by,
        after={
            **snapshot(form),
            "sections": list(form.sections.values_list("code", flat=True)),
            "indicators": list(form.indicators.values_list("code", flat=True)),
        },
    )
    return form


def _check_indicator(
    value_type: str, aggregation: str, min_value: Any, max_value: Any
) -> tuple[decimal.Decimal | None, decimal.Decimal | None]:
    """Validate an indicator's type, aggregation and range; return the range as Decimals."""
    if value_type not in ValueType.values:
        raise ApplicationError(_("Kiểu dữ liệu không hợp lệ."), field="value_type")
    if aggregation not in Aggregation.values:
        raise ApplicationError(_("Cách tổng hợp không hợp lệ."), field="aggregation")
    numeric = value_type in (INT, DEC, PCT)
    if aggregation == Aggregation.COUNT_TRUE and value_type != YES_NO:
        raise ApplicationError(_("Chỉ đếm “Có” với chỉ tiêu dạng Có/Không."), field="aggregation")
    if aggregation in (Aggregation.SUM, Aggregation.AVG, Aggregation.MIN, Aggregation.MAX) and (
        not numeric
    ):
        raise ApplicationError(_("Chỉ tổng hợp số học với chỉ tiêu dạng số."), field="aggregation")
    bounds: list[decimal.Decimal | None] = []
    for name, value in (("min_value", min_value), ("max_value", max_value)):
        if value is None or value == "":
            bounds.append(None)
            continue
        try:
            bounds.append(decimal.Decimal(str(value)))
        except decimal.InvalidOperation as exc:
            raise ApplicationError(_("Hãy nhập một con số."), field=name) from exc
    if bounds[0] is not None and bounds[1] is not None and bounds[1] < bounds[0]:
        raise ApplicationError(
            _("Giá trị lớn nhất phải từ giá trị nhỏ nhất trở lên."), field="max_value"
        )
    return bounds[0], bounds[1]


@transaction.atomic
def indicator_add(
    *,
    form: ReportForm,
    code: str,
    label: str,
    by: Any,
    section: FormSection | None = None,
    value_type: str = "integer",
    unit_of_measure: str = "",
    required: bool = False,
    min_value: Any = None,
    max_value: Any = None,
    aggregation: str = "sum",
    computed_source: str = "",
    computed_note: str = "",
) -> Indicator:
    """Add an indicator to a form (coordinator), refused once a period using it is open."""
    require(policies.can_manage_periods(actor_for(by)))
    if form.periods.exclude(status=PeriodStatus.DRAFT).exists():
        raise ApplicationError(_("Mẫu báo cáo đang được sử dụng, không thể thêm chỉ tiêu."))
    code, label = _clean(code), _clean(label)
    if not code or not label:
        raise ApplicationError(_("Chỉ tiêu cần có mã và tên."), field="code")
    bounds = _check_indicator(value_type, aggregation, min_value, max_value)
    if section is not None and section.form_id != form.pk:
        raise ApplicationError(_("Phần không thuộc mẫu báo cáo này."), field="section")
    if form.indicators.filter(code=code).exists():
        raise ApplicationError(_("Mã chỉ tiêu %(code)s đã có.") % {"code": code}, field="code")
    indicator = Indicator.objects.create(
        form=form,
        section=section,
        code=code[:30],
        label=label[:500],
        unit_of_measure=_clean(unit_of_measure)[:50],
        value_type=value_type,
        required=bool(required),
        min_value=bounds[0],
        max_value=bounds[1],
        aggregation=aggregation,
        computed_source=_clean(computed_source)[:100],
        computed_note=_clean(computed_note)[:500],
        position=form.indicators.count(),
    )
    audit_record(action="report_indicator.add", obj=indicator, by=by)
    return indicator


INDICATOR_EDIT_FIELDS = (
    "section",
    "label",
    "unit_of_measure",
    "value_type",
    "required",
    "min_value",
    "max_value",
    "aggregation",
    "computed_source",
    "computed_note",
)


def _has_values(indicator: Indicator) -> bool:
    """Return whether some unit report holds a figure (not an empty cell) for `indicator`."""
    return (
        IndicatorValue.objects.filter(indicator=indicator)
        .filter(Q(number__isnull=False) | Q(boolean__isnull=False) | ~Q(text=""))
        .exists()
    )


@transaction.atomic
def indicator_update(
    *, indicator: Indicator, by: Any, expected_version: int | None = None, **fields: Any
) -> Indicator:
    """Change an indicator of a form (coordinator).

    Indicators carry no version, so `expected_version` is accepted and ignored. The value type
    is fixed once a unit report holds a figure for the indicator, and a computed indicator keeps
    its source.
    """
    require(policies.can_manage_periods(actor_for(by)))
    unknown = set(fields) - set(INDICATOR_EDIT_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown indicator fields: {sorted(unknown)}")
    fresh = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if ReportPeriod.objects.filter(form_id=fresh.form_id, status=PeriodStatus.CLOSED).exists():
        raise ApplicationError(_("Biểu mẫu thuộc kỳ báo cáo đã khóa sổ, không thể sửa chỉ tiêu."))
    before = snapshot(fresh)
    if "value_type" in fields and fields["value_type"] != fresh.value_type and _has_values(fresh):
        raise ApplicationError(
            _("Đã có đơn vị nhập số liệu cho chỉ tiêu này, không thể đổi kiểu dữ liệu."),
            field="value_type",
        )
    new_source = _clean(fields.get("computed_source", fresh.computed_source) or "")
    if fresh.is_computed() and new_source != fresh.computed_source:
        raise ApplicationError(
            _("Chỉ tiêu được tính tự động, không thể sửa nguồn tự động."),
            field="computed_source",
        )
    section = fields.get("section", fresh.section)
    if section is not None and section.form_id != fresh.form_id:
        raise ApplicationError(_("Phần không thuộc mẫu báo cáo này."), field="section")
    value_type = fields.get("value_type", fresh.value_type)
    aggregation = fields.get("aggregation", fresh.aggregation)
    min_value, max_value = _check_indicator(
        value_type,
        aggregation,
        fields.get("min_value", fresh.min_value),
        fields.get("max_value", fresh.max_value),
    )
    label = _clean(fields.get("label", fresh.label))
    if not label:
        raise ApplicationError(_("Chỉ tiêu cần có mã và tên."), field="label")
    fresh.section = section
    fresh.label = label[:500]
    fresh.unit_of_measure = _clean(fields.get("unit_of_measure", fresh.unit_of_measure))[:50]
    fresh.value_type = value_type
    fresh.required = bool(fields.get("required", fresh.required))
    fresh.min_value, fresh.max_value = min_value, max_value
    fresh.aggregation = aggregation
    fresh.computed_source = _clean(fields.get("computed_source", fresh.computed_source))[:100]
    fresh.computed_note = _clean(fields.get("computed_note", fresh.computed_note))[:500]
    fresh.save()
    after = snapshot(fresh)
    if after != before:
        audit_record(
            action="report_indicator.update",
            obj=fresh,
            by=by,
            before={k: v for k, v in before.items() if after[k] != v},
            after={k: v for k, v in after.items() if before[k] != v},
        )
    return fresh


@transaction.atomic
def indicator_archive(*, indicator: Indicator, by: Any) -> Indicator:
    """Remove an indicator from its form (coordinator), refused once a unit has a figure for it.

    The indicator is archived, not deleted: it leaves the form and every page, and stays in the
    database and the audit trail. Empty cells of unit reports for it hold nothing and are
    removed. Returns the archived indicator.
    """
    require(policies.can_manage_periods(actor_for(by)))
    fresh = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if ReportPeriod.objects.filter(form_id=fresh.form_id, status=PeriodStatus.CLOSED).exists():
        raise ApplicationError(_("Biểu mẫu thuộc kỳ báo cáo đã khóa sổ, không thể sửa chỉ tiêu."))
    if _has_values(fresh):
        raise ApplicationError(
            _("Đã có đơn vị nhập số liệu cho chỉ tiêu này, không thể gỡ khỏi mẫu báo cáo.")
        )
    if ReportComment.objects.filter(indicator=fresh).exists():
        raise ApplicationError(_("Chỉ tiêu đã có ý kiến thẩm định, không thể gỡ khỏi mẫu báo cáo."))
    before = snapshot(fresh)
    IndicatorValue.objects.filter(indicator=fresh).delete()  # only empty cells: checked above
    fresh.archived_at = timezone.now()
    fresh.save(update_fields=["archived_at"])
    audit_record(action="report_indicator.archive", obj=fresh, by=by, before=before)
    return fresh


# Unit reports ------------------------------------------------------------------------------


def units_in_scope(period: ReportPeriod) -> list[Unit]:
    """Return the units expected to report: those assigned tasks of the plan, or all active."""
    if period.plan_id is not None:
        ids = Assignment.objects.filter(
            task__plan_id=period.plan_id, archived_at__isnull=True
        ).values("unit_id")
        return list(Unit.objects.filter(pk__in=ids).order_by("name"))
    return list(Unit.objects.active_on(period.ends_on).order_by("name"))


def _in_scope(period: ReportPeriod, unit: Unit) -> bool:
    if period.plan_id is not None:
        return Assignment.objects.filter(
            task__plan_id=period.plan_id, unit=unit, archived_at__isnull=True
        ).exists()
    return unit.is_active_on(period.ends_on) and not unit.is_archived


def _event(
    report: UnitReport, by: Any, from_status: str, to_status: str, comment: str = ""
) -> None:
    ReportEvent.objects.create(
        report=report,
        by=by if getattr(by, "is_authenticated", False) else None,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
    )


@transaction.atomic
def report_open_for_unit(*, period: ReportPeriod, unit: Unit, by: Any) -> UnitReport:
    """Return the unit's report for the period, creating the draft (with computed figures)."""
    actor = actor_for(by)
    existing = (
        UnitReport.objects.filter(period=period, unit=unit, archived_at__isnull=True)
        .select_related("period", "unit")
        .first()
    )
    if existing is not None:
        require(
            policies.can_view_report(actor, existing),
            visible=False,
        )
        return existing
    require(
        policies.can_open_report(actor, period, unit.pk),
        visible=actor.in_unit(unit.pk, *policies.ALL_UNIT_ROLES) or actor.sees_province,
    )
    if not _in_scope(period, unit):
        raise ApplicationError(
            _("Đơn vị %(unit)s không thuộc diện báo cáo kỳ này.") % {"unit": unit.name},
            field="unit",
        )
    try:
        with transaction.atomic():
            report = UnitReport.objects.create(period=period, unit=unit)
    except IntegrityError:
        # Two people of the unit opened the report at the same moment: use the other one's.
        return UnitReport.objects.get(period=period, unit=unit, archived_at__isnull=True)
    audit_record(action="unit_report.create", obj=report, by=by)
    computed_values_fill(report=report)
    report.refresh_from_db()
    return report


def _parse_answers(
    form_sections: Mapping[str, FormSection], answers: Mapping[str, Any]
) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    cleaned: dict[str, dict[str, str]] = {}
    errors: dict[str, str] = {}
    if not isinstance(answers, Mapping):
        return cleaned, {"answers": _("Nội dung các phần không hợp lệ.")}
    for code, parts in answers.items():
        key = f"answers.{code}"
        if code not in form_sections:
            errors[key] = _("Mẫu báo cáo không có phần %(code)s.") % {"code": str(code)[:30]}
            continue
        if not isinstance(parts, Mapping):
            errors[key] = _("Nội dung phần không hợp lệ.")
            continue
        cleaned[code] = {}
        for part, text in parts.items():
            if part not in ANSWER_FIELDS:
                errors[f"{key}.{str(part)[:30]}"] = _("Trường không có trong mẫu báo cáo.")
            elif not isinstance(text, str) and text is not None:
                errors[f"{key}.{part}"] = _("Hãy nhập nội dung dạng văn bản.")
            elif text and "\x00" in text:
                errors[f"{key}.{part}"] = _("Nội dung chứa ký tự không hợp lệ.")
            elif text and len(text) > ANSWER_MAX:
                errors[f"{key}.{part}"] = _("Nội dung dài quá %(n)d ký tự.") % {"n": ANSWER_MAX}
            else:
                cleaned[code][part] = nfc(text or "").strip()
    return cleaned, errors


@transaction.atomic
def report_save(
    *,
    report: UnitReport,
    expected_version: int | None,
    by: Any,
    answers: Mapping[str, Mapping[str, str]] | None = None,
    values: Mapping[str, Any] | None = None,
) -> UnitReport:
    """Autosave part or all of a draft/returned report; returns it with its new version.

    `answers` = {section_code: {done, results, shortcomings, proposals}} (keys given are
    replaced, others kept); `values` = {indicator_code: raw} where raw is a number, a numeric
    string ("1.250", "87,5"), a bool, text, or None/"" to clear. Invalid input raises
    ReportValidationError with fields "values.<code>" / "answers.<code>.<part>"; a stale
    `expected_version` raises ConflictError. Officers and heads of the unit only.
    """
    actor = actor_for(by)
    require(
        policies.can_edit_report(actor, report), visible=policies.can_view_report(actor, report)
    )
    fresh = lock_for_edit(report, expected_version)
    if not fresh.is_editable():
        raise ConflictError(_("Báo cáo đã được gửi; không thể sửa nữa."))
    computed_values_fill(report=fresh)
    form_id = fresh.period.form_id
    sections = {s.code: s for s in FormSection.objects.filter(form_id=form_id)}
    indicators = {i.code: i for i in Indicator.objects.filter(form_id=form_id)}
    stored = {v.indicator_id: v for v in IndicatorValue.objects.filter(report=fresh)}
    cleaned, errors = _parse_answers(sections, answers or {})
    parsed = {}
    if not isinstance(values or {}, Mapping):
        errors["values"] = _("Số liệu không hợp lệ.")
        values = {}
    for code, raw in (values or {}).items():
        key = f"values.{code}"
        indicator = indicators.get(code)
        if indicator is None:
            errors[key] = _("Mẫu báo cáo không có chỉ tiêu %(code)s.") % {"code": str(code)[:30]}
            continue
        try:
            value = parse_value(indicator, raw)
        except InvalidValueError as exc:
            errors[key] = str(exc)
            continue
        current = stored.get(indicator.pk)
        if current is not None and current.source == ValueSource.COMPUTED:
            if value.is_empty() or _same(current, value):
                continue  # a form resends the computed figure unchanged: nothing to do
            errors[key] = _("Chỉ tiêu này được tính tự động; không nhập tay.")
            continue
        parsed[indicator] = value
    if errors:
        raise ReportValidationError(errors)

    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    answer_rows = {a.section_id: a for a in SectionAnswer.objects.filter(report=fresh)}
    for code, parts in cleaned.items():
        section = sections[code]
        row = answer_rows.get(section.pk) or SectionAnswer(report=fresh, section=section)
        changed = False
        for part, text in parts.items():
            if getattr(row, part) != text:
                before[f"answers.{code}.{part}"] = getattr(row, part)
                after[f"answers.{code}.{part}"] = text
                setattr(row, part, text)
                changed = True
        if changed or row.pk is None:
            row.save()
    for indicator, value in parsed.items():
        row = stored.get(indicator.pk) or IndicatorValue(report=fresh, indicator=indicator)
        old = plain(row.raw(indicator.value_type)) if row.pk else None
        row.number, row.text, row.boolean = value.number, value.text, value.boolean
        row.source = ValueSource.MANUAL
        if indicator.is_computed():
            row.source_detail = row.source_detail or MANUAL_UNTIL_MODULE
        new = plain(row.raw(indicator.value_type))
        if old != new or row.pk is None:
            before[f"values.{indicator.code}"] = old
            after[f"values.{indicator.code}"] = new
            row.save()
    fresh.save()
    if after:
        audit_record(action="unit_report.save", obj=fresh, by=by, before=before, after=after)
    return fresh


def _same(current: IndicatorValue, value: Any) -> bool:
    return (current.number, current.text or "", current.boolean) == (
        value.number,
        value.text or "",
        value.boolean,
    )


def report_snapshot(report: UnitReport) -> dict[str, Any]:
    """Return every answer and figure of a report as JSON-ready data (what a revision keeps)."""
    answers = {
        a.section.code: {part: getattr(a, part) for part in ANSWER_FIELDS}
        for a in SectionAnswer.objects.filter(report=report).select_related("section")
    }
    values = {
        v.indicator.code: {
            "value": plain(v.raw()),
            "source": v.source,
            "detail": v.source_detail,
        }
        for v in IndicatorValue.objects.filter(report=report).select_related("indicator")
    }
    return {"answers": answers, "values": values}


@transaction.atomic
def report_submit(
    *, report: UnitReport, by: Any, expected_version: int | None = None
) -> UnitReport:
    """The unit head submits: required figures present, a revision is frozen, lateness flagged."""
    actor = actor_for(by)
    require(
        policies.can_submit_report(actor, report), visible=policies.can_view_report(actor, report)
    )
    computed_values_fill(report=report)
    fresh = lock_for_edit(report, expected_version)
    if not fresh.is_editable():
        raise ConflictError(_("Báo cáo đã được gửi."))
    filled = {
        v.indicator_id
        for v in IndicatorValue.objects.filter(report=fresh).select_related("indicator")
        if v.raw() is not None and v.raw() != ""
    }
    missing = {
        f"values.{i.code}": _("Chưa nhập chỉ tiêu bắt buộc: %(label)s") % {"label": i.label}
        for i in Indicator.objects.filter(form_id=fresh.period.form_id, required=True)
        if i.pk not in filled
    }
    if missing:
        raise ReportValidationError(missing)
    now = timezone.now()
    from_status = fresh.status
    fresh.revision_count += 1
    ReportRevision.objects.create(
        report=fresh,
        number=fresh.revision_count,
        snapshot=report_snapshot(fresh),
        submitted_by=by,
        submitted_at=now,
    )
    fresh.status = ReportStatus.SUBMITTED
    fresh.submitted_at = now
    fresh.submitted_by = by
    if fresh.first_submitted_at is None:
        fresh.first_submitted_at = now
        fresh.late = fresh.period.is_late_on(timezone.localdate(now))
    fresh.save()
    _event(fresh, by, from_status, ReportStatus.SUBMITTED)
    audit_record(
        action="unit_report.submit",
        obj=fresh,
        by=by,
        before={"status": from_status},
        after={"status": fresh.status, "revision": fresh.revision_count, "late": fresh.late},
    )
    notify(
        users=_coordinators(),
        kind=NotificationKind.SUBMITTED,
        text=_("%(unit)s gửi báo cáo: %(title)s (lần %(n)d)")
        % {"unit": fresh.unit.name, "title": fresh.period.title, "n": fresh.revision_count},
        url=_report_url(fresh),
    )
    return fresh


@transaction.atomic
def report_return(
    *, report: UnitReport, comments: Sequence[Mapping[str, Any]], by: Any
) -> UnitReport:
    """The coordinator returns a submitted report with comments.

    `comments` = [{"section": code | None, "indicator": code | None, "text": "..."}], at least one.
    """
    actor = actor_for(by)
    require(
        policies.can_review_report(actor, report), visible=policies.can_view_report(actor, report)
    )
    form_id = report.period.form_id
    sections = {s.code: s for s in FormSection.objects.filter(form_id=form_id)}
    indicators = {i.code: i for i in Indicator.objects.filter(form_id=form_id)}
    rows = []
    for n, comment in enumerate(comments):
        if not isinstance(comment, Mapping):
            raise ApplicationError(_("Ý kiến không hợp lệ."), field=f"comments.{n}")
        text = _clean(comment.get("text") or "")
        if not isinstance(text, str) or not text:
            raise ApplicationError(_("Hãy ghi rõ nội dung cần chỉnh sửa."), field=f"comments.{n}")
        section_code, indicator_code = comment.get("section"), comment.get("indicator")
        if section_code and section_code not in sections:
            raise ApplicationError(_("Mẫu báo cáo không có phần này."), field=f"comments.{n}")
        if indicator_code and indicator_code not in indicators:
            raise ApplicationError(_("Mẫu báo cáo không có chỉ tiêu này."), field=f"comments.{n}")
        rows.append(
            (
                sections.get(section_code) if section_code else None,
                indicators.get(indicator_code) if indicator_code else None,
                text,
            )
        )
    if not rows:
        raise ApplicationError(_("Hãy ghi rõ nội dung cần chỉnh sửa."), field="comments")
    fresh = lock_for_edit(report, None)
    if fresh.status != ReportStatus.SUBMITTED:
        raise ConflictError()
    for section, indicator, text in rows:
        ReportComment.objects.create(
            report=fresh,
            revision=fresh.revision_count,
            section=section,
            indicator=indicator,
            text=text,
            by=by,
        )
    fresh.status = ReportStatus.RETURNED
    fresh.save()
    summary = "\n".join(text for _s, _i, text in rows)
    _event(fresh, by, ReportStatus.SUBMITTED, ReportStatus.RETURNED, summary)
    audit_record(
        action="unit_report.return",
        obj=fresh,
        by=by,
        before={"status": ReportStatus.SUBMITTED},
        after={"status": ReportStatus.RETURNED, "comments": [t for _s, _i, t in rows]},
    )
    notify(
        users=_unit_people([fresh.unit_id], [UNIT_OFFICER, UNIT_HEAD]),
        kind=NotificationKind.RETURNED,
        text=_("Báo cáo bị trả lại để chỉnh sửa: %(title)s") % {"title": fresh.period.title},
        url=_report_url(fresh),
    )
    return fresh


@transaction.atomic
def report_accept(*, report: UnitReport, by: Any, comment: str = "") -> UnitReport:
    """The coordinator accepts a submitted report; its figures count in the totals."""
    actor = actor_for(by)
    require(
        policies.can_review_report(actor, report), visible=policies.can_view_report(actor, report)
    )
    fresh = lock_for_edit(report, None)
    if fresh.status != ReportStatus.SUBMITTED:
        raise ConflictError()
    fresh.status = ReportStatus.ACCEPTED
    fresh.accepted_at = timezone.now()
    fresh.save()
    comment = _clean(comment or "")
    _event(fresh, by, ReportStatus.SUBMITTED, ReportStatus.ACCEPTED, comment)
    audit_record(
        action="unit_report.accept",
        obj=fresh,
        by=by,
        before={"status": ReportStatus.SUBMITTED},
        after={"status": ReportStatus.ACCEPTED, "comment": comment},
    )
    notify(
        users=_unit_people([fresh.unit_id], [UNIT_OFFICER, UNIT_HEAD]),
        kind=NotificationKind.ACCEPTED,
        text=_("Báo cáo đã được tiếp nhận: %(title)s") % {"title": fresh.period.title},
        url=_report_url(fresh),
    )
    return fresh


@transaction.atomic
def evidence_add(
    *,
    report: UnitReport,
    files: Sequence[UploadedFile],
    by: Any,
    section: FormSection | None = None,
) -> list[ReportEvidence]:
    """Attach checked files to an editable report."""
    actor = actor_for(by)
    require(
        policies.can_edit_report(actor, report), visible=policies.can_view_report(actor, report)
    )
    if section is not None and section.form_id != report.period.form_id:
        raise ApplicationError(_("Phần không thuộc mẫu báo cáo này."), field="section")
    if not files:
        raise ApplicationError(_("Hãy chọn ít nhất một tệp."), field="files")
    return store_uploads(
        ReportEvidence, files, by=by, action="report_evidence.add", report=report, section=section
    )


@transaction.atomic
def evidence_archive(*, evidence: ReportEvidence, by: Any) -> ReportEvidence:
    """Remove an evidence file from an editable report (kept in storage and history)."""
    actor = actor_for(by)
    require(
        policies.can_edit_report(actor, evidence.report),
        visible=policies.can_view_report(actor, evidence.report),
    )
    evidence.archived_at = timezone.now()
    evidence.save(update_fields=["archived_at", "updated_at"])
    audit_record(action="report_evidence.archive", obj=evidence, by=by)
    return evidence


def computed_values_fill(*, report: UnitReport, by: Any = None) -> list[IndicatorValue]:
    """Fill the computed indicators whose source module exists; mark the others manual.

    Returns the values written. Sources available today: "plans.unit_plan_issued" and
    "plans.assignments_done_percent"; others ("petitions.*", "front.*", "emulation.*") are left
    for the unit with source_detail "Nhập tay (chưa có phân hệ)". Only editable reports change:
    a submitted report keeps the figures it was submitted with.
    """
    if by is not None:
        actor = actor_for(by)
        require(
            policies.can_edit_report(actor, report),
            visible=policies.can_view_report(actor, report),
        )
    if not report.is_editable():
        return []
    written = []
    with transaction.atomic():
        indicators = list(
            Indicator.objects.filter(form_id=report.period.form_id).exclude(computed_source="")
        )
        stored = {
            v.indicator_id: v
            for v in IndicatorValue.objects.filter(
                report=report, indicator__in=[i.pk for i in indicators]
            )
        }
        changes: dict[str, Any] = {}
        for indicator in indicators:
            row = stored.get(indicator.pk) or IndicatorValue(report=report, indicator=indicator)
            before = (row.number, row.boolean, row.text, row.source, row.source_detail)
            result = sources.compute(indicator.computed_source, report)
            if result is not None:
                value, detail = result
                row.number, row.boolean, row.text = None, None, ""
                if indicator.value_type == ValueType.BOOLEAN:
                    row.boolean = bool(value)
                elif indicator.value_type == ValueType.TEXT:
                    row.text = str(value)
                else:
                    row.number = decimal.Decimal(value)
                row.source = ValueSource.COMPUTED
                row.source_detail = detail[:500]
            else:
                # Until the module exists (or has data) the unit types the figure in.
                if row.source == ValueSource.COMPUTED:
                    row.number, row.boolean, row.text = None, None, ""
                row.source = ValueSource.MANUAL
                row.source_detail = (
                    MANUAL_UNTIL_MODULE
                    if not sources.module_exists(indicator.computed_source)
                    else MANUAL_NO_DATA
                )
            after = (row.number, row.boolean, row.text, row.source, row.source_detail)
            if row.pk is None or before != after:
                row.save()
                written.append(row)
                changes[indicator.code] = {
                    "value": plain(row.raw(indicator.value_type)),
                    "detail": row.source_detail,
                }
        if changes:
            audit_record(action="unit_report.compute", obj=report, by=by, after={"values": changes})
    return written


def _calendar_dates(period: ReportPeriod) -> tuple[dt.date, dt.date]:
    """Return (first reminder day, first day the report counts as missed) for a period."""
    from danvan.workcal.selectors import calendar_for

    assert period.due_on is not None
    due = period.due_on
    try:
        calendar = calendar_for()
        remind_on = calendar.add_working_days(due, -period.remind_days_before)
        missed_on = calendar.next_working_day(due)
    except CalendarRangeError:
        remind_on = due - dt.timedelta(days=period.remind_days_before)
        missed_on = due + dt.timedelta(days=1)
    return remind_on, missed_on


def report_reminders_send(*, today: dt.date) -> int:
    """Remind units N working days before due_on and the working day after it is missed.

    Units whose report is not submitted (no report, draft or returned) are reminded from the
    reminder day to the due date, once; from the working day after the due date they get one
    "missed" notice. Idempotent (notification dedupe keys); returns notifications created.
    """
    sent = 0
    open_periods = ReportPeriod.objects.filter(
        status=PeriodStatus.OPEN, archived_at__isnull=True, due_on__isnull=False
    ).select_related("form")
    for period in open_periods:
        assert period.due_on is not None
        remind_on, missed_on = _calendar_dates(period)
        if today < remind_on:
            continue
        kind = "missed" if today >= missed_on else "soon"
        if kind == "soon" and today > period.due_on:
            continue  # between the due date and the next working day: wait for "missed"
        done = set(
            UnitReport.objects.filter(
                period=period,
                archived_at__isnull=True,
                status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED],
            ).values_list("unit_id", flat=True)
        )
        pending = [u for u in units_in_scope(period) if u.pk not in done]
        due_text = short_date(period.due_on)
        if kind == "soon":
            text = _("Sắp đến hạn nộp báo cáo %(title)s (hạn %(due)s)")
        else:
            text = _("Đã quá hạn nộp báo cáo %(title)s (hạn %(due)s); đề nghị gửi ngay")
        url = _url("reports:period", period.pk)
        for unit in pending:
            sent += notify(
                users=_unit_people([unit.pk], [UNIT_OFFICER, UNIT_HEAD]),
                kind=NotificationKind.DEADLINE,
                text=text % {"title": period.title, "due": due_text},
                url=url,
                dedupe_key=f"report:{period.pk}:{unit.pk}:{kind}:{period.due_on.isoformat()}",
            )
        if kind == "missed" and pending:
            sent += notify(
                users=_coordinators(),
                kind=NotificationKind.DEADLINE,
                text=_("%(n)d đơn vị chưa nộp báo cáo %(title)s (hạn %(due)s)")
                % {"n": len(pending), "title": period.title, "due": due_text},
                url=url,
                dedupe_key=f"report:{period.pk}:missed-summary:{period.due_on.isoformat()}",
            )
    return sent


# Provincial report -------------------------------------------------------------------------


def _check_provincial(period: ReportPeriod, fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(PROVINCIAL_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown provincial report fields: {sorted(unknown)}")
    data = {k: _clean(v) for k, v in fields.items()}
    if "narrative" in data:
        narrative = data["narrative"]
        if not isinstance(narrative, Mapping):
            raise ApplicationError(_("Nội dung báo cáo không hợp lệ."), field="narrative")
        codes = set(period.form.sections.values_list("code", flat=True))
        allowed = codes | set(NARRATIVE_EXTRA_KEYS)
        for key, text in narrative.items():
            if key not in allowed:
                raise ApplicationError(
                    _("Mẫu báo cáo không có phần %(code)s.") % {"code": str(key)[:30]},
                    field=f"narrative.{str(key)[:30]}",
                )
            if not isinstance(text, str) or len(text) > 100_000 or "\x00" in text:
                raise ApplicationError(_("Nội dung không hợp lệ."), field=f"narrative.{key}")
        data["narrative"] = {k: nfc(v).strip() for k, v in narrative.items()}
    if "recipients" in data:
        recipients = data["recipients"]
        if not isinstance(recipients, list) or not all(isinstance(r, str) for r in recipients):
            raise ApplicationError(_("Nơi nhận không hợp lệ."), field="recipients")
    number = data.get("number")
    if number is not None and (not isinstance(number, int) or number < 1):
        raise ApplicationError(_("Số văn bản phải là số nguyên dương."), field="number")
    return data


@transaction.atomic
def provincial_report_save(
    *, period: ReportPeriod, expected_version: int | None, by: Any, **fields: Any
) -> ProvincialReport:
    """The coordinator saves the consolidated report's header and final narrative.

    Fields: number, symbol, place, date, subject, narrative ({section_code: text, "_intro",
    "_conclusion"}), recipients (list of lines), signer_authority, signer_title, signer_name.
    Created on first save (expected_version None or 0); later saves need the current version.
    """
    from .selectors import provincial_report_initial

    require(policies.can_edit_provincial_report(actor_for(by), period))
    data = _check_provincial(period, fields)
    existing = ProvincialReport.objects.filter(period=period).first()
    if existing is None:
        if expected_version not in (None, 0):
            raise ConflictError()
        report = provincial_report_initial(period)
        for key, value in data.items():
            setattr(report, key, value)
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError as exc:
            raise ConflictError() from exc
        audit_record(action="provincial_report.save", obj=report, by=by)
        return report
    fresh = lock_for_edit(existing, expected_version)
    before = snapshot(fresh)
    for key, value in data.items():
        setattr(fresh, key, value)
    fresh.save()
    audit_record(action="provincial_report.save", obj=fresh, by=by, before=before)
    return fresh
