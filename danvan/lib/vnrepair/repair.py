"""Restore Vietnamese diacritics and OCR-damaged letters with a noisy channel and an n-gram LM.

For every word token the candidates are the syllables whose accent-free skeleton matches it
(accent restoration) and, for damaged text, the syllables a learned OCR confusion channel can
turn into it (letter repair: "cta" -> "của", "s6" -> "số"). A syllable trigram language model
with stupid backoff picks the best sentence with a beam search. Everything that is not a word
token (numbers, symbols, dates, URLs, punctuation, spaces, line breaks) is copied unchanged.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field

from .model import Model, get_model
from .syllable import canonical, fold
from .tokens import Piece, gap_token, pieces

Candidate = tuple[int, float]  # (vocabulary id, log emission probability)

UNKNOWN_ABBREVIATION = math.log(0.05)
UNKNOWN_WORD = math.log(1e-4)
UNKNOWN_KNOWN_SKELETON = math.log(1e-7)
UNKNOWN_IN_CLEAN_TEXT = math.log(0.01)
# Review threshold: on held-out OCR, tokens below it hold 77 % of the errors and 3 % of the
# correct words.
UNCERTAIN_BELOW = 0.9
PRUNE = 12.0  # drop candidates this far (log) below the best before decoding


@dataclass(frozen=True, slots=True)
class Token:
    """One word token of the repaired text; offsets index RepairResult.text."""

    start: int
    end: int
    original: str
    restored: str
    confidence: float


@dataclass(frozen=True, slots=True)
class RepairResult:
    text: str
    tokens: list[Token] = field(default_factory=list)
    mode: str = "clean"  # "clean", "stripped" (no accents at all) or "ocr" (damaged)
    damage: float = 0.0  # damage_ratio of the input


def _has_marks(word: str) -> bool:
    return not word.isascii()


def _looks_abbreviation(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _word_pieces(text: str) -> list[Piece]:
    return [p for p in pieces(text) if p.kind == "word"]


def damage_ratio(text: str) -> float:
    """Share of word tokens that are not valid Vietnamese syllables (0.0 for no words).

    All-capital abbreviations (UBND, HĐND) are not counted either way.
    """
    text = unicodedata.normalize("NFC", text)
    return _damage(get_model(), text, _word_pieces(text))


def _apply_case(original: str, restored: str) -> str:
    letters = [c for c in original if c.isalpha()]
    uppers = sum(1 for c in letters if c.isupper())
    if len(letters) > 1 and uppers * 2 > len(letters):
        return restored.upper()
    if original[:1].isupper() or (not original[:1].isalpha() and uppers):
        return restored[:1].upper() + restored[1:]
    return restored


class _Scorer:
    def __init__(self, model: Model) -> None:
        self.model = model
        self.cache: dict[tuple[str, str], list[Candidate]] = {}
        ch = model.channel
        self.exact = ch.exact
        self.not_exact = math.log(max(1e-6, 1 - math.exp(ch.exact)))
        self.beta = model.params["beta"]
        self.k = int(model.params["candidates"])
        self.table_trust = model.params.get("table_trust", 5.0)
        self.unknown_word = model.params.get("unknown_word", UNKNOWN_WORD)
        self.unknown_abbreviation = model.params.get("unknown_abbreviation", UNKNOWN_ABBREVIATION)

    def _emission(self, observed: str, syllable: str, seen: float) -> float:
        model, ch = self.model, self.model.channel
        fo, fc = fold(observed), fold(syllable)
        mo, mc = _has_marks(observed), _has_marks(syllable)
        if fo == fc:
            if observed == syllable:
                pe = ch.keep + (self.exact if mc else 0.0)
            else:
                # The other marked spellings of this skeleton share the non-exact mass.
                spread = math.log(len(model.skeletons.get(fc, ())) or 1) if mo else 0.0
                pe = (
                    ch.keep
                    + (self.not_exact if mc else 0.0)
                    + ch.marks.get(f"{int(mc)}{int(mo)}", -5.0)
                    - spread
                )
        else:
            pe = ch.skeleton(fo, fc) + ch.marks.get(f"{int(mc)}{int(mo)}", -5.0)
        idx = model.index[syllable]
        count = model.clean_count.get(idx, 0.0)
        if count == 0.0 and seen == 0.0:
            return pe
        return math.log((seen + self.beta * math.exp(pe)) / (count + self.beta))

    def candidates(self, word: str, mode: str) -> list[Candidate]:
        lower = canonical(word.lower())
        key = (mode, lower)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        model = self.model
        known_skeleton = fold(lower) in model.skeletons
        if mode == "clean" and not known_skeleton:
            unknown = UNKNOWN_IN_CLEAN_TEXT  # typed text: a foreign word or a name
        elif known_skeleton:
            # Letters of a known syllable with impossible marks ("hoach"): not a foreign word.
            unknown = UNKNOWN_KNOWN_SKELETON
        elif _looks_abbreviation(word):
            unknown = self.unknown_abbreviation
        else:
            unknown = self.unknown_word
        out: list[Candidate]
        if lower in model.index and (mode == "clean" or (mode == "stripped" and _has_marks(lower))):
            out = [(model.index[lower], 0.0)]
        elif mode == "stripped" and fold(lower) in model.skeletons and not _has_marks(lower):
            out = [(i, 0.0) for i in model.skeletons[fold(lower)][: self.k]]
        else:
            out = self._channel(lower, unknown)
        if len(self.cache) < 200_000:
            self.cache[key] = out
        return out

    def _channel(self, lower: str, unknown: float) -> list[Candidate]:
        model = self.model
        seen = dict(model.table.get(lower, ()))
        skeleton = fold(lower)
        pool: set[int] = set(seen)
        pool.update(model.skeletons.get(skeleton, ()))
        if sum(seen.values()) < self.table_trust:
            # Letter repair: nearby skeletons, the most likely ones only.
            near = sorted(
                (model.channel.skeleton(skeleton, other), other)
                for other in model.neighbours(skeleton)
                if other != skeleton
            )[-self.k :]
            for _, other in near:
                pool.update(model.skeletons[other][:4])
        scored = []
        for idx in pool:
            emit = self._emission(lower, model.vocab[idx], seen.get(idx, 0.0))
            scored.append((emit + model.unigram[idx], idx, emit))
        scored.sort(reverse=True)
        floor = scored[0][0] - PRUNE if scored else 0.0
        out = [(idx, emit) for total, idx, emit in scored[: self.k] if total >= floor]
        if lower not in model.index:
            out.append((model.index["<u>"], unknown))
        return out


_SCORERS: dict[int, _Scorer] = {}


def _scorer() -> _Scorer:
    model = get_model()
    scorer = _SCORERS.get(id(model))
    if scorer is None:
        scorer = _SCORERS[id(model)] = _Scorer(model)
    return scorer


def _decode(model: Model, lattice: list[list[Candidate]], weight: float, beam: int) -> list[int]:
    """Beam search over the lattice with the trigram LM; returns chosen candidate indices."""
    start = model.index["<s>"]
    end = model.index["</s>"]
    size = len(model.vocab)
    tri = model.trigram.get
    bi = model.bigram.get
    uni = model.unigram
    bo = model.backoff
    # state: (score, u, v, back) with back a linked list of choices
    states: list[tuple[float, int, int, tuple[object, ...] | None]] = [(0.0, start, start, None)]
    for cands in lattice:
        best: dict[tuple[int, int], tuple[float, int, int, tuple[object, ...] | None]] = {}
        for score, u, v, back in states:
            base3 = (u * size + v) * size
            base2 = v * size
            for choice, (w, emit) in enumerate(cands):
                lp = tri(base3 + w)
                if lp is None:
                    lp = bi(base2 + w)
                    lp = bo + bo + uni[w] if lp is None else bo + lp
                s = score + lp + weight * emit
                key = (v, w)
                old = best.get(key)
                if old is None or s > old[0]:
                    best[key] = (s, v, w, (back, choice))
        if len(best) > beam:
            states = sorted(best.values(), key=lambda x: -x[0])[:beam]
        else:
            states = list(best.values())
    final = max(states, key=lambda x: x[0] + model.lm(x[1], x[2], end))
    choices: list[int] = []
    back = final[3]
    while back is not None:
        choices.append(int(back[1]))  # type: ignore[call-overload]
        back = back[0]  # type: ignore[assignment]
    return choices[::-1]


def _confidences(
    model: Model, lattice: list[list[Candidate]], path: list[int], weight: float
) -> list[float]:
    """Posterior of each chosen candidate with its two neighbours on each side fixed."""
    start, end = model.index["<s>"], model.index["</s>"]
    ids = [start, start] + [lattice[i][c][0] for i, c in enumerate(path)] + [end, end]
    lm = model.lm
    out = []
    for i, cands in enumerate(lattice):
        if len(cands) == 1:
            out.append(1.0)
            continue
        p2, p1, n1, n2 = ids[i], ids[i + 1], ids[i + 3], ids[i + 4]
        scores = [
            weight * emit + lm(p2, p1, w) + lm(p1, w, n1) + (lm(w, n1, n2) if n1 != end else 0.0)
            for w, emit in cands
        ]
        top = max(scores)
        total = sum(math.exp(s - top) for s in scores)
        out.append(math.exp(scores[path[i]] - top) / total)
    return out


def _damage(model: Model, text: str, words: list[Piece]) -> float:
    total = bad = 0
    for piece in words:
        word = text[piece.start : piece.end]
        valid = model.is_syllable(canonical(word))
        if not valid and _looks_abbreviation(word):
            continue
        total += 1
        bad += not valid
    return bad / total if total else 0.0


def _mode(model: Model, text: str, words: list[Piece]) -> tuple[str, float]:
    """Judge the text: "stripped" (almost no marks), "clean" (its marked words are valid:
    typed text, maybe with foreign words or a few unaccented ones) or "ocr" (damaged)."""
    damage = _damage(model, text, words)
    if not words:
        return "clean", damage
    marked = [text[p.start : p.end] for p in words if _has_marks(text[p.start : p.end])]
    if len(marked) < 0.05 * len(words):
        return "stripped", damage
    invalid = sum(1 for w in marked if not model.is_syllable(canonical(w)))
    if invalid <= 0.03 * len(marked):
        return "clean", damage
    return "ocr", damage


def repair(text: str) -> RepairResult:
    """Restore diacritics and OCR-damaged letters of Vietnamese text.

    Only word tokens change; the result is NFC and every Token's offsets index its text.
    Already-correct Vietnamese comes back unchanged with high confidence.
    """
    model = get_model()
    scorer = _scorer()
    text = unicodedata.normalize("NFC", text)
    all_pieces = pieces(text)
    words = [p for p in all_pieces if p.kind == "word"]
    mode, damage = _mode(model, text, words)
    weight = model.params["emission_weight"]
    beam = int(model.params["beam"])

    # Build lattices: one per paragraph (blank lines reset the context).
    restored: dict[int, tuple[str, float]] = {}
    lattice: list[list[Candidate]] = []
    owners: list[int | None] = []  # piece index for word positions, None for fixed tokens
    fixed = {k: model.index[k] for k in ("<n>", "<c>", "<.>", "<,>", "<;>", "<p>")}

    def flush() -> None:
        if not lattice:
            return
        if any(len(c) > 1 for c in lattice):
            path = _decode(model, lattice, weight, beam)
            confs = _confidences(model, lattice, path, weight)
        else:
            path = [0] * len(lattice)
            confs = [1.0] * len(lattice)
        for pos, owner in enumerate(owners):
            if owner is None:
                continue
            idx, _ = lattice[pos][path[pos]]
            restored[owner] = (model.vocab[idx], confs[pos])
        lattice.clear()
        owners.clear()

    last = 0
    for n, piece in enumerate(all_pieces):
        gap = gap_token(text[last : piece.start]) if last else None
        if gap == "</s>":
            flush()
        elif gap:
            lattice.append([(fixed[gap], 0.0)])
            owners.append(None)
        if (
            piece.kind == "word"
            and unicodedata.category(text[piece.end : piece.end + 1] or " ")[0] == "M"
        ):
            # A combining mark right after the word would merge with a new last letter.
            lattice.append([(model.index["<u>"], 0.0)])
            owners.append(n)
        elif piece.kind == "word":
            lattice.append(scorer.candidates(text[piece.start : piece.end], mode))
            owners.append(n)
        else:
            lattice.append([(fixed["<n>" if piece.kind == "num" else "<c>"], 0.0)])
            owners.append(None)
        last = piece.end
    flush()

    out: list[str] = []
    tokens: list[Token] = []
    cursor = 0
    length = 0
    for n, piece in enumerate(all_pieces):
        if n not in restored:
            continue
        original = text[piece.start : piece.end]
        syllable, conf = restored[n]
        if syllable.startswith("<"):
            new = original
        else:
            new = _apply_case(original, syllable)
            if canonical(original.lower()) == syllable and original.lower() != syllable:
                new = original  # same syllable, other tone placement (hoá/hóa): keep it
        between = text[cursor : piece.start]
        out.append(between)
        length += len(between)
        tokens.append(Token(length, length + len(new), original, new, round(conf, 4)))
        out.append(new)
        length += len(new)
        cursor = piece.end
    out.append(text[cursor:])
    result = unicodedata.normalize("NFC", "".join(out))
    return RepairResult(text=result, tokens=tokens, mode=mode, damage=round(damage, 4))
