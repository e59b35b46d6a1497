"""From extracted text to a parsed plan: detect OCR damage, repair it, parse the structure.

`danvan.lib.vnrepair` measures the damage (share of words that are not Vietnamese syllables);
above the threshold the text is repaired and the structure is read from the restored text.
The original text is kept beside it, and the words the repair is unsure of are kept with
their offsets in the restored text for the review screen's highlighting.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from danvan.lib.planparse import Alias, ParsedPlan, normalize, parse_plan
from danvan.lib.vnrepair import UNCERTAIN_BELOW, Token, damage_ratio, repair

DAMAGE_THRESHOLD = 0.15  # typed Vietnamese is below 0.03, stripped or OCR text 0.3-0.4


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
    damage: float
    repaired: bool
    mode: str = "clean"
    words: int = 0
    uncertain: list[dict[str, Any]] = field(default_factory=list)
    parsed: ParsedPlan | None = None


def _uncertain_tokens(restored: str, tokens: Iterable[Token], below: float) -> list[dict[str, Any]]:
    """Return the repaired words whose confidence is below `below`, with their offsets."""
    out = []
    for token in tokens:
        if token.confidence >= below:
            continue
        if restored[token.start : token.end] != token.restored:
            raise ValueError(f"repair token {token!r} does not index the restored text")
        out.append(
            {
                "start": token.start,
                "end": token.end,
                "original": token.original,
                "restored": token.restored,
                "confidence": round(token.confidence, 3),
            }
        )
    return out


def analyse(text: str, *, aliases: Iterable[Alias] = ()) -> Analysis:
    """Return the analysis of a plan text: repaired when damaged, then parsed."""
    threshold = _setting("DANVAN_IMPORT_DAMAGE_THRESHOLD", DAMAGE_THRESHOLD)
    below = _setting("DANVAN_IMPORT_UNCERTAIN_BELOW", UNCERTAIN_BELOW)
    # The parser normalises its input; doing it first keeps the repair offsets valid.
    text = normalize(text)
    damage = damage_ratio(text)
    restored = text
    uncertain: list[dict[str, Any]] = []
    repaired = False
    mode = "clean"
    words = 0
    if damage > threshold:
        result = repair(text)
        restored, mode, words = result.text, result.mode, len(result.tokens)
        uncertain = _uncertain_tokens(restored, result.tokens, below)
        repaired = True
    parsed = parse_plan(restored, aliases=aliases)
    return Analysis(text, parsed.text, damage, repaired, mode, words, uncertain, parsed)


def contract(analysis: Analysis) -> dict[str, Any]:
    """Return the JSON contract of `danvan import-plan --json` for an analysis."""
    assert analysis.parsed is not None
    data = analysis.parsed.as_json(restored_text=analysis.restored_text)
    data["repair"] = {
        "damage_ratio": round(analysis.damage, 4),
        "repaired": analysis.repaired,
        "mode": analysis.mode,
        "words": analysis.words,
        "uncertain": analysis.uncertain,
    }
    return data
