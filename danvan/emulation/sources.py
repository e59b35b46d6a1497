"""Figures of the registry for unit reports (indicators DVK01 and DVK02).

A unit that has not put any model of the year into the registry (not even a draft) has not
started using it: the source answers None and the unit types the figure by hand, as the
reports module expects for a module without data.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from .selectors import unit_year_counts


def models_registered(report: Any) -> tuple[int, str] | None:
    """Return how many models the unit registered for the report's year."""
    year = report.period.year
    counts = unit_year_counts(unit_id=report.unit_id, year=year)
    if not counts["any"]:
        return None
    return counts["registered"], _(
        "Tự động: %(n)d mô hình “Dân vận khéo” năm %(year)d đã đăng ký (phân hệ Dân vận khéo)."
    ) % {"n": counts["registered"], "year": year}


def models_recognised(report: Any) -> tuple[int, str] | None:
    """Return how many of the unit's models of the report's year were recognised."""
    year = report.period.year
    counts = unit_year_counts(unit_id=report.unit_id, year=year)
    if not counts["any"]:
        return None
    return counts["recognised"], _(
        "Tự động: %(n)d mô hình “Dân vận khéo” năm %(year)d được công nhận (phân hệ Dân vận khéo)."
    ) % {"n": counts["recognised"], "year": year}
