"""Make (clean, damaged) line pairs: render clean Vietnamese lines with Pillow and read them
back with `tesseract -l eng`, the way an English-model scan reading damages them.

Results are cached under /tmp/danvan-repair-build/ocr/<set>/ (page images are not kept in
the repository; only the learned statistics are). Runs under `nice`, one page at a time.
"""

from __future__ import annotations

import hashlib
import json
import random
import subprocess
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

CACHE = Path("/tmp/danvan-repair-build/ocr")  # noqa: S108 - build cache
# Fonts whose English-model reading damages about one word in five, like the office scans
# we receive (Liberation fonts come out far worse, about one in two).
FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerifCondensed.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
]
LINES_PER_PAGE = 28


def wrap(paragraphs: list[str], width: int = 78) -> list[str]:
    lines: list[str] = []
    for para in paragraphs:
        para = para.strip()
        if para:
            lines.extend(textwrap.wrap(para, width=width, break_on_hyphens=False))
    return lines


def render(lines: list[str], font_path: str, size: int, seed: int) -> Image.Image:
    font = ImageFont.truetype(font_path, size)
    step = int(size * 1.55)
    width = max(int(font.getlength(line)) for line in lines) + 120
    image = Image.new("L", (width, step * len(lines) + 120), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((60, 60 + i * step), line, font=font, fill=0)
    rng = random.Random(seed)
    # A little blur and downsampling, like a 200-300 dpi office scan.
    scale = rng.uniform(0.6, 1.0)
    image = image.resize((int(image.width * scale), int(image.height * scale)), Image.BILINEAR)
    return image.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.9)))


def ocr_page(lines: list[str], key: str, seed: int) -> list[str]:
    out_dir = CACHE / key
    out_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha1(  # noqa: S324 - cache key only
        ("\n".join(lines) + str(seed)).encode()
    ).hexdigest()[:16]
    cached = out_dir / f"{digest}.json"
    if cached.exists():
        return list(json.loads(cached.read_text("utf-8"))["ocr"])
    rng = random.Random(seed)
    font = FONTS[seed % len(FONTS)] if key == "train" else FONTS[seed % 2]
    image = render(lines, font, rng.choice([28, 30, 32, 34]), seed)
    png = out_dir / f"{digest}.png"
    image.save(png)
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [
            "/usr/bin/nice",
            "-n",
            "15",
            "/usr/bin/tesseract",
            str(png),
            "-",
            "-l",
            "eng",
            "--psm",
            "6",
        ],
        capture_output=True,
        text=True,
        check=True,
        env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"},
    )
    png.unlink()
    ocr = [line for line in result.stdout.splitlines() if line.strip()]
    cached.write_text(json.dumps({"clean": lines, "ocr": ocr}, ensure_ascii=False), "utf-8")
    return ocr


def pairs(lines: list[str], key: str, seed: int) -> list[tuple[str, str]]:
    """Return (clean, ocr) line pairs for pages whose line count survived the OCR."""
    out: list[tuple[str, str]] = []
    for page_no, start in enumerate(range(0, len(lines), LINES_PER_PAGE)):
        page = lines[start : start + LINES_PER_PAGE]
        ocr = ocr_page(page, key, seed + page_no)
        if len(ocr) == len(page):
            out.extend(zip(page, ocr, strict=True))
    return out


def select_lines(docs: list[tuple[str, str]], count: int, seed: int) -> list[str]:
    """Pick `count` wrapped lines from (source, text) documents, whole paragraphs at a time."""
    rng = random.Random(seed)
    order = list(range(len(docs)))
    rng.shuffle(order)
    lines: list[str] = []
    while len(lines) < count and order:
        source, text = docs[order.pop()]
        paragraphs = [p for p in text.splitlines() if p.strip()]
        if not paragraphs:
            continue
        start = rng.randrange(len(paragraphs))
        lines.extend(wrap(paragraphs[start : start + 6]))
    return lines[:count]


def training_pairs(docs: list[tuple[str, str]], count: int = 3000) -> list[tuple[str, str]]:
    return pairs(select_lines(docs, count, 11), "train", 1000)


def evaluation_pairs(docs: list[tuple[str, str]], count: int = 1100) -> list[tuple[str, str]]:
    return pairs(select_lines(docs, count, 22), "eval", 5000)
