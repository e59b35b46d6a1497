"""Vietnamese syllable structure: tones, accent folding, canonical tone placement, validity."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Combining tone marks in NFD, indexed by tone number (0 = level tone, no mark).
TONE_MARKS = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
_TONE_OF = {mark: i for i, mark in enumerate(TONE_MARKS) if mark}
_MODIFIERS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn
VOWELS = set("aăâeêioôơuưy")
_MODIFIED = set("ăâêôơư")
ONSETS = (
    "ngh",
    "ch",
    "gh",
    "gi",
    "kh",
    "ng",
    "nh",
    "ph",
    "qu",
    "th",
    "tr",
    "b",
    "c",
    "d",
    "đ",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "x",
    "",
)
STOP_CODAS = ("p", "t", "c", "ch")
LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_P_RIMES = frozenset({"in", "a"})
_WORD_CHARS = re.compile(r"^[a-zđăâêôơư\u0300-\u0323]+$")


@lru_cache(maxsize=65536)
def split_tone(syllable: str) -> tuple[str, int]:
    """Return (syllable without its tone mark, tone number 0-5); keeps vowel modifiers."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tone = 0
    kept = []
    for ch in decomposed:
        if ch in _TONE_OF:
            tone = _TONE_OF[ch]
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)), tone


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower-case, without tone marks, vowel modifiers or đ: "Đường" -> "duong"."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    out = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return out.replace("đ", "d")


def split_onset(toneless: str) -> tuple[str, str]:
    """Split a lower-case toneless syllable into (onset, rime)."""
    for onset in ONSETS:
        if onset and toneless.startswith(onset):
            rest = toneless[len(onset) :]
            if onset == "gi" and (not rest or rest[0] not in VOWELS):
                return "g", toneless[1:]
            if onset == "qu" and not rest:
                continue
            return onset, rest
    return "", toneless


def _tone_position(toneless: str) -> int:
    onset, rime = split_onset(toneless)
    start = len(onset)
    vowel_idx = [start + i for i, ch in enumerate(rime) if ch in VOWELS]
    # Vowels must be contiguous from the start of the rime.
    nucleus: list[int] = []
    for idx in vowel_idx:
        if not nucleus or idx == nucleus[-1] + 1:
            nucleus.append(idx)
        else:
            break
    if not nucleus:
        return -1
    modified = [i for i in nucleus if toneless[i] in _MODIFIED]
    if modified:
        return modified[-1]
    if len(nucleus) == 1:
        return nucleus[0]
    coda = toneless[nucleus[-1] + 1 :]
    if coda:
        return nucleus[-1]
    if len(nucleus) == 2:
        return nucleus[0]
    return nucleus[1]


@lru_cache(maxsize=65536)
def apply_tone(toneless: str, tone: int) -> str:
    """Put a tone mark on a lower-case toneless syllable at its canonical place (hóa, thủy)."""
    if tone == 0:
        return toneless
    pos = _tone_position(toneless)
    if pos < 0:
        return toneless
    decomposed = unicodedata.normalize("NFD", toneless[pos]) + TONE_MARKS[tone]
    return unicodedata.normalize("NFC", toneless[:pos] + decomposed + toneless[pos + 1 :])


def _restore_case(source: str, target: str) -> str:
    if len(source) > 1 and source.isupper():
        return target.upper()
    if source[:1].isupper():
        return target[:1].upper() + target[1:]
    return target


@lru_cache(maxsize=65536)
def canonical(word: str) -> str:
    """Return a syllable with its tone mark at the canonical place, case kept."""
    lower = word.lower()
    if not _WORD_CHARS.match(unicodedata.normalize("NFD", lower)):
        return word
    toneless, tone = split_tone(lower)
    if tone == 0:
        return word
    return _restore_case(word, apply_tone(toneless, tone))


_TOKEN = re.compile(r"\w+")


def normalize_tone_placement(text: str) -> str:
    """Return text with every syllable's tone mark at the canonical place (hoá -> hóa)."""
    return _TOKEN.sub(lambda m: canonical(m.group(0)), text)


def is_wellformed(syllable: str, rimes: frozenset[str]) -> bool:
    """True when a lower-case syllable is onset + known rime with a tone its coda allows."""
    toneless, tone = split_tone(syllable)
    if not toneless or not _WORD_CHARS.match(toneless):
        return False
    onset, rime = split_onset(toneless)
    if rime not in rimes:
        return False
    if rime.endswith(STOP_CODAS) and tone not in (1, 5):
        return False
    if onset in ("k", "gh", "ngh") and rime[:1] not in ("i", "e", "ê", "y"):
        return False
    if onset in ("c", "ng") and rime[:1] in ("i", "e", "ê", "y"):
        return False  # spelled k-, ngh- there
    if onset == "g" and rime[:1] in ("e", "ê"):
        return False  # spelled gh- there
    if onset == "p" and rime not in _P_RIMES:
        return False  # p- only in a few loanwords (pin, pa-nô)
    return apply_tone(toneless, tone) == unicodedata.normalize("NFC", syllable)
