"""Reads on reports: completeness, totals, comparison, narrative draft, revision differences."""

from __future__ import annotations

import datetime as dt
import decimal
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Max, Min, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from danvan.core.access import Actor
from danvan.lib import periods as period_rules
from danvan.orgs.models import Unit
from danvan.orgs.selectors import province_committee
from danvan.plans.policies import ALL_UNIT_ROLES, UNIT_WRITERS

from .models import (
    ANSWER_FIELDS,
    Aggregation,
    FormSection,
    Indicator,
    IndicatorValue,
    PeriodStatus,
    ProvincialReport,
    ReportComment,
    ReportEvidence,
    ReportPeriod,
    ReportRevision,
    ReportStatus,
    SectionAnswer,
    UnitReport,
    ValueType,
    format_value,
)

# Timeliness of a unit in the completeness table.
ON_TIME = "on_time"  # submitted (first time) on or before due_on
LATE = "late"  # submitted after due_on
MISSING = "missing"  # not submitted and due_on has passed
PENDING = "pending"  # not submitted yet, due_on not reached (or no due date)
TIMELINESS_LABELS = {
    ON_TIME: "Đúng hạn",
    LATE: "Muộn",
    MISSING: "Chưa nộp (quá hạn)",
    PENDING: "Chưa nộp",
}
NOT_STARTED = "not_started"  # status shown for a unit that has not opened its report
NOT_STARTED_LABEL = "Chưa lập báo cáo"
COUNTED = (ReportStatus.ACCEPTED,)
COUNTED_WITH_SUBMITTED = (ReportStatus.ACCEPTED, ReportStatus.SUBMITTED)
PART_LABELS = {
    "done": "Công việc đã triển khai",
    "results": "Kết quả đạt được",
    "shortcomings": "Tồn tại, hạn chế và nguyên nhân",
    "proposals": "Đề xuất, kiến nghị",
}
DEFAULT_RECIPIENTS = (
    "Bộ Nội vụ;",
    "Thường trực Tỉnh ủy;",
    "Thường trực HĐND tỉnh;",
    "Ban Dân vận Tỉnh ủy;",
    "Ủy ban MTTQ Việt Nam tỉnh;",
    "CT, các PCT UBND tỉnh;",
    "Sở Nội vụ;",
    "Lưu: VT.",
)
DEFAULT_SIGNER = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
_CENT = decimal.Decimal("0.01")


@dataclass(frozen=True)
class CompletenessRow:
    unit: Unit
    report: UnitReport | None
    status: str  # a ReportStatus value, or NOT_STARTED
    status_label: str
    submitted_at: dt.datetime | None  # latest submission
    first_submitted_at: dt.datetime | None
    timeliness: str  # ON_TIME / LATE / MISSING / PENDING
    timeliness_label: str


@dataclass(frozen=True)
class UnitValue:
    unit: Unit
    report_id: int
    status: str
    value: Any  # Decimal, bool, str or None
    display: str
    source: str
    source_detail: str


@dataclass
class IndicatorTotal:
    indicator: Indicator
    value: Any  # the aggregate (Decimal, int for count_true) or None
    display: str
    reporting: int  # how many reports gave a value
    per_unit: list[UnitValue] = field(default_factory=list)


@dataclass(frozen=True)
class Comparison:
    indicator: Indicator
    current: Any
    previous: Any
    current_display: str
    previous_display: str
    change: decimal.Decimal | None  # current - previous, for numbers
    change_percent: decimal.Decimal | None  # relative change in %, None if previous is 0/None


@dataclass
class ComparisonResult:
    period: ReportPeriod
    previous: ReportPeriod | None
    rows: list[Comparison]


@dataclass(frozen=True)
class NarrativeParagraph:
    unit: Unit
    report_id: int
    text: str  # the four parts joined into one paragraph
    done: str
    results: str
    shortcomings: str
    proposals: str


@dataclass
class NarrativeSection:
    section: FormSection
    paragraphs: list[NarrativeParagraph]

    def draft_text(self) -> str:
        """Return the paragraphs joined as a first draft, each tagged with its unit's name."""
        return "\n\n".join(f"{p.unit.name}: {p.text}" for p in self.paragraphs)


@dataclass(frozen=True)
class FieldChange:
    key: str  # "answers.<section>.<part>" or "values.<indicator>"
    label: str  # for people: "Phần 2 – Kết quả đạt được", "DT01 Số đơn thư tiếp nhận"
    before: Any
    after: Any


@dataclass
class ReportContent:
    report: UnitReport
    sections: list[FormSection]
    indicators: list[Indicator]
    answers: dict[str, dict[str, str]]  # section code -> {done, results, shortcomings, proposals}
    values: dict[str, IndicatorValue]  # indicator code -> value (missing code: not entered)
    comments: list[ReportComment]
    evidence: list[ReportEvidence]
    revisions: list[ReportRevision]


# Visibility --------------------------------------------------------------------------------


def periods_visible(actor: Actor) -> QuerySet[ReportPeriod]:
    """Return the periods the actor may see: drafts to the coordinator only."""
    qs = ReportPeriod.objects.filter(archived_at__isnull=True).select_related("plan", "form")
    if not actor.is_authenticated:
        return qs.none()
    if actor.is_coordinator or actor.is_admin:
        return qs
    return qs.exclude(status=PeriodStatus.DRAFT)


def reports_visible(actor: Actor) -> QuerySet[UnitReport]:
    """Return reports the actor may read: a unit its own; province readers submitted or later.

    Drafts never leave the unit, whoever asks.
    """
    qs = UnitReport.objects.filter(
        archived_at__isnull=True, period__archived_at__isnull=True
    ).select_related("unit", "period")
    if not actor.is_authenticated:
        return qs.none()
    own = Q(unit_id__in=actor.unit_ids(*ALL_UNIT_ROLES))
    if actor.sees_province:
        return qs.filter(own | ~Q(status=ReportStatus.DRAFT))
    return qs.filter(own)


def report_for_unit(*, period: ReportPeriod, unit: Unit) -> UnitReport | None:
    """Return the active report of a unit for a period, if it has been opened."""
    return (
        UnitReport.objects.filter(period=period, unit=unit, archived_at__isnull=True)
        .select_related("period", "unit")
        .first()
    )


def writable_units(actor: Actor) -> list[Unit]:
    """Return the units whose reports the actor may write (officer or head)."""
    ids = actor.unit_ids(*UNIT_WRITERS)
    return list(Unit.objects.filter(pk__in=ids, archived_at__isnull=True).order_by("name"))


def report_content(report: UnitReport) -> ReportContent:
    """Return everything shown on a report page, in a fixed number of queries."""
    form_id = report.period.form_id
    sections = list(FormSection.objects.filter(form_id=form_id))
    indicators = list(Indicator.objects.filter(form_id=form_id).select_related("section"))
    by_section = {s.pk: s.code for s in sections}
    answers = {
        by_section[a.section_id]: {part: getattr(a, part) for part in ANSWER_FIELDS}
        for a in SectionAnswer.objects.filter(report=report)
        if a.section_id in by_section
    }
    by_indicator = {i.pk: i for i in indicators}
    values = {}
    for v in IndicatorValue.objects.filter(report=report):
        indicator = by_indicator.get(v.indicator_id)
        if indicator is not None:
            v.indicator = indicator
            values[indicator.code] = v
    comments = list(
        ReportComment.objects.filter(report=report).select_related("section", "indicator", "by")
    )
    evidence = list(ReportEvidence.objects.filter(report=report, archived_at__isnull=True))
    revisions = list(ReportRevision.objects.filter(report=report).select_related("submitted_by"))
    return ReportContent(
        report=report,
        sections=sections,
        indicators=indicators,
        answers=answers,
        values=values,
        comments=comments,
        evidence=evidence,
        revisions=revisions,
    )


# Completeness ------------------------------------------------------------------------------


def _scope_units(period: ReportPeriod) -> QuerySet[Unit]:
    from danvan.plans.models import Assignment

    if period.plan_id is not None:
        ids = Assignment.objects.filter(
            task__plan_id=period.plan_id, archived_at__isnull=True
        ).values("unit_id")
        return Unit.objects.filter(pk__in=ids)
    return Unit.objects.active_on(period.ends_on)


# What the completeness table shows of a unit; the heavier columns (aliases, search text) stay out.
UNIT_FIELDS = (
    "id",
    "code",
    "name",
    "short_name",
    "kind",
    "parent_id",
    "valid_from",
    "valid_to",
    "archived_at",
)


def _timeliness(period: ReportPeriod, report: UnitReport | None, today: dt.date) -> str:
    if report is not None and report.first_submitted_at is not None:
        return LATE if report.late else ON_TIME
    if period.due_on is not None and today > period.due_on:
        return MISSING
    return PENDING


def completeness(period: ReportPeriod, *, today: dt.date | None = None) -> list[CompletenessRow]:
    """Return one row per unit in scope (plus any unit that reported), in two queries.

    Ordered by unit name; the query count does not depend on the number of units.
    """
    day = today or timezone.localdate()
    active = UnitReport.objects.filter(period=period, archived_at__isnull=True)
    # A unit that reported stays listed even if its tasks were later withdrawn.
    in_table = Q(pk__in=_scope_units(period).values("pk")) | Q(pk__in=active.values("unit_id"))
    units = Unit.objects.filter(in_table).only(*UNIT_FIELDS).order_by("name", "pk")
    reports = {r.unit_id: r for r in active.defer("created_at", "updated_at")}
    status_labels = dict(ReportStatus.choices)
    rows = []
    for unit in units:
        report = reports.get(unit.pk)
        if report is not None:
            report.unit = unit  # no second copy of the unit per report
        status = report.status if report is not None else NOT_STARTED
        timeliness = _timeliness(period, report, day)
        rows.append(
            CompletenessRow(
                unit=unit,
                report=report,
                status=status,
                status_label=str(status_labels.get(status, NOT_STARTED_LABEL)),
                submitted_at=report.submitted_at if report else None,
                first_submitted_at=report.first_submitted_at if report else None,
                timeliness=timeliness,
                timeliness_label=TIMELINESS_LABELS[timeliness],
            )
        )
    return rows


def completeness_summary(rows: list[CompletenessRow]) -> dict[str, int]:
    """Return counts per status and per timeliness, plus the total, for a completeness table."""
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.status] += 1
        counts[row.timeliness] += 1
    counts["total"] = len(rows)
    return dict(counts)


# Totals ------------------------------------------------------------------------------------


def _aggregate(indicator: Indicator, row: dict[str, Any] | None) -> Any:
    if row is None:
        return None
    kind = indicator.aggregation
    if kind == Aggregation.COUNT_TRUE:
        return row["yes"]
    if not indicator.is_numeric() or kind == Aggregation.NONE:
        return None
    value = {
        Aggregation.SUM: row["total"],
        Aggregation.AVG: row["avg"],
        Aggregation.MIN: row["low"],
        Aggregation.MAX: row["high"],
    }.get(kind)
    if value is None:
        return None
    value = decimal.Decimal(str(value))
    if kind == Aggregation.AVG:
        return value.quantize(_CENT, rounding=decimal.ROUND_HALF_UP)
    return value.normalize() if value == value.to_integral_value() else value


def aggregate_display(indicator: Indicator, value: Any, reporting: int) -> str:
    """Return an aggregate as people read it: "1.250", "87,5", "12/15 đơn vị"."""
    if value is None:
        return ""
    if indicator.aggregation == Aggregation.COUNT_TRUE:
        return f"{value}/{reporting} đơn vị"
    return format_value(value, ValueType.DECIMAL if indicator.is_numeric() else "")


def _counted_statuses(include_submitted: bool) -> tuple[str, ...]:
    return COUNTED_WITH_SUBMITTED if include_submitted else COUNTED


def indicator_totals(
    period: ReportPeriod, *, include_submitted: bool = False, with_units: bool = True
) -> list[IndicatorTotal]:
    """Return each indicator's aggregate over accepted (optionally submitted) reports.

    The aggregates are computed by the database in one grouped query; `with_units` adds each
    unit's figure for the drill-down (one more query).
    """
    indicators = list(Indicator.objects.filter(form_id=period.form_id))
    counted = IndicatorValue.objects.filter(
        report__period=period,
        report__archived_at__isnull=True,
        report__status__in=_counted_statuses(include_submitted),
    )
    given = Q(number__isnull=False) | Q(boolean__isnull=False) | ~Q(text="")
    grouped = {
        row["indicator_id"]: row
        for row in counted.values("indicator_id").annotate(
            total=Sum("number"),
            avg=Avg("number"),
            low=Min("number"),
            high=Max("number"),
            yes=Count("id", filter=Q(boolean=True)),
            n=Count("id", filter=given),
        )
    }
    per_unit: dict[int, list[UnitValue]] = defaultdict(list)
    if with_units:
        kinds = {i.pk: i.value_type for i in indicators}
        reports = UnitReport.objects.filter(
            period=period,
            archived_at__isnull=True,
            status__in=_counted_statuses(include_submitted),
        )
        units = {
            u.pk: u
            for u in Unit.objects.filter(pk__in=reports.values("unit_id")).only(*UNIT_FIELDS)
        }
        rows = counted.order_by("report__unit__name", "report_id").values_list(
            "indicator_id",
            "report_id",
            "report__status",
            "report__unit_id",
            "number",
            "boolean",
            "text",
            "source",
            "source_detail",
        )
        for indicator_id, report_id, status, unit_id, number, boolean, text, src, detail in rows:
            kind = kinds.get(indicator_id)
            if kind is None:
                continue
            raw = (
                boolean
                if kind == ValueType.BOOLEAN
                else (text or None)
                if kind == ValueType.TEXT
                else number
            )
            per_unit[indicator_id].append(
                UnitValue(
                    unit=units[unit_id],
                    report_id=report_id,
                    status=status,
                    value=raw,
                    display=format_value(raw, kind),
                    source=src,
                    source_detail=detail,
                )
            )
    totals = []
    for indicator in indicators:
        row = grouped.get(indicator.pk)
        value = _aggregate(indicator, row)
        reporting = row["n"] if row else 0
        totals.append(
            IndicatorTotal(
                indicator=indicator,
                value=value,
                display=aggregate_display(indicator, value, reporting),
                reporting=reporting,
                per_unit=per_unit.get(indicator.pk, []),
            )
        )
    return totals


def indicator_drilldown(
    period: ReportPeriod, indicator: Indicator, *, include_submitted: bool = False
) -> list[UnitValue]:
    """Return each counted unit's figure for one indicator (the drill-down of one total).

    For large provinces, pages call `indicator_totals(..., with_units=False)` and this on demand.
    """
    rows = (
        IndicatorValue.objects.filter(
            indicator=indicator,
            report__period=period,
            report__archived_at__isnull=True,
            report__status__in=_counted_statuses(include_submitted),
        )
        .select_related("report__unit")
        .order_by("report__unit__name")
    )
    found = []
    for v in rows:
        raw = v.raw(indicator.value_type)
        found.append(
            UnitValue(
                unit=v.report.unit,
                report_id=v.report_id,
                status=v.report.status,
                value=raw,
                display=format_value(raw, indicator.value_type),
                source=v.source,
                source_detail=v.source_detail,
            )
        )
    return found


def indicator_matrix(
    period: ReportPeriod, *, include_submitted: bool = True
) -> tuple[list[Indicator], list[tuple[UnitReport, dict[int, Any]]]]:
    """Return the indicators and, per counted report, its raw figures by indicator id.

    Two queries whatever the size; this is the table behind the XLSX export.
    """
    indicators = list(Indicator.objects.filter(form_id=period.form_id))
    reports = list(
        UnitReport.objects.filter(
            period=period,
            archived_at__isnull=True,
            status__in=_counted_statuses(include_submitted),
        )
        .select_related("unit")
        .order_by("unit__name")
    )
    kinds = {i.pk: i.value_type for i in indicators}
    figures: dict[int, dict[int, Any]] = defaultdict(dict)
    rows = IndicatorValue.objects.filter(
        report__period=period,
        report__archived_at__isnull=True,
        report__status__in=_counted_statuses(include_submitted),
    ).values_list("report_id", "indicator_id", "number", "boolean", "text")
    for report_id, indicator_id, number, boolean, text in rows:
        kind = kinds.get(indicator_id)
        if kind == ValueType.BOOLEAN:
            figures[report_id][indicator_id] = boolean
        elif kind == ValueType.TEXT:
            figures[report_id][indicator_id] = text or None
        elif kind is not None:
            figures[report_id][indicator_id] = number
    return indicators, [(r, figures.get(r.pk, {})) for r in reports]


# Comparison --------------------------------------------------------------------------------


def previous_period(period: ReportPeriod, *, against: str = "year") -> ReportPeriod | None:
    """Return the period to compare with: same kind and index a year earlier ("year"), or the
    period just before ("index": previous quarter, month or half). Thematic and ad hoc
    periods have no predecessor."""
    if period.kind not in period_rules.PERIODIC:
        return None
    if against == "index":
        year, index = period_rules.previous_index(period.kind, period.year, period.index)
    else:
        year, index = period_rules.same_period_last_year(period.kind, period.year, period.index)
    return (
        ReportPeriod.objects.filter(
            kind=period.kind, year=year, index=index, archived_at__isnull=True
        )
        .exclude(pk=period.pk)
        .exclude(status=PeriodStatus.DRAFT)
        .order_by("-id")
        .first()
    )


def _number(value: Any) -> decimal.Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | decimal.Decimal):
        return decimal.Decimal(value)
    return None


def compare_previous(
    period: ReportPeriod, *, against: str = "year", include_submitted: bool = False
) -> ComparisonResult:
    """Return current and previous totals side by side, indicators matched by code."""
    current = indicator_totals(period, include_submitted=include_submitted, with_units=False)
    previous = previous_period(period, against=against)
    before: dict[str, IndicatorTotal] = {}
    if previous is not None:
        before = {
            t.indicator.code: t
            for t in indicator_totals(
                previous, include_submitted=include_submitted, with_units=False
            )
        }
    rows = []
    for total in current:
        old = before.get(total.indicator.code)
        now_n, old_n = _number(total.value), _number(old.value if old else None)
        change = now_n - old_n if now_n is not None and old_n is not None else None
        pct = (
            (100 * change / old_n).quantize(_CENT, rounding=decimal.ROUND_HALF_UP)
            if change is not None and old_n
            else None
        )
        rows.append(
            Comparison(
                indicator=total.indicator,
                current=total.value,
                previous=old.value if old else None,
                current_display=total.display,
                previous_display=old.display if old else "",
                change=change,
                change_percent=pct,
            )
        )
    return ComparisonResult(period=period, previous=previous, rows=rows)


# Narrative ---------------------------------------------------------------------------------


def _paragraph(answer: SectionAnswer) -> str:
    body = " ".join(t for t in (answer.done, answer.results) if t)
    extra = []
    if answer.shortcomings:
        extra.append(f"Tồn tại, hạn chế: {answer.shortcomings}")
    if answer.proposals:
        extra.append(f"Đề xuất, kiến nghị: {answer.proposals}")
    return " ".join([body, *extra]).strip()


def narrative_draft(
    period: ReportPeriod, *, include_submitted: bool = True
) -> list[NarrativeSection]:
    """Return per section the units' paragraphs, each with its report id for tracing."""
    sections = list(FormSection.objects.filter(form_id=period.form_id))
    answers = (
        SectionAnswer.objects.filter(
            report__period=period,
            report__archived_at__isnull=True,
            report__status__in=_counted_statuses(include_submitted),
        )
        .select_related("report__unit")
        .order_by("report__unit__name")
    )
    by_section: dict[int, list[NarrativeParagraph]] = defaultdict(list)
    for answer in answers:
        if answer.is_empty():
            continue
        by_section[answer.section_id].append(
            NarrativeParagraph(
                unit=answer.report.unit,
                report_id=answer.report_id,
                text=_paragraph(answer),
                done=answer.done,
                results=answer.results,
                shortcomings=answer.shortcomings,
                proposals=answer.proposals,
            )
        )
    return [NarrativeSection(section=s, paragraphs=by_section.get(s.pk, [])) for s in sections]


# Revisions ---------------------------------------------------------------------------------


def revision_diff(report: UnitReport, a: int, b: int) -> list[FieldChange]:
    """Return the fields that changed between revisions number `a` and `b` of a report.

    Raises Http404 when either revision does not exist.
    """
    found = {r.number: r for r in ReportRevision.objects.filter(report=report, number__in=[a, b])}
    if a not in found or b not in found:
        raise Http404
    old, new = found[a].snapshot, found[b].snapshot
    sections = {s.code: s for s in FormSection.objects.filter(form_id=report.period.form_id)}
    indicators = {i.code: i for i in Indicator.objects.filter(form_id=report.period.form_id)}
    changes = []
    old_answers, new_answers = old.get("answers", {}), new.get("answers", {})
    codes = sorted(
        set(old_answers) | set(new_answers),
        key=lambda c: (sections[c].position if c in sections else 10**6, c),
    )
    for code in codes:
        section = sections.get(code)
        for part in ANSWER_FIELDS:
            before = old_answers.get(code, {}).get(part, "")
            after = new_answers.get(code, {}).get(part, "")
            if before != after:
                title = f"Phần {code}" + (f". {section.title}" if section else "")
                changes.append(
                    FieldChange(
                        key=f"answers.{code}.{part}",
                        label=f"{title} – {PART_LABELS[part]}",
                        before=before,
                        after=after,
                    )
                )
    old_values, new_values = old.get("values", {}), new.get("values", {})
    codes = sorted(
        set(old_values) | set(new_values),
        key=lambda c: (indicators[c].position if c in indicators else 10**6, c),
    )
    for code in codes:
        before = old_values.get(code, {}).get("value")
        after = new_values.get(code, {}).get("value")
        if before != after:
            indicator = indicators.get(code)
            changes.append(
                FieldChange(
                    key=f"values.{code}",
                    label=f"{code} {indicator.label}" if indicator else code,
                    before=before,
                    after=after,
                )
            )
    return changes


# Provincial report -------------------------------------------------------------------------


def _place(period: ReportPeriod) -> str:
    if period.plan is not None and period.plan.place:
        return period.plan.place
    committee = province_committee(on=period.ends_on)
    if committee is None:
        return ""
    name = committee.name
    for prefix in ("Ủy ban nhân dân tỉnh ", "Ủy ban nhân dân thành phố ", "Ủy ban nhân dân "):
        if name.startswith(prefix):
            return name.removeprefix(prefix)
    return name


def report_subject(period: ReportPeriod) -> str:
    """Return the subject line: "Kết quả thực hiện công tác dân vận chính quyền năm 2024"."""
    if period.kind in period_rules.PERIODIC:
        label = period_rules.period_label(period.kind, period.year, period.index)
        return f"Kết quả thực hiện công tác dân vận chính quyền {label}"
    return period.title.removeprefix("Báo cáo ").strip() or period.title


def _intro(period: ReportPeriod) -> str:
    plan = period.plan
    basis = ""
    if plan is not None and plan.symbol:
        basis = f" số {plan.symbol}"
        if plan.issued_on:
            basis += f" ngày {plan.issued_on.day:02d}/{plan.issued_on.month}/{plan.issued_on.year}"
        basis += " của Ủy ban nhân dân tỉnh"
    return (
        f"Thực hiện Kế hoạch{basis} về thực hiện Chỉ thị số 33/CT-TTg ngày 20/11/2019 của Thủ "
        "tướng Chính phủ về tăng cường và nâng cao hiệu quả công tác dân vận của cơ quan hành "
        "chính nhà nước, chính quyền các cấp trong tình hình mới, Ủy ban nhân dân tỉnh báo cáo "
        "kết quả thực hiện công tác dân vận chính quyền (số liệu từ ngày "
        f"{period.starts_on:%d/%m/%Y} đến ngày {period.ends_on:%d/%m/%Y}) như sau:"
    )


def provincial_report_initial(period: ReportPeriod) -> ProvincialReport:
    """Return the saved provincial report, or an unsaved one prefilled from the period and draft."""
    existing = ProvincialReport.objects.filter(period=period).first()
    if existing is not None:
        return existing
    # The official text starts from accepted reports only, like the totals it quotes.
    draft = narrative_draft(period, include_submitted=False)
    narrative = {s.section.code: s.draft_text() for s in draft}
    narrative["_intro"] = _intro(period)
    return ProvincialReport(
        period=period,
        place=_place(period),
        subject=report_subject(period),
        narrative=narrative,
        recipients=list(DEFAULT_RECIPIENTS),
        signer_authority=DEFAULT_SIGNER,
    )
