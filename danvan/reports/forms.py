"""Forms of the report pages; they validate input, services enforce the rules."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.lib import periods
from danvan.plans.forms import MultipleFileField, VersionedForm
from danvan.plans.models import Plan

from .models import (
    ANSWER_FIELDS,
    Aggregation,
    FormSection,
    Indicator,
    IndicatorValue,
    PeriodKind,
    ValueSource,
    ValueType,
    format_value,
)

ANSWER_LABELS = {
    "done": _("Công việc đã triển khai"),
    "results": _("Kết quả đạt được"),
    "shortcomings": _("Tồn tại, hạn chế và nguyên nhân"),
    "proposals": _("Đề xuất, kiến nghị"),
}
# The module that will compute a figure, by the first part of Indicator.computed_source.
SOURCE_MODULES = {
    "plans": _("Kế hoạch"),
    "petitions": _("Tiếp công dân, xử lý đơn thư"),
    "reception": _("Tiếp công dân, xử lý đơn thư"),
    "front": _("Kiến nghị của Mặt trận Tổ quốc"),
    "emulation": _("Phong trào thi đua “Dân vận khéo”"),
    "consultation": _("Lấy ý kiến Nhân dân"),
    "reform": _("Cải cách hành chính"),
    "indices": _("Chỉ số cải cách hành chính"),
    "registers": _("Sổ theo dõi tuyên truyền, kiểm tra công vụ"),
}
INDEX_HINT = _("Báo cáo 6 tháng: 1–2; hằng quý: 1–4; hằng tháng: 1–12; để trống với báo cáo năm.")


def module_name(source: str) -> str:
    """Return the name of the module that computes `source` ("petitions.received")."""
    prefix = (source or "").split(".", 1)[0]
    return str(SOURCE_MODULES.get(prefix, prefix or _("khác")))


_AUTO_PREFIX = re.compile(r"^\s*Tự động:\s*", re.IGNORECASE)
_MODULE_SUFFIX = re.compile(r"\s*\(phân hệ [^)]*\)\.?\s*$", re.IGNORECASE)


def source_note(indicator: Indicator, value: IndicatorValue | None) -> dict[str, Any] | None:
    """Explain where a computed indicator's figure comes from (None: an ordinary indicator)."""
    if not indicator.is_computed():
        return None
    module = module_name(indicator.computed_source)
    if value is not None and value.source == ValueSource.COMPUTED:
        detail = _MODULE_SUFFIX.sub("", _AUTO_PREFIX.sub("", value.source_detail or ""))
        detail = detail or indicator.computed_note or str(_("số liệu do phân hệ tính"))
        return {
            "auto": True,
            "text": str(
                _("Tự động từ phân hệ %(module)s: %(detail)s")
                % {"module": module, "detail": detail}
            ),
        }
    return {
        "auto": False,
        "text": str(_("Nhập tay (chưa có phân hệ %(module)s)") % {"module": module}),
        "note": indicator.computed_note,
    }


def answer_field(section_code: str, part: str) -> str:
    """Return the form field name of one part of a section's narrative."""
    return f"s-{section_code}-{part}"


def value_field(indicator_code: str) -> str:
    """Return the form field name of an indicator's figure."""
    return f"v-{indicator_code}"


def comment_field(section_code: str) -> str:
    """Return the form field name of a reviewer's comment on a section."""
    return f"c-{section_code}"


def narrative_field(section_code: str) -> str:
    """Return the form field name of the provincial report's final text for a section."""
    return f"n-{section_code}"


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# Periods -------------------------------------------------------------------------------------


class PeriodForm(forms.Form):
    """Create a period: kind, year, index (or a window for thematic and ad hoc reports)."""

    plan = forms.ModelChoiceField(
        label=_("Thuộc kế hoạch"),
        queryset=Plan.objects.none(),
        required=False,
        empty_label=_("— Không gắn với kế hoạch —"),
    )
    kind = forms.ChoiceField(label=_("Loại kỳ báo cáo"), choices=PeriodKind.choices)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    index = forms.IntegerField(
        label=_("Kỳ"), min_value=1, max_value=12, required=False, help_text=INDEX_HINT
    )
    starts_on = forms.DateField(
        label=_("Số liệu từ ngày"),
        required=False,
        widget=_date_input(),
        help_text=_("Chỉ với báo cáo chuyên đề, đột xuất."),
    )
    ends_on = forms.DateField(
        label=_("Số liệu đến ngày"),
        required=False,
        widget=_date_input(),
        help_text=_("Chỉ với báo cáo chuyên đề, đột xuất."),
    )
    title = forms.CharField(
        label=_("Tên kỳ báo cáo"),
        max_length=300,
        required=False,
        help_text=_("Để trống: tự đặt theo kỳ, ví dụ “Báo cáo kết quả … năm 2024”."),
    )
    due_on = forms.DateField(
        label=_("Hạn các đơn vị nộp báo cáo"), widget=_date_input(), required=False
    )
    remind_days_before = forms.IntegerField(
        label=_("Nhắc trước hạn (ngày làm việc)"), min_value=0, max_value=30, initial=3
    )

    def __init__(self, *args: Any, plans_qs: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if plans_qs is not None:
            self.fields["plan"].queryset = plans_qs

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, year = data.get("kind"), data.get("year")
        if not kind or year is None:
            return data
        index = data.get("index")
        count = periods.INDEX_COUNT.get(kind)
        if count is None and index is not None:
            self.add_error("index", _("Loại kỳ báo cáo này không chia kỳ: hãy để trống ô Kỳ."))
            return data
        if count is not None and (index is None or not 1 <= index <= count):
            self.add_error(
                "index", _("Hãy nhập kỳ từ 1 đến %(n)d cho loại kỳ báo cáo này.") % {"n": count}
            )
            return data
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if kind in (periods.THEMATIC, periods.ADHOC):
            if starts_on is None:
                self.add_error("starts_on", _("Báo cáo chuyên đề, đột xuất cần ngày bắt đầu."))
            if ends_on is None:
                self.add_error("ends_on", _("Báo cáo chuyên đề, đột xuất cần ngày kết thúc."))
            if starts_on and ends_on and ends_on < starts_on:
                self.add_error("ends_on", _("Ngày kết thúc phải sau ngày bắt đầu."))
            if self.errors:
                return data
            data["window"] = (starts_on, ends_on)
        else:
            # The window of a periodic report is fixed by law; typed dates are ignored.
            data["starts_on"] = data["ends_on"] = None
            data["window"] = periods.data_window(kind, year, index)
        return data

    def service_values(self) -> dict[str, Any]:
        """Return the keyword arguments of services.period_create."""
        data = self.cleaned_data
        values = {
            "kind": data["kind"],
            "year": data["year"],
            "index": data.get("index"),
            "plan": data.get("plan"),
            "title": data.get("title") or "",
            "due_on": data.get("due_on"),
            "remind_days_before": data["remind_days_before"],
        }
        if data.get("starts_on"):
            values["starts_on"] = data["starts_on"]
            values["ends_on"] = data["ends_on"]
        return values


class PeriodEditForm(VersionedForm):
    """Change a period's title, due date and reminders (and the window of a thematic one)."""

    title = forms.CharField(label=_("Tên kỳ báo cáo"), max_length=300)
    due_on = forms.DateField(label=_("Hạn các đơn vị nộp báo cáo"), widget=_date_input())
    remind_days_before = forms.IntegerField(
        label=_("Nhắc trước hạn (ngày làm việc)"), min_value=0, max_value=30
    )
    starts_on = forms.DateField(label=_("Số liệu từ ngày"), required=False, widget=_date_input())
    ends_on = forms.DateField(label=_("Số liệu đến ngày"), required=False, widget=_date_input())

    def __init__(self, *args: Any, fixed_window: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if fixed_window:
            del self.fields["starts_on"]
            del self.fields["ends_on"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "starts_on" in self.fields:
            start, end = data.get("starts_on"), data.get("ends_on")
            if not start:
                self.add_error("starts_on", _("Hãy nhập ngày bắt đầu."))
            if not end:
                self.add_error("ends_on", _("Hãy nhập ngày kết thúc."))
            if start and end and end < start:
                self.add_error("ends_on", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


# Unit report editor --------------------------------------------------------------------------


def _number_hint(indicator: Indicator) -> str:
    low, high = indicator.min_value, indicator.max_value
    kind = indicator.value_type
    if low is not None and high is not None:
        return str(
            _("Từ %(a)s đến %(b)s") % {"a": format_value(low, kind), "b": format_value(high, kind)}
        )
    if low is not None:
        return str(_("Không nhỏ hơn %(a)s") % {"a": format_value(low, kind)})
    if high is not None:
        return str(_("Không lớn hơn %(b)s") % {"b": format_value(high, kind)})
    return ""


def indicator_hints(indicator: Indicator) -> list[str]:
    """Return what helps to fill an indicator: kind of number, allowed range."""
    hints = []
    if indicator.value_type == ValueType.INTEGER:
        hints.append(str(_("Số nguyên")))
    elif indicator.value_type == ValueType.DECIMAL:
        hints.append(str(_("Số, dùng dấu phẩy cho phần thập phân (ví dụ 12,5)")))
    elif indicator.value_type == ValueType.PERCENT:
        hints.append(str(_("Tỷ lệ phần trăm, ví dụ 87,5")))
    no_bounds = indicator.min_value is None and indicator.max_value is None
    if indicator.value_type == ValueType.PERCENT and no_bounds:
        hints.append(str(_("Từ 0 đến 100")))
        return hints
    if indicator.is_numeric():
        rng = _number_hint(indicator)
        if rng:
            hints.append(rng)
    return hints


def _initial_value(indicator: Indicator, value: IndicatorValue | None) -> Any:
    if value is None:
        return None
    raw = value.raw(indicator.value_type)
    if raw is None:
        return None
    if indicator.value_type == ValueType.BOOLEAN:
        return "yes" if raw else "no"
    if indicator.is_numeric():
        # Shown the Vietnamese way without thousands separators, so it can be typed back.
        return format_value(raw, indicator.value_type).replace(".", "")
    return raw


def is_auto_filled(indicator: Indicator, value: IndicatorValue | None) -> bool:
    """Return whether a computed indicator's figure came from its module (read-only)."""
    return indicator.is_computed() and value is not None and value.source == ValueSource.COMPUTED


class ReportEditForm(forms.Form):
    """A unit's report: four narrative parts per section and the indicators' figures.

    Every field is optional here: a draft is saved as it is, and the service checks the
    required figures when the head submits.
    """

    version = forms.IntegerField(widget=forms.HiddenInput(attrs={"id": "report-version"}))

    def __init__(
        self,
        data: Any = None,
        *,
        sections: Iterable[FormSection],
        indicators: Iterable[Indicator],
        answers: Mapping[str, Mapping[str, str]],
        values: Mapping[str, IndicatorValue],
        version: int,
        **kwargs: Any,
    ):
        super().__init__(data, **kwargs)
        self.sections = list(sections)
        self.indicators = list(indicators)
        self.fields["version"].initial = version
        self.auto_filled: set[str] = set()
        for section in self.sections:
            saved = answers.get(section.code, {})
            for part in ANSWER_FIELDS:
                self.fields[answer_field(section.code, part)] = forms.CharField(
                    label=ANSWER_LABELS[part],
                    required=False,
                    max_length=20000,
                    initial=saved.get(part, ""),
                    widget=forms.Textarea(attrs={"rows": 4}),
                )
        for indicator in self.indicators:
            value = values.get(indicator.code)
            if is_auto_filled(indicator, value):
                self.auto_filled.add(indicator.code)
                continue
            self.fields[value_field(indicator.code)] = self._indicator_field(indicator, value)

    def _indicator_field(self, indicator: Indicator, value: IndicatorValue | None) -> forms.Field:
        attrs: dict[str, str] = {}
        if indicator.required:
            attrs["aria-required"] = "true"
        hints = indicator_hints(indicator)
        note = source_note(indicator, value)
        if note:
            hints.insert(0, note["text"])
        help_text = " · ".join(hints)
        initial = _initial_value(indicator, value)
        label = indicator.label
        if indicator.value_type == ValueType.BOOLEAN:
            return forms.ChoiceField(
                label=label,
                required=False,
                choices=[("", _("— Chưa trả lời —")), ("yes", _("Có")), ("no", _("Không"))],
                initial=initial,
                help_text=help_text,
                widget=forms.Select(attrs=attrs),
            )
        if indicator.value_type == ValueType.TEXT:
            return forms.CharField(
                label=label,
                required=False,
                max_length=5000,
                initial=initial,
                help_text=help_text,
                widget=forms.Textarea(attrs={"rows": 2, **attrs}),
            )
        mode = "numeric" if indicator.value_type == ValueType.INTEGER else "decimal"
        return forms.CharField(
            label=label,
            required=False,
            max_length=40,
            initial=initial,
            help_text=help_text,
            widget=forms.TextInput(
                attrs={"inputmode": mode, "autocomplete": "off", "class": "input-number", **attrs}
            ),
        )

    def answers(self) -> dict[str, dict[str, str]]:
        """Return the narrative as services.report_save takes it."""
        data = self.cleaned_data
        return {
            s.code: {part: data.get(answer_field(s.code, part), "") for part in ANSWER_FIELDS}
            for s in self.sections
        }

    def values(self) -> dict[str, Any]:
        """Return the figures typed by people (auto-filled ones are left to the service)."""
        out: dict[str, Any] = {}
        for indicator in self.indicators:
            name = value_field(indicator.code)
            if name not in self.fields:
                continue
            raw = self.cleaned_data.get(name)
            if indicator.value_type == ValueType.BOOLEAN:
                out[indicator.code] = {"yes": True, "no": False}.get(raw or "")
            else:
                out[indicator.code] = (raw or "").strip()
        return out

    def field_for_error(self, key: str) -> str | None:
        """Map a service error key ("values.DT01", "answers.II.1.done") to a form field."""
        if key.startswith("values."):
            name = value_field(key[len("values.") :])
        elif key.startswith("answers."):
            rest = key[len("answers.") :]
            code, _sep, part = rest.rpartition(".")
            name = answer_field(code, part)
        else:
            return None
        return name if name in self.fields else None


class ReviewForm(forms.Form):
    """Accept a submitted report, or return it with comments on particular sections."""

    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("accept", _("Tiếp nhận báo cáo")), ("return", _("Trả lại để chỉnh sửa"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Ý kiến chung"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, sections: Iterable[FormSection] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.sections = list(sections)
        for section in self.sections:
            self.fields[comment_field(section.code)] = forms.CharField(
                label=_("Ý kiến về phần %(code)s. %(title)s")
                % {"code": section.code, "title": section.title},
                required=False,
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def section_fields(self) -> list[tuple[FormSection, forms.BoundField]]:
        """Return each section with its comment field."""
        return [(s, self[comment_field(s.code)]) for s in self.sections]

    def comments(self) -> list[dict[str, Any]]:
        """Return the comments as services.report_return takes them."""
        data = self.cleaned_data
        out: list[dict[str, Any]] = []
        if data.get("comment", "").strip():
            out.append({"section": None, "indicator": None, "text": data["comment"].strip()})
        for section in self.sections:
            text = (data.get(comment_field(section.code)) or "").strip()
            if text:
                out.append({"section": section.code, "indicator": None, "text": text})
        return out

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not self.comments():
            raise forms.ValidationError(
                _("Khi trả lại, hãy ghi ít nhất một ý kiến để đơn vị biết cần sửa gì.")
            )
        return data


class EvidenceForm(forms.Form):
    files = MultipleFileField(label=_("Chọn tệp minh chứng"))
    section = forms.ModelChoiceField(
        label=_("Kèm theo phần"),
        queryset=FormSection.objects.none(),
        required=False,
        empty_label=_("— Cả báo cáo —"),
    )

    def __init__(self, *args: Any, sections_qs: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if sections_qs is not None:
            self.fields["section"].queryset = sections_qs
        self.fields["files"].required = True


class DiffForm(forms.Form):
    """Pick two revisions of a report to compare."""

    tu = forms.TypedChoiceField(label=_("So sánh lần gửi"), coerce=int)
    den = forms.TypedChoiceField(label=_("với lần gửi"), coerce=int)

    def __init__(self, *args: Any, numbers: Iterable[int] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [(n, _("Lần %(n)d") % {"n": n}) for n in numbers]
        self.fields["tu"].choices = choices
        self.fields["den"].choices = choices


# Provincial report ---------------------------------------------------------------------------


class ProvincialReportForm(VersionedForm):
    """The consolidated report's header, final text per section and signature block."""

    number = forms.IntegerField(label=_("Số"), min_value=1, max_value=99999, required=False)
    symbol = forms.CharField(
        label=_("Số, ký hiệu"),
        max_length=60,
        required=False,
        help_text=_("Ví dụ 123/BC-UBND; để trống phần số khi chưa cấp số."),
    )
    place = forms.CharField(label=_("Địa danh"), max_length=100, required=False)
    date = forms.DateField(label=_("Ngày ban hành"), required=False, widget=_date_input())
    subject = forms.CharField(
        label=_("Trích yếu"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    intro = forms.CharField(
        label=_("Phần mở đầu"),
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    conclusion = forms.CharField(
        label=_("Phần kết luận, kiến nghị chung"),
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    recipients = forms.CharField(
        label=_("Nơi nhận (mỗi dòng một nơi)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    signer_authority = forms.CharField(
        label=_("Thẩm quyền ký"),
        max_length=200,
        required=False,
        help_text=_("Ví dụ “TM. ỦY BAN NHÂN DÂN” hoặc “KT. CHỦ TỊCH”."),
    )
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=200, required=False)
    signer_name = forms.CharField(label=_("Họ và tên người ký"), max_length=200, required=False)

    def __init__(
        self,
        *args: Any,
        sections: Iterable[FormSection] = (),
        narrative: Mapping[str, str] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.sections = list(sections)
        narrative = narrative or {}
        self.fields["intro"].initial = narrative.get("_intro", "")
        self.fields["conclusion"].initial = narrative.get("_conclusion", "")
        for section in self.sections:
            self.fields[narrative_field(section.code)] = forms.CharField(
                label=_("Nội dung chính thức phần %(code)s") % {"code": section.code},
                required=False,
                max_length=100000,
                initial=narrative.get(section.code, ""),
                widget=forms.Textarea(attrs={"rows": 8}),
            )

    def section_field(self, section: FormSection) -> forms.BoundField:
        """Return the final-text field of a section."""
        return self[narrative_field(section.code)]

    def service_values(self) -> dict[str, Any]:
        """Return the keyword arguments of services.provincial_report_save."""
        data = self.cleaned_data
        narrative = {"_intro": data.get("intro", ""), "_conclusion": data.get("conclusion", "")}
        for section in self.sections:
            narrative[section.code] = data.get(narrative_field(section.code), "")
        recipients = [
            line.strip() for line in (data.get("recipients") or "").splitlines() if line.strip()
        ]
        return {
            "number": data.get("number"),
            "symbol": data.get("symbol", ""),
            "place": data.get("place", ""),
            "date": data.get("date"),
            "subject": data.get("subject", ""),
            "narrative": narrative,
            "recipients": recipients,
            "signer_authority": data.get("signer_authority", ""),
            "signer_title": data.get("signer_title", ""),
            "signer_name": data.get("signer_name", ""),
        }


def window_text(start: dt.date, end: dt.date) -> str:
    """Return a data window for people: "từ 15/12/2023 đến 14/12/2024"."""
    return str(
        _("từ %(a)s đến %(b)s") % {"a": start.strftime("%d/%m/%Y"), "b": end.strftime("%d/%m/%Y")}
    )


# Form editor ---------------------------------------------------------------------------------


class IndicatorForm(forms.Form):
    """Define or change an indicator of a report form; the service checks type, range, use."""

    code = forms.CharField(label=_("Mã chỉ tiêu"), max_length=30)
    label = forms.CharField(label=_("Tên chỉ tiêu"), max_length=500)
    section = forms.ModelChoiceField(
        label=_("Thuộc phần"),
        queryset=FormSection.objects.none(),
        required=False,
        empty_label=_("— Không thuộc phần nào —"),
    )
    value_type = forms.ChoiceField(label=_("Kiểu dữ liệu"), choices=ValueType.choices)
    unit_of_measure = forms.CharField(label=_("Đơn vị tính"), max_length=50, required=False)
    required = forms.BooleanField(label=_("Bắt buộc nhập"), required=False)
    min_value = forms.DecimalField(
        label=_("Giá trị nhỏ nhất"), max_digits=20, decimal_places=4, required=False
    )
    max_value = forms.DecimalField(
        label=_("Giá trị lớn nhất"), max_digits=20, decimal_places=4, required=False
    )
    aggregation = forms.ChoiceField(label=_("Cách tổng hợp"), choices=Aggregation.choices)
    computed_note = forms.CharField(label=_("Ghi chú cách tính"), max_length=500, required=False)

    def __init__(self, *args: Any, report_form: Any, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = report_form.sections.all()
        if editing:
            del self.fields["code"]
