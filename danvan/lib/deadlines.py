"""Statutory deadlines as data: rules with versions by date, and the due date of a case step.

A rule says how many days a step may take, whether they are working or calendar days, what
event starts the count, the longer periods for complex cases and remote areas, and how many
extensions are allowed. Counting starts the day after the trigger. A calendar-day period whose
last day is not a working day ends on the next working day (Bộ luật Dân sự 2015, Art. 148).
The version of a rule is chosen by the trigger date, so a case accepted before 01/7/2026 keeps
the rule in force on that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from .vntext import short_date
from .workcal import TET, SkippedDay, WorkCalendar

DayUnit = Literal["working", "calendar"]
WORKING: DayUnit = "working"
CALENDAR: DayUnit = "calendar"
VARIANTS = ("complex", "remote", "complex_remote")
VARIANT_LABELS = {
    "": "",
    "complex": "vụ việc phức tạp",
    "remote": "vùng sâu, vùng xa đi lại khó khăn",
    "complex_remote": "vụ việc phức tạp ở vùng sâu, vùng xa đi lại khó khăn",
}
UNIT_LABELS = {WORKING: "ngày làm việc", CALENDAR: "ngày"}

# Luật 136/2025/QH15 amends the laws on citizen reception, complaints and denunciations.
LAW_CHANGE_2026 = dt.date(2026, 7, 1)


class DeadlineError(ValueError):
    """A deadline cannot be computed as asked; the message is in Vietnamese for people."""

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class DeadlineRule:
    """One version of a statutory time limit."""

    code: str
    step: str
    days: int
    unit: DayUnit
    trigger: str
    basis: str
    variants: Mapping[str, int] = field(default_factory=dict)
    extension_days: int = 0
    max_extensions: int = 0
    # When set, only complex cases may be extended: this many times for a complex case and
    # `max_extensions` times for an especially complex one (Luật Tố cáo 2018, Art. 30).
    extensions_for_complex: int | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    note: str = ""

    def __post_init__(self) -> None:
        problems = rule_problems(self)
        if problems:
            raise DeadlineError(f"{self.code}: " + " ".join(problems))
        object.__setattr__(self, "variants", MappingProxyType(dict(self.variants)))

    def applies_on(self, day: dt.date) -> bool:
        """Return whether this version is in force for a trigger on `day`."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def variant_for(self, *, complex: bool, remote: bool) -> str:
        """Return the variant key that applies ("" for the base period)."""
        if complex and remote and "complex_remote" in self.variants:
            return "complex_remote"
        candidates = [key for key, wanted in (("complex", complex), ("remote", remote)) if wanted]
        present = [key for key in candidates if key in self.variants]
        if not present:
            return ""
        return max(present, key=lambda key: self.variants[key])

    def days_for(self, variant: str) -> int:
        """Return the number of days of a variant ("" for the base period)."""
        return self.variants[variant] if variant else self.days

    def allowed_extensions(self, *, complex: bool, especially_complex: bool) -> int:
        """Return how many extensions a case of this kind may get."""
        if self.extensions_for_complex is None:
            return self.max_extensions
        if especially_complex:
            return self.max_extensions
        return self.extensions_for_complex if complex else 0


def rule_problems(rule: DeadlineRule) -> list[str]:
    """Return what is wrong with a rule's data, in Vietnamese (empty when it is valid)."""
    problems: list[str] = []
    if not rule.code.strip():
        problems.append("Mã quy định không được để trống.")
    if rule.days <= 0:
        problems.append("Số ngày phải lớn hơn 0.")
    if rule.unit not in UNIT_LABELS:
        problems.append("Đơn vị tính phải là ngày làm việc hoặc ngày (lịch).")
    for key, days in rule.variants.items():
        if key not in VARIANTS:
            problems.append(f"Trường hợp «{key}» không được hỗ trợ.")
        elif days <= 0:
            problems.append(f"Số ngày cho trường hợp «{VARIANT_LABELS[key]}» phải lớn hơn 0.")
    if rule.extension_days < 0 or rule.max_extensions < 0:
        problems.append("Số ngày và số lần gia hạn không được âm.")
    if rule.max_extensions and not rule.extension_days:
        problems.append("Cho phép gia hạn thì phải có số ngày mỗi lần gia hạn.")
    if rule.extensions_for_complex is not None and not (
        0 <= rule.extensions_for_complex <= rule.max_extensions
    ):
        problems.append("Số lần gia hạn cho vụ việc phức tạp phải từ 0 đến số lần tối đa.")
    if rule.valid_from and rule.valid_to and rule.valid_to < rule.valid_from:
        problems.append("Ngày hết hiệu lực phải sau ngày có hiệu lực.")
    return problems


def versions_overlap(rules: Iterable[DeadlineRule]) -> list[tuple[DeadlineRule, DeadlineRule]]:
    """Return pairs of versions of the same rule whose validity periods overlap."""
    by_code: dict[str, list[DeadlineRule]] = {}
    for rule in rules:
        by_code.setdefault(rule.code, []).append(rule)
    clashes: list[tuple[DeadlineRule, DeadlineRule]] = []
    for versions in by_code.values():
        for i, first in enumerate(versions):
            for second in versions[i + 1 :]:
                starts_before_end = (
                    first.valid_to is None
                    or second.valid_from is None
                    or second.valid_from <= first.valid_to
                )
                ends_after_start = (
                    second.valid_to is None
                    or first.valid_from is None
                    or first.valid_from <= second.valid_to
                )
                if starts_before_end and ends_after_start:
                    clashes.append((first, second))
    return clashes


def rule_for(code: str, on: dt.date, rules: Sequence[DeadlineRule] | None = None) -> DeadlineRule:
    """Return the version of rule `code` in force for a trigger on `on`."""
    table = DEFAULT_RULES if rules is None else rules
    versions = [rule for rule in table if rule.code == code]
    if not versions:
        known = ", ".join(sorted({rule.code for rule in table}))
        raise DeadlineError(
            f"Không có quy định thời hạn mã «{code}». Các mã có: {known}.", code="unknown_rule"
        )
    matching = [rule for rule in versions if rule.applies_on(on)]
    if not matching:
        raise DeadlineError(
            f"Quy định thời hạn «{code}» không có phiên bản áp dụng cho ngày {short_date(on)}.",
            code="no_version",
        )
    if len(matching) > 1:
        raise DeadlineError(
            f"Quy định thời hạn «{code}» có nhiều phiên bản cùng áp dụng cho ngày "
            f"{short_date(on)}; hãy sửa thời gian hiệu lực.",
            code="overlap",
        )
    return matching[0]


@dataclass(frozen=True)
class Due:
    """A computed due date and how it was reached."""

    due: dt.date
    rule: DeadlineRule
    basis: str
    start: dt.date
    days: int
    variant: str
    extensions: int
    skipped: list[SkippedDay]
    explanation: str

    def as_dict(self) -> dict[str, Any]:
        """Return the due date as JSON-ready data."""
        return {
            "due": self.due.isoformat(),
            "rule": self.rule.code,
            "basis": self.basis,
            "start": self.start.isoformat(),
            "days": self.days,
            "unit": self.rule.unit,
            "variant": self.variant,
            "extensions": self.extensions,
            "skipped": [{"date": d.isoformat(), "reason": r} for d, r in self.skipped],
            "explanation": self.explanation,
        }


def _check_extensions(
    rule: DeadlineRule, extensions: int, *, complex: bool, especially_complex: bool
) -> None:
    if extensions < 0:
        raise DeadlineError("Số lần gia hạn không được âm.", code="extensions")
    if extensions == 0:
        return
    if rule.max_extensions == 0:
        raise DeadlineError(
            f"Thời hạn «{rule.step}» không được gia hạn ({rule.basis}).", code="extensions"
        )
    allowed = rule.allowed_extensions(complex=complex, especially_complex=especially_complex)
    if extensions <= allowed:
        return
    if rule.extensions_for_complex is not None:
        raise DeadlineError(
            f"Thời hạn «{rule.step}» chỉ được gia hạn {rule.extensions_for_complex} lần với vụ "
            f"việc phức tạp và {rule.max_extensions} lần với vụ việc đặc biệt phức tạp, mỗi lần "
            f"không quá {rule.extension_days} ngày; vụ việc này được gia hạn tối đa {allowed} "
            f"lần, không thể gia hạn {extensions} lần ({rule.basis}).",
            code="extensions",
        )
    raise DeadlineError(
        f"Thời hạn «{rule.step}» chỉ được gia hạn tối đa {allowed} lần, mỗi lần không quá "
        f"{rule.extension_days} {UNIT_LABELS[rule.unit]}; không thể gia hạn {extensions} lần "
        f"({rule.basis}).",
        code="extensions",
    )


def _reasons(skipped: Sequence[SkippedDay]) -> str:
    # "Tết Nguyên đán (mùng hai)" and its neighbours are summed up as one reason.
    families = (TET if reason.startswith(TET) else reason for _, reason in skipped)
    return ", ".join(dict.fromkeys(families))


def compute_due(
    rule: DeadlineRule,
    start: dt.date,
    calendar: WorkCalendar,
    *,
    complex: bool = False,
    remote: bool = False,
    extensions: int = 0,
    especially_complex: bool = False,
) -> Due:
    """Return the due date of a step whose trigger happened on `start`.

    Extensions add `extension_days` each to the period counted from the trigger (the total
    stays within the legal maximum, e.g. 30 + 30 + 30 days for an especially complex
    denunciation). `especially_complex` implies `complex`.
    """
    if not rule.applies_on(start):
        raise DeadlineError(
            f"Phiên bản quy định «{rule.code}» này không áp dụng cho ngày {short_date(start)}.",
            code="no_version",
        )
    complex = complex or especially_complex
    _check_extensions(rule, extensions, complex=complex, especially_complex=especially_complex)
    variant = rule.variant_for(complex=complex, remote=remote)
    base_days = rule.days_for(variant)
    days = base_days + extensions * rule.extension_days
    unit = UNIT_LABELS[rule.unit]
    first = start + dt.timedelta(days=1)
    period = f"{base_days} {unit}"
    if variant:
        period += f" ({VARIANT_LABELS[variant]})"
    if extensions:
        period += (
            f", gia hạn {extensions} lần × {rule.extension_days} {unit}, tổng cộng {days} {unit}"
        )
    text = (
        f"{rule.step}: {period} kể từ {rule.trigger} {short_date(start)}, "
        f"tính từ ngày {short_date(first)}"
    )
    if rule.unit == WORKING:
        due = calendar.add_working_days(start, days)
        skipped = calendar.days_off(first, due)
        if skipped:
            text += f"; không tính {len(skipped)} ngày nghỉ ({_reasons(skipped)})"
        text += f". Hạn cuối: {short_date(due)}."
    else:
        end = start + dt.timedelta(days=days)
        due = calendar.roll_forward(end)
        skipped = calendar.days_off(end, due - dt.timedelta(days=1))
        if skipped:
            text += (
                f"; ngày cuối cùng {short_date(end)} là ngày nghỉ ({_reasons(skipped)}) nên "
                f"hạn chuyển sang ngày làm việc tiếp theo. Hạn cuối: {short_date(due)}."
            )
        else:
            text += f". Hạn cuối: {short_date(due)}."
    text += f" Căn cứ: {rule.basis}."
    return Due(
        due=due,
        rule=rule,
        basis=rule.basis,
        start=start,
        days=days,
        variant=variant,
        extensions=extensions,
        skipped=skipped,
        explanation=text,
    )


_AMENDED_2026 = "sửa đổi, bổ sung bởi Luật số 136/2025/QH15, hiệu lực từ 01/7/2026"
_SAME_NUMBERS_TO_CONFIRM = (
    "Phiên bản từ 01/7/2026 giữ nguyên số ngày của luật cũ; cần đối chiếu văn bản hợp nhất "
    "sau khi Luật số 136/2025/QH15 có hiệu lực (cần xác nhận)."
)
_BEFORE_2026 = LAW_CHANGE_2026 - dt.timedelta(days=1)


def _two_versions(
    *, basis: str, note: str = "", **fields: Any
) -> tuple[DeadlineRule, DeadlineRule]:
    """Return the version in force until 30/6/2026 and the one from 01/7/2026."""
    old = DeadlineRule(basis=basis, note=note, valid_to=_BEFORE_2026, **fields)
    new = DeadlineRule(
        basis=f"{basis} ({_AMENDED_2026})",
        note=" ".join(part for part in (note, _SAME_NUMBERS_TO_CONFIRM) if part),
        valid_from=LAW_CHANGE_2026,
        **fields,
    )
    return old, new


DEFAULT_RULES: tuple[DeadlineRule, ...] = (
    *_two_versions(
        code="complaint-accept",
        step="Thụ lý khiếu nại lần đầu",
        days=10,
        unit=WORKING,
        trigger="ngày nhận được khiếu nại",
        basis="Điều 27 Luật Khiếu nại 2011",
        note=(
            "Điều 27 ghi «10 ngày»; các thủ tục hành chính cấp tỉnh đọc là ngày làm việc "
            "(cần xác nhận)."
        ),
    ),
    *_two_versions(
        code="complaint-first",
        step="Giải quyết khiếu nại lần đầu",
        days=30,
        unit=CALENDAR,
        trigger="ngày thụ lý",
        variants={"complex": 45, "remote": 45, "complex_remote": 60},
        basis="Điều 28 Luật Khiếu nại 2011",
    ),
    *_two_versions(
        code="complaint-second",
        step="Giải quyết khiếu nại lần hai",
        days=45,
        unit=CALENDAR,
        trigger="ngày thụ lý",
        variants={"complex": 60, "remote": 60, "complex_remote": 70},
        basis="Điều 37 Luật Khiếu nại 2011",
    ),
    *_two_versions(
        code="denunciation-process",
        step="Xử lý ban đầu thông tin tố cáo",
        days=7,
        unit=WORKING,
        trigger="ngày nhận được tố cáo",
        variants={"complex": 10},
        basis="Điều 24 Luật Tố cáo 2018",
        note=(
            "Trường hợp phải xác minh ở nhiều địa điểm hoặc ủy quyền xác minh: không quá 10 ngày "
            "làm việc (dùng làm trường hợp «phức tạp»; cần xác nhận)."
        ),
    ),
    *_two_versions(
        code="denunciation-resolve",
        step="Giải quyết tố cáo",
        days=30,
        unit=CALENDAR,
        trigger="ngày thụ lý tố cáo",
        extension_days=30,
        max_extensions=2,
        extensions_for_complex=1,
        basis="Điều 30 Luật Tố cáo 2018",
    ),
    DeadlineRule(
        code="petition-classify",
        step="Phân loại, xử lý đơn",
        days=10,
        unit=WORKING,
        trigger="ngày nhận được đơn",
        basis="Thông tư 05/2021/TT-TTCP",
        note="Điều khoản cụ thể của Thông tư 05/2021/TT-TTCP cần xác nhận.",
    ),
    DeadlineRule(
        code="info-request-simple",
        step="Cung cấp thông tin đơn giản, có sẵn",
        days=5,
        unit=WORKING,
        trigger="ngày nhận được yêu cầu hợp lệ",
        basis="Khoản 1 Điều 31 Luật Tiếp cận thông tin 2016",
    ),
    DeadlineRule(
        code="info-request-complex",
        step="Cung cấp thông tin phức tạp",
        days=15,
        unit=WORKING,
        trigger="ngày nhận được yêu cầu hợp lệ",
        extension_days=15,
        max_extensions=1,
        basis="Khoản 2 Điều 31 Luật Tiếp cận thông tin 2016",
        note=(
            "Luật ghi gia hạn «tối đa không quá 15 ngày», không nói rõ ngày làm việc; ở đây "
            "tính là ngày làm việc như thời hạn chính (cần xác nhận)."
        ),
    ),
)
