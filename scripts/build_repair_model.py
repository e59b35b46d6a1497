"""Build the diacritic and OCR repair model shipped in danvan/lib/vnrepair/data/.

    /work/main/.venv/bin/python scripts/build_repair_model.py

Deterministic: the same sources give the same files. Sources and licences: docs/repair.md.
Steps: collect clean text (scripts/repair/corpus.py) split by document into training and
evaluation; render training and evaluation lines and read them back with `tesseract -l eng`
(scripts/repair/ocr_pairs.py, cached in /tmp); learn the OCR confusion channel from the
training pairs only; count syllable n-grams on the training text only; write the model and
the held-out evaluation sets.
"""

from __future__ import annotations

import gzip
import json
import math
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts" / "repair"))

import corpus  # noqa: E402
import ocr_pairs  # noqa: E402

from danvan.lib.vnrepair.model import MODEL_FILE, NGRAM_FILE, SPECIAL, write_ngrams  # noqa: E402
from danvan.lib.vnrepair.syllable import (  # noqa: E402
    canonical,
    fold,
    is_wellformed,
    split_onset,
    split_tone,
)
from danvan.lib.vnrepair.tokens import gap_token, pieces  # noqa: E402

DATA = ROOT / "danvan" / "lib" / "vnrepair" / "data"
VI_WORD = set("aăâbcdđeêghiklmnoôơpqrstuưvxy")
BACKOFF = math.log(0.4)
# Confusions of real office scans that our clean renders do not produce: a capital Đ whose
# bar touches the bowl reads as "P" ("Pang" for "Đảng"). Added as pseudo-counts to the
# learned substitution counts of the folded channel (d -> p), nothing else is hand-set.
SCAN_PRIORS = {("d", "p"): 40}


def plain_syllable(word: str) -> str | None:
    lower = canonical(word.lower())
    toneless, _ = split_tone(lower)
    return lower if toneless and set(toneless) <= VI_WORD else None


def learn_rimes(texts: list[str], lexicon: list[str]) -> frozenset[str]:
    syllables: Counter[str] = Counter()
    for text in texts:
        for word in text.split():
            syl = plain_syllable(word.strip(".,;:()\"'!?"))
            if syl:
                syllables[syl] += 1
    lexicon_syllables = Counter(
        s for w in lexicon for s in (plain_syllable(x) for x in w.split()) if s
    )
    rime_syllables: defaultdict[str, set[str]] = defaultdict(set)
    for source in (syllables, lexicon_syllables):
        for syl, n in source.items():
            if source is syllables and n < 2:
                continue
            toneless, _ = split_tone(syl)
            onset, rime = split_onset(toneless)
            if rime and rime[0] in "aăâeêioôơuưy":
                rime_syllables[rime].add(syl)
    shape = re.compile(r"^[aăâeêioôơuưy]{1,3}(?:c|ch|m|n|ng|nh|p|t)?$")
    return frozenset(
        r
        for r, syls in rime_syllables.items()
        if len(syls) >= 3 and shape.match(r) and not re.search(r"([aăâeêiôơuưy])\1", r)
    )


def lm_tokens(text: str, rimes: frozenset[str]) -> list[list[str]]:
    """Language-model token sentences of a clean text: one per line, syllables lower-case."""
    out = []
    for line in text.splitlines():
        tokens: list[str] = []
        last = 0
        for piece in pieces(line):
            gap = gap_token(line[last : piece.start])
            if gap and gap != "</s>":
                tokens.append(gap)
            word = line[piece.start : piece.end]
            if piece.kind == "word":
                lower = canonical(word.lower())
                tokens.append(lower if is_wellformed(lower, rimes) else "<u>")
            else:
                tokens.append("<n>" if piece.kind == "num" else "<c>")
            last = piece.end
        tail = gap_token(line[last:])
        if tail and tail != "</s>":
            tokens.append(tail)
        if any(t not in SPECIAL for t in tokens):
            out.append(tokens)
    return out


def align_tokens(clean: list[str], ocr: list[str]) -> list[tuple[int, int]]:
    """Levenshtein alignment of two token lists; returns matched index pairs."""
    n, m = len(clean), len(ocr)

    def cost(a: str, b: str) -> float:
        fa, fb = fold(a), fold(b)
        return min(1.0, _lev(fa, fb) / max(len(fa), len(fb), 1)) * 1.5

    dp = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        dp[i][0] = float(i)
    for j in range(1, m + 1):
        dp[0][j] = float(j)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            dp[i][j] = min(
                dp[i - 1][j - 1] + cost(clean[i - 1], ocr[j - 1]),
                dp[i - 1][j] + 1,
                dp[i][j - 1] + 1,
            )
    pairs = []
    i, j = n, m
    while i > 0 and j > 0:
        if dp[i][j] == dp[i - 1][j - 1] + cost(clean[i - 1], ocr[j - 1]):
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif dp[i][j] == dp[i - 1][j] + 1:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def _lev(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def char_ops(clean: str, observed: str) -> list[tuple[str, str]]:
    """Edit operations (clean char or "", observed char or "") of a Levenshtein alignment."""
    n, m = len(clean), len(observed)
    dp = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        dp[i][0] = i
    for j in range(m + 1):
        dp[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            dp[i][j] = min(
                dp[i - 1][j] + 1,
                dp[i][j - 1] + 1,
                dp[i - 1][j - 1] + (clean[i - 1] != observed[j - 1]),
            )
    ops = []
    i, j = n, m
    while i > 0 or j > 0:
        if i > 0 and j > 0 and dp[i][j] == dp[i - 1][j - 1] + (clean[i - 1] != observed[j - 1]):
            ops.append((clean[i - 1], observed[j - 1]))
            i, j = i - 1, j - 1
        elif i > 0 and dp[i][j] == dp[i - 1][j] + 1:
            ops.append((clean[i - 1], ""))
            i -= 1
        else:
            ops.append(("", observed[j - 1]))
            j -= 1
    return ops[::-1]


def word_pairs(line_pairs: list[tuple[str, str]], rimes: frozenset[str]) -> list[tuple[str, str]]:
    """(OCR token lower-case, clean syllable) pairs from aligned lines."""
    out = []
    for clean_line, ocr_line in line_pairs:
        clean = [clean_line[p.start : p.end] for p in pieces(clean_line) if p.kind == "word"]
        ocr = [ocr_line[p.start : p.end] for p in pieces(ocr_line) if p.kind == "word"]
        for i, j in align_tokens(clean, ocr):
            syl = canonical(clean[i].lower())
            if is_wellformed(syl, rimes):
                observed = ocr[j].lower()
                if _lev(fold(observed), fold(syl)) <= max(2, len(syl) // 2):
                    out.append((observed, syl))
    return out


def learn_channel(pairs: list[tuple[str, str]]) -> dict[str, object]:
    """Channel statistics of (OCR token, clean syllable) pairs."""
    kept = sum(1 for o, c in pairs if fold(o) == fold(c))
    char_total: Counter[str] = Counter()
    sub: Counter[tuple[str, str]] = Counter()
    inserted: Counter[str] = Counter()
    deleted: Counter[str] = Counter()
    marks: Counter[str] = Counter()
    exact = [0, 0]
    for o, c in pairs:
        fo, fc = fold(o), fold(c)
        has_o = str(int(not o.isascii()))
        has_c = str(int(not c.isascii()))
        if fo == fc and has_c == "1":
            exact[0] += o == c
            exact[1] += 1
        if o != c:
            marks[has_c + has_o] += 1
    for o, c in pairs:
        fo, fc = fold(o), fold(c)
        if fo == fc:
            continue
        char_total.update(fc)
        for a, b in char_ops(fc, fo):
            if a and b and a != b:
                sub[(a, b)] += 1
            elif a and not b:
                deleted[a] += 1
            elif b and not a:
                inserted[b] += 1
    for op, n in SCAN_PRIORS.items():
        sub[op] += n
    total_chars = sum(char_total.values()) or 1
    mark_totals = Counter({k[0]: 0 for k in marks})
    for key, n in marks.items():
        mark_totals[key[0]] += n
    return {
        "keep": math.log(kept / len(pairs)),
        "change": math.log(1 - kept / len(pairs)),
        "sub": {a + b: math.log(n / (char_total[a] + 1)) for (a, b), n in sorted(sub.items())},
        "delete": {a: math.log(n / (char_total[a] + 1)) for a, n in sorted(deleted.items())},
        "insert": {b: math.log(n / total_chars) for b, n in sorted(inserted.items())},
        "marks": {k: math.log(n / mark_totals[k[0]]) for k, n in sorted(marks.items())},
        "exact": math.log((exact[0] + 1) / (exact[1] + 2)),
    }


def main() -> None:
    train_docs, eval_docs = corpus.collect()
    lexicon = corpus.viet74k()
    freqs = corpus.wordfreq_vi()
    rimes = learn_rimes(
        [d.text for d in train_docs if d.source != "admin"] + [d.text for d in train_docs[:50]],
        lexicon,
    )
    print(f"rimes: {len(rimes)}")

    # Language model on training text only.
    uni: Counter[str] = Counter()
    bi: Counter[tuple[str, str]] = Counter()
    tri: Counter[tuple[str, str, str]] = Counter()
    for doc in train_docs:
        for sent in lm_tokens(doc.text, rimes):
            seq = ["<s>", "<s>", *sent, "</s>"]
            uni.update(seq[2:])
            bi.update(zip(seq[1:], seq[2:], strict=False))
            tri.update(zip(seq, seq[1:], seq[2:], strict=False))
    corpus_total = sum(uni.values())
    pseudo: Counter[str] = Counter()
    for word in lexicon:
        syls = [canonical(s.lower()) for s in word.split()]
        if all(is_wellformed(s, rimes) for s in syls):
            for s in syls:
                pseudo[s] += 0.5
            for a, b in zip(syls, syls[1:], strict=False):
                bi[(a, b)] += 0.5
    for word, freq in freqs.items():
        syl = canonical(word.lower())
        if " " not in syl and is_wellformed(syl, rimes):
            pseudo[syl] += freq * corpus_total * 0.5
    vocab = list(SPECIAL) + sorted(w for w in set(uni) | set(pseudo) if w not in SPECIAL)
    index = {w: i for i, w in enumerate(vocab)}
    size = len(vocab)
    counts = {w: uni.get(w, 0) + pseudo.get(w, 0) for w in vocab}
    total = sum(counts.values())
    unigram = [round(math.log((counts[w] + 0.1) / (total + 0.1 * size)), 3) for w in vocab]
    context1: Counter[str] = Counter()
    for (a, _b), n in bi.items():
        context1[a] += n
    bigram = {index[a] * size + index[b]: math.log(n / context1[a]) for (a, b), n in bi.items()}
    context2: Counter[tuple[str, str]] = Counter()
    for (a, b, _c), n in tri.items():
        context2[(a, b)] += n
    trigram = {
        (index[a] * size + index[b]) * size + index[c]: math.log(n / context2[(a, b)])
        for (a, b, c), n in tri.items()
    }
    print(f"vocab {size}, bigrams {len(bigram)}, trigrams {len(trigram)}, tokens {corpus_total}")

    # OCR confusion channel on training pairs only.
    train_lines = ocr_pairs.training_pairs(
        [(d.source, d.text) for d in train_docs if d.source in ("admin", "vlsp", "code", "django")]
    )
    # Every tenth page is a development set for tuning the decoder (not learned from).
    per_page = ocr_pairs.LINES_PER_PAGE
    pages = [train_lines[i : i + per_page] for i in range(0, len(train_lines), per_page)]
    dev = [p for i, p in enumerate(pages) if i % 10 == 9]
    learn = [line for i, p in enumerate(pages) if i % 10 != 9 for line in p]
    with (corpus.CACHE / "dev_ocr.jsonl").open("w", encoding="utf-8") as fh:
        for n, page in enumerate(dev):
            for clean, ocr in page:
                item = {"page": n, "clean": clean, "ocr": ocr}
                fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    pairs = word_pairs(learn, rimes)
    print(f"training OCR lines {len(learn)} (+{len(dev)} dev pages), word pairs {len(pairs)}")
    table: defaultdict[str, Counter[str]] = defaultdict(Counter)
    clean_count: Counter[str] = Counter()
    for o, c in pairs:
        table[o][c] += 1
        clean_count[c] += 1
    channel = learn_channel(pairs)

    DATA.mkdir(parents=True, exist_ok=True)
    meta = {
        "vocab": vocab,
        "unigram": unigram,
        "backoff": BACKOFF,
        "rimes": sorted(rimes),
        "table": {
            o: sorted(cs.items(), key=lambda x: (-x[1], x[0])) for o, cs in sorted(table.items())
        },
        "clean_count": dict(sorted(clean_count.items())),
        "channel": channel,
        "params": {
            "beta": 8.0,
            "emission_weight": 1.0,
            "candidates": 10,
            "beam": 10,
            "table_trust": 1e9,
        },
    }
    with gzip.GzipFile(DATA / MODEL_FILE, "wb", compresslevel=9, mtime=0) as fh:
        fh.write(json.dumps(meta, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    write_ngrams(DATA / NGRAM_FILE, bigram, trigram)

    # Held-out evaluation sets (never used above).
    eval_dir = DATA / "eval"
    eval_dir.mkdir(exist_ok=True)
    admin = [d for d in eval_docs if d.source == "admin"][:12]
    other = [d for d in eval_docs if d.source in ("vlsp", "code")]
    for name, docs in (("admin_clean.jsonl", admin), ("vlsp_clean.jsonl", other)):
        with (eval_dir / name).open("w", encoding="utf-8") as fh:
            for d in docs:
                fh.write(json.dumps({"name": d.name, "text": d.text}, ensure_ascii=False) + "\n")
    eval_lines = ocr_pairs.evaluation_pairs(
        [(d.source, d.text) for d in eval_docs if d.source == "admin"]
    )
    with (eval_dir / "admin_ocr.jsonl").open("w", encoding="utf-8") as fh:
        for n, (clean, ocr) in enumerate(eval_lines):
            item = {"page": n // ocr_pairs.LINES_PER_PAGE, "clean": clean, "ocr": ocr}
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(
        f"evaluation: admin docs {len(admin)}, other docs {len(other)}, OCR lines {len(eval_lines)}"
    )
    random.seed(0)


if __name__ == "__main__":
    main()
