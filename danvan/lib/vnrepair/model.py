"""The shipped repair model: syllable n-gram language model and OCR confusion channel.

Built by scripts/build_repair_model.py; loaded once, lazily, from the package data.
"""

from __future__ import annotations

import array
import gzip
import json
import math
import threading
from dataclasses import dataclass, field
from pathlib import Path

from .syllable import fold, is_wellformed

DATA_DIR = Path(__file__).resolve().parent / "data"
MODEL_FILE = "model.json.gz"
NGRAM_FILE = "ngrams.bin.gz"
SPECIAL = ("<s>", "</s>", "<u>", "<n>", "<c>", "<.>", "<,>", "<;>", "<p>")
FLOOR = math.log(1e-5)


@dataclass
class Channel:
    """Character-level confusion statistics of folded OCR tokens given folded clean syllables."""

    keep: float  # log P(folded token unchanged)
    change: float  # log P(folded token changed)
    sub: dict[tuple[str, str], float]
    delete: dict[str, float]
    insert: dict[str, float]
    marks: dict[str, float]  # log P(token mark pattern | syllable mark pattern), keys "10" etc.
    exact: float  # log P(token == syllable | syllable has marks, fold kept)
    cache: dict[tuple[str, str], float] = field(default_factory=dict)

    def skeleton(self, observed: str, clean: str) -> float:
        """log P(observed folded token | clean folded syllable)."""
        if observed == clean:
            return self.keep
        key = (observed, clean)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        n, m = len(clean), len(observed)
        sub, delete, insert = self.sub, self.delete, self.insert
        prev = [0.0] * (m + 1)
        for j in range(1, m + 1):
            prev[j] = prev[j - 1] + insert.get(observed[j - 1], FLOOR)
        for i in range(1, n + 1):
            a = clean[i - 1]
            del_a = delete.get(a, FLOOR)
            cur = [prev[0] + del_a] + [0.0] * m
            for j in range(1, m + 1):
                b = observed[j - 1]
                best = prev[j - 1] + (0.0 if a == b else sub.get((a, b), FLOOR))
                alt = prev[j] + del_a
                if alt > best:
                    best = alt
                alt = cur[j - 1] + insert.get(b, FLOOR)
                if alt > best:
                    best = alt
                cur[j] = best
            prev = cur
        value = self.change + prev[m]
        if len(self.cache) < 500_000:
            self.cache[key] = value
        return value


@dataclass
class Model:
    vocab: list[str]
    index: dict[str, int]
    unigram: list[float]
    bigram: dict[int, float]
    trigram: dict[int, float]
    backoff: float
    rimes: frozenset[str]
    skeletons: dict[str, list[int]]
    deletes: dict[str, list[str]]
    table: dict[str, list[tuple[int, float]]]
    clean_count: dict[int, float]
    channel: Channel
    params: dict[str, float]

    @property
    def size(self) -> int:
        return len(self.vocab)

    def lm(self, u: int, v: int, w: int) -> float:
        size = len(self.vocab)
        t = self.trigram.get((u * size + v) * size + w)
        if t is not None:
            return t
        b = self.bigram.get(v * size + w)
        if b is not None:
            return self.backoff + b
        return self.backoff + self.backoff + self.unigram[w]

    def is_syllable(self, word: str) -> bool:
        lower = word.lower()
        return lower in self.index or is_wellformed(lower, self.rimes)

    def neighbours(self, skeleton: str) -> set[str]:
        """Known skeletons within two deletions of skeleton (symmetric-delete lookup)."""
        out: set[str] = set()
        for variant in _deletions(skeleton, 2 if len(skeleton) >= 4 else 1):
            out.update(self.deletes.get(variant, ()))
        return out


def _deletions(word: str, depth: int) -> set[str]:
    out = {word}
    frontier = {word}
    for _ in range(depth):
        nxt: set[str] = set()
        for w in frontier:
            for i in range(len(w)):
                nxt.add(w[:i] + w[i + 1 :])
        out |= nxt
        frontier = nxt
    return out


def build_deletes(skeletons: list[str]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for skeleton in skeletons:
        for variant in _deletions(skeleton, 2 if len(skeleton) >= 4 else 1):
            index.setdefault(variant, []).append(skeleton)
    return index


def _read_pairs(data: bytes, offset: int) -> tuple[dict[int, float], int]:
    (count,) = array.array("q", data[offset : offset + 8])
    offset += 8
    keys = array.array("q")
    keys.frombytes(data[offset : offset + 8 * count])
    offset += 8 * count
    values = array.array("f")
    values.frombytes(data[offset : offset + 4 * count])
    offset += 4 * count
    return dict(zip(keys, values, strict=True)), offset


def write_ngrams(path: Path, bigram: dict[int, float], trigram: dict[int, float]) -> None:
    chunks = []
    for table in (bigram, trigram):
        keys = sorted(table)
        chunks.append(array.array("q", [len(keys)]).tobytes())
        chunks.append(array.array("q", keys).tobytes())
        chunks.append(array.array("f", [table[k] for k in keys]).tobytes())
    with gzip.GzipFile(path, "wb", compresslevel=9, mtime=0) as fh:
        fh.write(b"".join(chunks))


def load(directory: Path = DATA_DIR) -> Model:
    with gzip.open(directory / MODEL_FILE, "rt", encoding="utf-8") as fh:
        meta = json.load(fh)
    with gzip.open(directory / NGRAM_FILE, "rb") as fh:
        data = fh.read()
    bigram, offset = _read_pairs(data, 0)
    trigram, _ = _read_pairs(data, offset)
    vocab: list[str] = meta["vocab"]
    index = {w: i for i, w in enumerate(vocab)}
    unigram: list[float] = meta["unigram"]
    skeletons: dict[str, list[int]] = {}
    for i, word in enumerate(vocab):
        if word not in SPECIAL:
            skeletons.setdefault(fold(word), []).append(i)
    for ids in skeletons.values():
        ids.sort(key=lambda i: -unigram[i])
    ch = meta["channel"]
    channel = Channel(
        keep=ch["keep"],
        change=ch["change"],
        sub={(k[0], k[1]): v for k, v in ch["sub"].items()},
        delete=ch["delete"],
        insert=ch["insert"],
        marks=ch["marks"],
        exact=ch["exact"],
    )
    table = {
        key: [(index[w], n) for w, n in entries if w in index]
        for key, entries in meta["table"].items()
    }
    return Model(
        vocab=vocab,
        index=index,
        unigram=unigram,
        bigram=bigram,
        trigram=trigram,
        backoff=meta["backoff"],
        rimes=frozenset(meta["rimes"]),
        skeletons=skeletons,
        deletes=build_deletes(sorted(skeletons)),
        table=table,
        clean_count={index[w]: n for w, n in meta["clean_count"].items() if w in index},
        channel=channel,
        params=meta["params"],
    )


_LOCK = threading.Lock()
_MODEL: Model | None = None


def get_model() -> Model:
    """Return the shipped model, loading it on first use (thread-safe)."""
    global _MODEL
    if _MODEL is None:
        with _LOCK:
            if _MODEL is None:
                _MODEL = load()
    return _MODEL
