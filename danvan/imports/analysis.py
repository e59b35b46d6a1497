"""From extracted text to a parsed plan: detect OCR damage, repair it, parse the structure.

The repair model lives in `danvan.lib.vnrepair` (built separately). When it is not installed
the text is parsed as it is: the parser itself tolerates damaged words around what it looks for.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from danvan.lib.planparse import Alias, ParsedPlan, parse_plan

try:  # pragma: no cover - depends on whether the repair module has been merged
    from danvan.lib.vnrepair import damage_ratio, repair

    REPAIR_AVAILABLE = True
except ImportError:  # pragma: no cover
    damage_ratio = None
    repair = None
    REPAIR_AVAILABLE = False


def _setting(name: str, default: float) -> float:
    configured = getattr(settings, name, None)
    if configured is not None:
        return float(configured)
    raw = os.environ.get(name, "").strip()
    try:
        return float(raw) if raw else default
    except ValueError:
        return default


@dataclass
class Analysis:
    """What the import found: the texts, the damage, the uncertain words and the structure."""

    text: str
    restored_text: str
    damage: float | None
    repaired: bool
    uncertain: list[dict[str, Any]] = field(default_factory=list)
    parsed: ParsedPlan | None = None


def _uncertain_tokens(restored: str, tokens: Iterable[Any], below: float) -> list[dict[str, Any]]:
    """Return the repaired words whose confidence is low, located in the restored text."""
    out = []
    cursor = 0
    for token in tokens:
        new = str(getattr(token, "restored", ""))
        old = str(getattr(token, "original", ""))
        confidence = float(getattr(token, "confidence", 1.0))
        if not new:
            continue
        where = restored.find(new, cursor)
        if where < 0:
            continue
        cursor = where + len(new)
        if confidence < below:
            out.append(
                {
                    "start": where,
                    "end": where + len(new),
                    "original": old,
                    "restored": new,
                    "confidence": round(confidence, 3),
                }
            )
    return out


def analyse(text: str, *, aliases: Iterable[Alias] = ()) -> Analysis:
    """Return the analysis of a plan text: repaired when damaged, then parsed."""
    threshold = _setting("DANVAN_IMPORT_DAMAGE_THRESHOLD", 0.15)
    below = _setting("DANVAN_IMPORT_UNCERTAIN_BELOW", 0.8)
    damage = None
    restored = text
    uncertain: list[dict[str, Any]] = []
    repaired = False
    if REPAIR_AVAILABLE and damage_ratio is not None and repair is not None:
        damage = float(damage_ratio(text))
        if damage > threshold:
            result = repair(text)
            restored = result.text
            uncertain = _uncertain_tokens(restored, result.tokens, below)
            repaired = True
    parsed = parse_plan(restored, aliases=aliases)
    return Analysis(text, parsed.text, damage, repaired, uncertain, parsed)


def contract(analysis: Analysis) -> dict[str, Any]:
    """Return the JSON contract of `danvan import-plan --json` for an analysis."""
    assert analysis.parsed is not None
    data = analysis.parsed.as_json(restored_text=analysis.restored_text)
    data["repair"] = {
        "available": REPAIR_AVAILABLE,
        "damage_ratio": analysis.damage,
        "repaired": analysis.repaired,
        "uncertain": analysis.uncertain,
    }
    return data
