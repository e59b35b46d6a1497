"""Benchmark of consolidation on a synthetic province, against the same work in raw SQL.

`make bench` runs it after the plan benchmarks; alone: `python -m bench.reports`
(BENCH_REPORT_UNITS, BENCH_INDICATORS) builds a province of
3,321 units x 60 indicators in a throw-away database and prints, for the consolidation page
reads and the XLSX export, our time, the raw-SQL time and their ratio (the goal is <= 2x).
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

UNITS = int(os.environ.get("BENCH_REPORT_UNITS", "3321"))
INDICATORS = int(os.environ.get("BENCH_INDICATORS", "60"))


def _timed(fn: Callable[[], object], repeat: int = 5) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def populate(units: int = UNITS, indicators: int = INDICATORS) -> Any:
    """Create one open annual period with `units` accepted reports of `indicators` figures."""
    from django.db import transaction

    from danvan.orgs.models import Unit
    from danvan.reports.models import (
        Indicator,
        IndicatorValue,
        ReportForm,
        ReportPeriod,
        UnitReport,
    )

    kinds = ("integer", "integer", "decimal", "percent", "boolean")
    with transaction.atomic():
        made = Unit.objects.bulk_create(
            Unit(code=f"BR-{i}", name=f"Ủy ban nhân dân xã Thử {i:04d}", kind="commune")
            for i in range(units)
        )
        form = ReportForm.objects.create(title="Mẫu thử")
        defs = Indicator.objects.bulk_create(
            Indicator(
                form=form,
                code=f"C{i:02d}",
                label=f"Chỉ tiêu {i}",
                value_type=kinds[i % len(kinds)],
                aggregation="count_true" if kinds[i % len(kinds)] == "boolean" else "sum",
                position=i,
            )
            for i in range(indicators)
        )
        period = ReportPeriod.objects.create(
            kind="annual",
            year=2026,
            title="Báo cáo thử",
            starts_on=dt.date(2025, 12, 15),
            ends_on=dt.date(2026, 12, 14),
            due_on=dt.date(2026, 12, 10),
            status="open",
            form=form,
        )
        reports = UnitReport.objects.bulk_create(
            UnitReport(period=period, unit=u, status="accepted", revision_count=1) for u in made
        )
        batch = []
        for r_index, report in enumerate(reports):
            for i_index, indicator in enumerate(defs):
                seed = (r_index * 31 + i_index * 7) % 997
                if indicator.value_type == "boolean":
                    batch.append(
                        IndicatorValue(report=report, indicator=indicator, boolean=seed % 2 == 0)
                    )
                else:
                    batch.append(
                        IndicatorValue(
                            report=report, indicator=indicator, number=decimal.Decimal(seed % 100)
                        )
                    )
            if len(batch) >= 20000:
                IndicatorValue.objects.bulk_create(batch, batch_size=5000)
                batch = []
        IndicatorValue.objects.bulk_create(batch, batch_size=5000)
    return period


def _raw_totals(period_id: int) -> list[tuple[Any, ...]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT v.indicator_id, SUM(v.number), AVG(v.number), MIN(v.number), MAX(v.number),
                   SUM(CASE WHEN v.boolean THEN 1 ELSE 0 END), COUNT(v.id)
            FROM reports_indicatorvalue v JOIN reports_unitreport r ON r.id = v.report_id
            WHERE r.period_id = %s AND r.archived_at IS NULL AND r.status IN ('accepted')
            GROUP BY v.indicator_id
            """,
            [period_id],
        )
        return cursor.fetchall()


def _raw_matrix(period_id: int) -> tuple[list[Any], dict[int, dict[int, Any]]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.id, u.name FROM reports_unitreport r JOIN orgs_unit u ON u.id = r.unit_id "
            "WHERE r.period_id = %s AND r.archived_at IS NULL "
            "AND r.status IN ('accepted', 'submitted') ORDER BY u.name",
            [period_id],
        )
        reports = cursor.fetchall()
        cursor.execute(
            "SELECT v.report_id, v.indicator_id, v.number, v.boolean FROM reports_indicatorvalue v "
            "JOIN reports_unitreport r ON r.id = v.report_id WHERE r.period_id = %s "
            "AND r.archived_at IS NULL AND r.status IN ('accepted', 'submitted')",
            [period_id],
        )
        figures: dict[int, dict[int, Any]] = defaultdict(dict)
        for report_id, indicator_id, number, boolean in cursor.fetchall():
            figures[report_id][indicator_id] = number if boolean is None else boolean
    return reports, figures


def _raw_xlsx(period: Any) -> bytes:
    """The export's baseline: raw SQL for rows and totals, then the same workbook."""
    from openpyxl import Workbook

    from danvan.reports.models import Indicator

    indicators = list(Indicator.objects.filter(form_id=period.form_id).values_list("id", "code"))
    reports, figures = _raw_matrix(period.pk)
    totals = {row[0]: row[1] if row[1] is not None else row[5] for row in _raw_totals(period.pk)}
    book = Workbook()
    sheet = book.active
    sheet.append(["STT", "Đơn vị", "Trạng thái"] + [code for _, code in indicators])
    for n, (report_id, name) in enumerate(reports, start=1):
        row = figures.get(report_id, {})
        sheet.append([n, name, "Đã tiếp nhận"] + [_plain(row.get(pk)) for pk, _ in indicators])
    sheet.append(["", "Tổng hợp", ""] + [_plain(totals.get(pk)) for pk, _ in indicators])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    return float(value)


def run(period: Any) -> list[tuple[str, float, float]]:
    """Return (name, ours in s, raw SQL in s) for each measured read."""
    from danvan.reports import exports, selectors

    def page() -> object:
        return (
            selectors.completeness(period),
            selectors.indicator_totals(period, with_units=False),
        )

    def page_raw() -> object:
        from django.db import connection

        with connection.cursor() as cursor:
            # The same table: units existing at the period's end (or that reported), by name.
            cursor.execute(
                "SELECT u.id, u.code, u.name, u.kind, r.id, r.status, r.submitted_at, "
                "r.first_submitted_at, r.late FROM orgs_unit u "
                "LEFT JOIN reports_unitreport r ON r.unit_id = u.id AND r.period_id = %s "
                "AND r.archived_at IS NULL "
                "WHERE (u.archived_at IS NULL AND (u.valid_from IS NULL OR u.valid_from <= %s) "
                "AND (u.valid_to IS NULL OR u.valid_to >= %s)) OR r.id IS NOT NULL "
                "ORDER BY u.name, u.id",
                [period.pk, period.ends_on, period.ends_on],
            )
            rows = cursor.fetchall()
        return rows, _raw_totals(period.pk)

    return [
        ("consolidation page reads", _timed(page), _timed(page_raw)),
        ("XLSX export", _timed(lambda: exports.indicators_xlsx(period), 3), _timed(
            lambda: _raw_xlsx(period), 3
        )),
    ]  # fmt: skip


def main() -> int:
    os.environ.setdefault("DANVAN_VAR_DIR", tempfile.mkdtemp(prefix="danvan-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    period = populate()
    print(f"data: {UNITS} units x {INDICATORS} indicators")
    print(f"{'benchmark':<28}{'ours (ms)':>12}{'raw SQL (ms)':>15}{'ratio':>9}")
    worst = 0.0
    for name, ours, raw in run(period):
        worst = max(worst, ours / raw)
        print(f"{name:<28}{ours * 1000:>12.1f}{raw * 1000:>15.1f}{ours / raw:>8.2f}x")
    return 0 if worst <= 2 else 1


if __name__ == "__main__":
    sys.exit(main())
