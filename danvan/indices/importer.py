"""Reading a spreadsheet of index scores and checking every row before anything is saved.

`read_table` turns an uploaded CSV (UTF-8, with or without BOM) or XLSX into rows of cells;
`parse_table` finds the columns by their (diacritic-insensitive) headers; `check_rows` matches
index and component names, reads Vietnamese numbers ("65,12") and compares each row with what
is stored, so the preview shows it as new, changed (old → new), unchanged or an error.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from danvan.core.errors import ApplicationError
from danvan.core.uploads import check_upload
from danvan.lib.vntext import fold, nfc

from .catalog import MAX_RANK

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_CELL = 300
MAX_UNZIPPED = 40 * 1024 * 1024  # an XLSX is a zip: refuse "zip bombs" before parsing
FIRST_YEAR = 2005  # PCI, the oldest of the four, was first published for 2005

# column key -> folded header texts people write for it
HEADERS: dict[str, tuple[str, ...]] = {
    "index": ("chi so", "bo chi so", "ten chi so", "index"),
    "year": ("nam", "year", "nam danh gia"),
    "sub_index": (
        "chi so thanh phan",
        "thanh phan",
        "linh vuc",
        "noi dung",
        "chi so noi dung",
        "sub index",
        "sub-index",
    ),
    "score": ("diem", "diem so", "ket qua", "score", "gia tri"),
    "rank": ("xep hang", "thu hang", "hang", "rank", "xep hang toan quoc"),
}
REQUIRED = ("index", "year", "score")
COLUMN_LABELS = {
    "index": "Chỉ số",
    "year": "Năm",
    "sub_index": "Chỉ số thành phần",
    "score": "Điểm",
    "rank": "Xếp hạng",
}
_NUMBERING = re.compile(r"^\s*(?:[0-9]{1,2}|[ivxIVX]{1,4})\s*[.)/-]\s+")
_FORMULA_START = ("=", "+", "@", "\t", "\r")


def _error(message: str) -> ApplicationError:
    return ApplicationError(message, field="file", code="import_invalid")


# Reading the file -----------------------------------------------------------------------------


def read_table(upload: UploadedFile) -> list[list[Any]]:
    """Return the cells of the first sheet of an uploaded CSV or XLSX, or raise."""
    name = upload.name or ""
    ext = os.path.splitext(name)[1].lower()
    if ext not in (".csv", ".xlsx"):
        raise _error(_("Chỉ nhận tệp .xlsx hoặc .csv."))
    if upload.size is not None and upload.size > MAX_BYTES:
        raise _error(
            _("Tệp quá lớn: tối đa %(mb)d MB cho một lần nhập.") % {"mb": MAX_BYTES // 2**20}
        )
    try:
        check_upload(upload)
    except ApplicationError as exc:
        raise _error(exc.message) from exc
    data = upload.read(MAX_BYTES + 1)
    upload.seek(0)
    if len(data) > MAX_BYTES:
        raise _error(_("Tệp quá lớn: tối đa %(mb)d MB cho một lần nhập.") % {"mb": 2})
    return _read_xlsx(data) if ext == ".xlsx" else _read_csv(data)


def _read_csv(data: bytes) -> list[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _error(_("Tệp CSV phải được lưu với mã UTF-8 (trong Excel: “CSV UTF-8”).")) from exc
    if "\x00" in text:
        raise _error(_("Tệp CSV chứa ký tự không hợp lệ."))
    sample = text[:4096]
    delimiter = max((",", ";", "\t"), key=sample.count) if sample.strip() else ","
    rows: list[list[Any]] = []
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:
                raise _error(_("Tệp có quá %(n)d dòng.") % {"n": MAX_ROWS})
    except csv.Error as exc:
        raise _error(_("Không đọc được tệp CSV: %(e)s") % {"e": str(exc)[:100]}) from exc
    return rows


def _check_zip(data: bytes) -> None:
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise _error(_("Không đọc được tệp XLSX; hãy lưu lại tệp bằng Excel rồi thử lại.")) from exc
    if unpacked > MAX_UNZIPPED:
        raise _error(_("Tệp XLSX quá lớn khi giải nén; hãy chỉ giữ bảng điểm cần nhập."))


def _read_xlsx(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    _check_zip(data)
    try:
        # Formulas are read as their text (data_only=False) so that they can be refused.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # a zip that is not a workbook, a damaged file...
        raise _error(_("Không đọc được tệp XLSX; hãy lưu lại tệp bằng Excel rồi thử lại.")) from exc
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            return []
        rows: list[list[Any]] = []
        for values in sheet.iter_rows(values_only=True, max_col=30):
            rows.append(list(values))
            if len(rows) > MAX_ROWS + 1:
                raise _error(_("Tệp có quá %(n)d dòng.") % {"n": MAX_ROWS})
        return rows
    except ApplicationError:
        raise
    except Exception as exc:
        raise _error(_("Không đọc được tệp XLSX; hãy lưu lại tệp bằng Excel rồi thử lại.")) from exc
    finally:
        book.close()


# Columns -------------------------------------------------------------------------------------


@dataclass
class RawRow:
    line: int
    cells: dict[str, Any]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_table(table: Sequence[Sequence[Any]]) -> list[RawRow]:
    """Find the header row and return the data rows keyed by column; raise on a bad header."""
    start = next((i for i, row in enumerate(table) if any(not _blank(c) for c in row)), None)
    if start is None:
        raise _error(_("Tệp rỗng: không có dòng tiêu đề và số liệu nào."))
    header = table[start]
    columns: dict[str, int] = {}
    for position, cell in enumerate(header):
        if _blank(cell):
            continue
        text = fold(_NUMBERING.sub("", str(cell))).strip(" :*")
        key = next((k for k, names in HEADERS.items() if text in names), None)
        if key is None:
            continue
        if key in columns:
            raise _error(_("Dòng tiêu đề có hai cột “%(col)s”.") % {"col": COLUMN_LABELS[key]})
        columns[key] = position
    missing = [COLUMN_LABELS[k] for k in REQUIRED if k not in columns]
    if missing:
        raise _error(
            _(
                "Dòng tiêu đề thiếu cột: %(missing)s. Dòng tiêu đề cần có các cột "
                "“Chỉ số”, “Năm”, “Chỉ số thành phần”, “Điểm”, “Xếp hạng” (tải tệp mẫu để xem)."
            )
            % {"missing": ", ".join(f"“{m}”" for m in missing)}
        )
    rows = []
    for offset, row in enumerate(table[start + 1 :], start=start + 2):
        cells = {k: (row[i] if i < len(row) else None) for k, i in columns.items()}
        if all(_blank(v) for v in cells.values()):
            continue
        rows.append(RawRow(line=offset, cells=cells))
    if not rows:
        raise _error(_("Tệp chỉ có dòng tiêu đề, chưa có dòng số liệu nào."))
    if len(rows) > MAX_ROWS:
        raise _error(_("Tệp có quá %(n)d dòng.") % {"n": MAX_ROWS})
    return rows


def rows_from_json(items: Iterable[dict[str, Any]]) -> list[RawRow]:
    """Return API rows (objects with the column keys) as raw rows numbered from 1."""
    rows = [
        RawRow(line=n, cells={k: item.get(k) for k in HEADERS})
        for n, item in enumerate(items, start=1)
    ]
    if not rows:
        raise ApplicationError(_("Chưa có dòng số liệu nào."), field="rows")
    if len(rows) > MAX_ROWS:
        raise ApplicationError(_("Quá %(n)d dòng.") % {"n": MAX_ROWS}, field="rows")
    return rows


# Values --------------------------------------------------------------------------------------


def text_of(value: Any) -> str:
    """Return a cell as display text (numbers without a trailing .0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return nfc(str(value)).strip()[:MAX_CELL]


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value
    return text_of(value) if not isinstance(value, str) else value[: MAX_CELL + 1]


def is_formula(value: Any) -> bool:
    """Return whether a text cell would run as a formula in a spreadsheet program."""
    if not isinstance(value, str):
        return False
    text = value.lstrip(" ")
    if text[:1] in _FORMULA_START:
        return True
    # "-5" is a (bad) number; "-A1*2" or "-cmd|..." is a formula.
    return text[:1] == "-" and not re.fullmatch(r"-\s*[0-9][0-9.,\s]*", text)


def parse_number(value: Any) -> decimal.Decimal:
    """Return a score written as 65,12 / 65.12 / 1.234,5 / a spreadsheet number; or raise."""
    if isinstance(value, bool):
        raise ValueError("boolean")
    if isinstance(value, int):
        return decimal.Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("not finite")
        # Spreadsheet numbers carry binary noise (65.1199999); scores have 2 decimals.
        return decimal.Decimal(repr(value)).quantize(decimal.Decimal("0.01"))
    text = re.sub(r"[\s\u00a0\u202f]", "", str(value))
    if not re.fullmatch(r"-?[0-9][0-9.,]*", text):
        raise ValueError("not a number")
    if "," in text and "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        text = text.replace(thousands, "")
    elif "," not in text and "." not in text:
        return decimal.Decimal(text)
    elif text.count(",") == 1:
        decimal_mark = ","
    elif text.count(".") == 1:
        decimal_mark = "."
    else:
        raise ValueError("ambiguous")
    whole, _sep, frac = text.partition(decimal_mark)
    if len(frac) > 2 or not whole.lstrip("-"):
        raise ValueError("too many decimals")
    return decimal.Decimal(f"{whole}.{frac or '0'}")


def parse_int(value: Any) -> int:
    """Return a whole number from a cell (2023, "2023", 2023.0); or raise ValueError."""
    if isinstance(value, bool):
        raise ValueError("boolean")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("not whole")
        return int(value)
    text = str(value).strip()
    if not re.fullmatch(r"[0-9]{1,6}", text):
        raise ValueError("not whole")
    return int(text)


def match_key(text: str) -> str:
    """Return the form of a name used for matching: no numbering, no diacritics, no case."""
    return fold(_NUMBERING.sub("", text)).strip(" .:;")


# Checking rows against the catalog and the stored scores ---------------------------------------


@dataclass
class Catalog:
    """Names of the indices and their components, folded for matching."""

    kinds: dict[str, Any]  # match key -> IndexKind
    subs: dict[int, dict[str, Any]]  # kind id -> match key -> SubIndex
    kind_by_id: dict[int, Any]
    sub_by_id: dict[int, Any]

    @classmethod
    def load(cls) -> Catalog:
        """Read every index and component from the database."""
        from .models import IndexKind, SubIndex

        kinds: dict[str, Any] = {}
        kind_by_id = {}
        for kind in IndexKind.objects.all():
            kind_by_id[kind.pk] = kind
            for name in (kind.code, kind.short_name, kind.name, *kind.aliases):
                kinds[match_key(name)] = kind
            kinds[match_key(f"{kind.name} ({kind.short_name})")] = kind
            kinds[match_key(f"{kind.short_name} - {kind.name}")] = kind
        subs: dict[int, dict[str, Any]] = {k: {} for k in kind_by_id}
        sub_by_id = {}
        for sub in SubIndex.objects.all():
            sub_by_id[sub.pk] = sub
            for name in (sub.code, sub.name, *sub.aliases):
                subs[sub.kind_id][match_key(name)] = sub
        return cls(kinds=kinds, subs=subs, kind_by_id=kind_by_id, sub_by_id=sub_by_id)


def _money(value: decimal.Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def check_rows(rows: Sequence[RawRow], *, unit: Any, today: dt.date) -> list[dict[str, Any]]:
    """Return one preview row per input row: what it means, its status and any error."""
    from .models import IndexScore

    catalog = Catalog.load()
    checked: list[dict[str, Any]] = []
    seen: dict[tuple[int, int, int | None], int] = {}
    for raw in rows:
        errors: list[str] = []
        shown = {k: text_of(v) for k, v in raw.cells.items()}
        for key, value in raw.cells.items():
            if is_formula(value):
                errors.append(
                    _("Ô “%(col)s” chứa công thức hoặc bắt đầu bằng =, +, -, @: không nhận.")
                    % {"col": COLUMN_LABELS[key]}
                )
            elif isinstance(value, str) and ("\x00" in value or len(value) > MAX_CELL):
                errors.append(
                    _("Ô “%(col)s” quá dài hoặc có ký tự không hợp lệ.")
                    % {"col": COLUMN_LABELS[key]}
                )
        row: dict[str, Any] = {
            "line": raw.line,
            "cells": shown,
            "raw": {k: _jsonable(v) for k, v in raw.cells.items()},
            "kind_id": None,
            "sub_index_id": None,
            "year": None,
            "score": None,
            "rank": None,
            "old_score": None,
            "old_rank": None,
            "status": "error",
            "errors": errors,
        }
        checked.append(row)
        if errors:
            continue
        kind = catalog.kinds.get(match_key(shown["index"])) if shown["index"] else None
        if kind is None:
            errors.append(
                _("Không nhận ra chỉ số “%(name)s” (PAR INDEX, PCI, SIPAS hoặc PAPI).")
                % {"name": shown["index"] or "—"}
            )
        sub = None
        if kind is not None and shown.get("sub_index"):
            sub = catalog.subs[kind.pk].get(match_key(shown["sub_index"]))
            if sub is None:
                errors.append(
                    _("Chỉ số %(kind)s không có chỉ số thành phần “%(name)s”.")
                    % {"kind": kind.short_name, "name": shown["sub_index"]}
                )
        year = None
        try:
            year = parse_int(raw.cells["year"]) if not _blank(raw.cells["year"]) else None
        except ValueError:
            year = None
        if year is None:
            errors.append(_("Năm “%(v)s” không hợp lệ.") % {"v": shown["year"] or "—"})
        elif not FIRST_YEAR <= year <= today.year:
            errors.append(
                _("Năm %(y)d ngoài khoảng %(a)d–%(b)d.")
                % {"y": year, "a": FIRST_YEAR, "b": today.year}
            )
            year = None
        score = None
        if _blank(raw.cells["score"]):
            errors.append(_("Thiếu điểm."))
        else:
            try:
                score = parse_number(raw.cells["score"])
            except (ValueError, decimal.InvalidOperation):
                errors.append(
                    _("Điểm “%(v)s” không phải số (viết 65,12 hoặc 65.12).") % {"v": shown["score"]}
                )
        if score is not None and kind is not None:
            top = sub.max_score if sub is not None else kind.scale_max
            if not decimal.Decimal(0) <= score <= top:
                errors.append(
                    _("Điểm %(v)s ngoài khoảng 0–%(max)s.")
                    % {"v": shown["score"], "max": f"{top:g}"}
                )
                score = None
        rank = None
        if not _blank(raw.cells.get("rank")):
            try:
                rank = parse_int(raw.cells["rank"])
            except ValueError:
                rank = None
            if rank is None or not 1 <= rank <= MAX_RANK:
                errors.append(
                    _("Xếp hạng “%(v)s” phải là số nguyên từ 1 đến %(max)d.")
                    % {"v": shown["rank"], "max": MAX_RANK}
                )
                rank = None
        if kind is not None and year is not None and not errors:
            key = (kind.pk, year, sub.pk if sub else None)
            if key in seen:
                errors.append(_("Trùng với dòng %(n)d.") % {"n": seen[key]})
            else:
                seen[key] = raw.line
        row.update(
            kind_id=kind.pk if kind else None,
            kind=kind.short_name if kind else "",
            sub_index_id=sub.pk if sub else None,
            sub_index=sub.name if sub else "",
            year=year,
            score=_money(score),
            rank=rank,
        )
    _compare_with_stored(checked, unit=unit, model=IndexScore)
    return checked


def _compare_with_stored(checked: list[dict[str, Any]], *, unit: Any, model: Any) -> None:
    keys = {(r["kind_id"], r["year"]) for r in checked if not r["errors"]}
    stored: dict[tuple[int, int], Any] = {}
    if keys:
        qs = model.objects.filter(
            unit=unit,
            archived_at__isnull=True,
            kind_id__in={k for k, _y in keys},
            year__in={y for _k, y in keys},
        ).prefetch_related("sub_scores")
        stored = {(s.kind_id, s.year): s for s in qs}
    for row in checked:
        if row["errors"]:
            row["status"] = "error"
            continue
        result = stored.get((row["kind_id"], row["year"]))
        old_score, old_rank = None, None
        if result is not None:
            if row["sub_index_id"] is None:
                old_score, old_rank = result.score, result.national_rank
            else:
                sub = next(
                    (s for s in result.sub_scores.all() if s.sub_index_id == row["sub_index_id"]),
                    None,
                )
                if sub is not None:
                    old_score, old_rank = sub.score, sub.national_rank
        row["old_score"] = _money(old_score)
        row["old_rank"] = old_rank
        if old_score is None and old_rank is None:
            row["status"] = "new"
        elif row["old_score"] == row["score"] and (row["rank"] is None or row["rank"] == old_rank):
            row["status"] = "unchanged"
        else:
            row["status"] = "changed"


def counts_of(rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Return how many preview rows have each status."""
    counts = {"new": 0, "changed": 0, "unchanged": 0, "error": 0}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    return counts
