"""Demo index results of Kiên Giang 2021–2024 (plausible demo figures, NOT official results)."""

from __future__ import annotations

import decimal
from collections.abc import Callable

from django.contrib.auth import get_user_model

from danvan.orgs.models import Unit
from danvan.plans.models import Task

from . import services
from .catalog import ensure_catalog
from .models import IndexKind, IndexScore, IndexTarget, RemedialLink, SubIndex

PROVINCE = "KG-UBND"
PLAN_SYMBOL = "63/KH-UBND"
D = decimal.Decimal

# index -> year -> (score, national rank, component scores in catalog order)
RESULTS: dict[str, dict[int, tuple[str, int, list[str]]]] = {
    "PAPI": {
        2021: ("42,18", 33, ["4,95", "5,21", "4,12", "6,48", "7,12", "7,35", "3,71", "3,24"]),
        2022: ("42,75", 29, ["5,02", "5,33", "4,28", "6,61", "7,18", "7,41", "3,55", "3,37"]),
        2023: ("43,36", 24, ["5,10", "5,46", "4,36", "6,70", "7,24", "7,52", "3,49", "3,49"]),
        2024: ("43,91", 19, ["5,18", "5,57", "4,41", "6,83", "7,29", "7,60", "3,41", "3,62"]),
    },
    "PCI": {
        2021: (
            "63,82",
            33,
            ["7,21", "6,45", "5,93", "6,87", "6,12", "5,76", "6,38", "5,51", "6,02", "6,74"],
        ),
        2022: (
            "64,11",
            30,
            ["7,35", "6,52", "5,88", "6,95", "6,30", "5,81", "6,44", "5,62", "6,08", "6,81"],
        ),
        2023: (
            "65,07",
            26,
            ["7,48", "6,60", "6,05", "7,02", "6,41", "5,95", "6,57", "5,80", "6,15", "6,92"],
        ),
        2024: (
            "65,64",
            22,
            ["7,56", "6,68", "6,12", "7,10", "6,55", "6,02", "6,71", "5,93", "6,21", "7,04"],
        ),
    },
    "PAR_INDEX": {
        2021: ("84,12", 41, []),
        2022: ("85,37", 36, []),
        2023: ("86,64", 30, []),
        2024: ("87,25", 27, []),
    },
    "SIPAS": {
        2021: ("81,47", 45, ["82,10", "80,95", "83,40", "80,12", "78,86"]),
        2022: ("82,36", 40, ["83,05", "81,70", "84,12", "81,33", "79,60"]),
        2023: ("83,18", 37, ["83,90", "82,64", "84,85", "82,40", "80,11"]),
        2024: ("84,02", 32, ["84,55", "83,47", "85,62", "83,21", "81,25"]),
    },
}
# index -> year -> (target score, target rank): the province's own aims (demo figures)
TARGETS: dict[str, dict[int, tuple[str, int]]] = {
    "PAPI": {2022: ("43,00", 30), 2023: ("43,50", 25), 2024: ("44,00", 20), 2025: ("44,50", 15)},
    "PCI": {2022: ("64,50", 30), 2023: ("65,00", 25), 2024: ("66,00", 20), 2025: ("67,00", 15)},
    "PAR_INDEX": {2022: ("85,00", 35), 2023: ("86,00", 30), 2024: ("87,50", 25)},
    "SIPAS": {2022: ("82,00", 40), 2023: ("83,50", 35), 2024: ("84,00", 30)},
}
# (index, component code, plan task code): remedial tasks of weak components
REMEDIES = [
    ("PAPI", "PAPI8", "II.4.3", "Chuyển đổi số, dịch vụ công trực tuyến toàn trình"),
    ("PAPI", "PAPI7", "II.4.5", ""),
    ("PCI", "PCI8", "II.4.2", ""),
]


def _number(text: str) -> D:
    return D(text.replace(",", "."))


def load_demo(add: Callable[[str, int], None]) -> None:
    """Create the demo results, targets and remedial links that do not exist yet."""
    ensure_catalog()
    province = Unit.objects.filter(code=PROVINCE).first()
    coordinator = get_user_model().objects.filter(username="dieuphoi").first()
    if province is None or coordinator is None:
        return
    kinds = {k.code: k for k in IndexKind.objects.all()}
    for code, years in RESULTS.items():
        kind = kinds[code]
        subs = list(SubIndex.objects.filter(kind=kind).order_by("position"))
        for year, (score, rank, parts) in years.items():
            if IndexScore.objects.filter(kind=kind, unit=province, year=year).exists():
                continue
            services.index_score_save(
                kind=kind,
                unit=province,
                year=year,
                score=_number(score),
                national_rank=rank,
                sub_scores={s.pk: (_number(v), None) for s, v in zip(subs, parts, strict=False)},
                by=coordinator,
            )
            add("index_scores", 1)
    for code, years in TARGETS.items():
        kind = kinds[code]
        for year, (score, rank) in years.items():
            if IndexTarget.objects.filter(kind=kind, unit=province, year=year).exists():
                continue
            services.index_target_set(
                kind=kind,
                unit=province,
                year=year,
                target_score=_number(score),
                target_rank=rank,
                note="Số liệu minh họa (demo)",
                by=coordinator,
            )
            add("index_targets", 1)
    for kind_code, sub_code, task_code, note in REMEDIES:
        sub = SubIndex.objects.filter(kind__code=kind_code, code=sub_code).first()
        task = Task.objects.filter(plan__symbol=PLAN_SYMBOL, code=task_code).first()
        if sub is None or task is None:
            continue
        if RemedialLink.objects.filter(sub_index=sub, unit=province, task=task).exists():
            continue
        services.remedial_link_add(
            sub_index=sub, unit=province, task=task, note=note, by=coordinator
        )
        add("index_remedial_links", 1)
