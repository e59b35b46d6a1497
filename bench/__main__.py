"""Run the benchmarks on a synthetic province and print timings with ratios to their baselines.

Baselines are measured in the same run on the same data, so the ratios are comparable between
machines: "search" compares the folded-column query with folding every row in Python; "dashboard"
compares the database roll-ups with aggregating every assignment in Python.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

SIZES = {
    "units": int(os.environ.get("BENCH_UNITS", "600")),
    "tasks": int(os.environ.get("BENCH_TASKS", "3000")),
    "per_task": int(os.environ.get("BENCH_UNITS_PER_TASK", "15")),
}


def _setup() -> None:
    os.environ.setdefault("DANVAN_VAR_DIR", tempfile.mkdtemp(prefix="danvan-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _timed(fn: Callable[[], object], repeat: int = 7) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _populate() -> tuple[object, set[int]]:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from danvan.lib.vntext import fold
    from danvan.orgs.models import Unit
    from danvan.plans.models import Assignment, Item, Plan, Section, Task

    words = [
        "Tuyên truyền",
        "Dân vận khéo",
        "cải cách hành chính",
        "tiếp công dân",
        "đạo đức công vụ",
        "Mặt trận Tổ quốc",
        "chuyển đổi số",
        "khiếu nại, tố cáo",
    ]
    with transaction.atomic():
        get_user_model().objects.create_user("bench")
        units = Unit.objects.bulk_create(
            Unit(
                code=f"B-{i}",
                name=f"Ủy ban nhân dân xã Thử {i}",
                kind="commune",
                search_text=fold(f"B-{i} Ủy ban nhân dân xã Thử {i}"),
            )
            for i in range(SIZES["units"])
        )
        plan = Plan.objects.create(
            issuer=units[0], title="Kế hoạch thử", year=2026, status="issued"
        )
        section = Section.objects.create(plan=plan, numeral="II", title="NHIỆM VỤ, GIẢI PHÁP")
        items = [
            Item.objects.create(section=section, number=str(g), title=words[g]) for g in range(7)
        ]
        tasks = Task.objects.bulk_create(
            Task(
                item=items[i % 7],
                plan=plan,
                code=f"T{i}",
                position=i,
                title=f"{words[i % len(words)]} đợt {i}",
                due_date=dt.date(2026, 1, 1) + dt.timedelta(days=i % 365),
                search_text=fold(f"T{i} {words[i % len(words)]} đợt {i}"),
            )
            for i in range(SIZES["tasks"])
        )
        statuses = ["not_started", "in_progress", "done"]
        batch = []
        for t_index, task in enumerate(tasks):
            for k in range(SIZES["per_task"]):
                unit = units[(t_index * 7 + k) % len(units)]
                s = statuses[(t_index + k) % 3]
                batch.append(
                    Assignment(
                        task=task,
                        unit=unit,
                        role="lead",
                        status=s,
                        percent={"not_started": 0, "in_progress": 50, "done": 100}[s],
                    )
                )
        Assignment.objects.bulk_create(batch, batch_size=2000, ignore_conflicts=True)
    return plan, {units[3].pk}


def plans_section() -> None:
    from danvan.core.access import Actor
    from danvan.lib.vntext import fold
    from danvan.plans import selectors
    from danvan.plans.models import Assignment, Task

    plan, one_unit = _populate()
    today = dt.date(2026, 7, 1)
    actor = Actor(
        user=type("U", (), {"is_authenticated": True, "is_superuser": True})(),
        grants=frozenset({("coordinator", 1)}),
    )
    n_assign = Assignment.objects.count()
    print(f"data: {SIZES['units']} units, {Task.objects.count()} tasks, {n_assign} assignments")

    def search_ours() -> object:
        return selectors.search(query="dan van kheo", actor=actor, limit=10**6).tasks

    def search_baseline() -> object:
        q = fold("dan van kheo")
        return [t for t in Task.objects.all() if q in fold(f"{t.code} {t.title} {t.description}")]

    def dashboard_ours() -> object:
        return (
            selectors.progress_by_group(plan=plan, on=today),
            selectors.progress_by_unit(plan=plan, on=today),
            list(selectors.assignments_overdue(unit_ids=None, on=today)[:50]),
        )

    def dashboard_baseline() -> object:
        by_unit: dict[int, list[int]] = defaultdict(list)
        for a in Assignment.objects.select_related("task").iterator(chunk_size=5000):
            by_unit[a.unit_id].append(a.percent)
        return {k: sum(v) / len(v) for k, v in by_unit.items()}

    def unit_ours() -> object:
        return (
            selectors.assignments_due_soon(unit_ids=one_unit, on=today),
            list(selectors.assignments_overdue(unit_ids=one_unit, on=today)),
        )

    def unit_baseline() -> object:
        return [
            a
            for a in Assignment.objects.select_related("task").iterator(chunk_size=5000)
            if a.unit_id in one_unit
        ]

    assert len(search_ours()) == len(search_baseline())  # same answer, or the ratio is meaningless
    print(f"{'benchmark':<28}{'ours (ms)':>12}{'baseline (ms)':>16}{'speed-up':>12}")
    for name, ours, base in [
        ("search 'dan van kheo'", search_ours, search_baseline),
        ("coordinator dashboard", dashboard_ours, dashboard_baseline),
        ("unit dashboard", unit_ours, unit_baseline),
    ]:
        t_ours = _timed(ours)
        t_base = _timed(base, repeat=3)
        print(f"{name:<28}{t_ours * 1000:>12.1f}{t_base * 1000:>16.1f}{t_base / t_ours:>11.1f}x")


def reports_section() -> None:
    from bench import reports

    period = reports.populate()
    print(f"\nreports: {reports.UNITS} units x {reports.INDICATORS} indicators (goal: ratio <= 2x)")
    print(f"{'benchmark':<28}{'ours (ms)':>12}{'raw SQL (ms)':>16}{'ratio':>12}")
    for name, ours, raw in reports.run(period):
        print(f"{name:<28}{ours * 1000:>12.1f}{raw * 1000:>16.1f}{ours / raw:>11.2f}x")


def _sections() -> dict[str, Callable[[], None]]:
    """Return every benchmark section: the two above, then each bench/<name>.py with `section()`."""
    found: dict[str, Callable[[], None]] = {"plans": plans_section, "reports": reports_section}
    for path in sorted(Path(__file__).parent.glob("*.py")):
        if path.stem.startswith("_") or path.stem in found:
            continue
        module = importlib.import_module(f"bench.{path.stem}")
        if hasattr(module, "section"):
            found[path.stem] = module.section
    return found


def main() -> int:
    """Run every section, or only those named in BENCH_ONLY (comma-separated)."""
    _setup()
    sections = _sections()
    only = [n.strip() for n in os.environ.get("BENCH_ONLY", "").split(",") if n.strip()]
    unknown = set(only) - set(sections)
    if unknown:
        print(f"unknown BENCH_ONLY sections {sorted(unknown)}; known: {sorted(sections)}")
        return 2
    for name, run in sections.items():
        if only and name not in only:
            continue
        print(f"\n== {name} ==")
        run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
