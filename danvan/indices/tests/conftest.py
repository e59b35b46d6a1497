"""Fixtures of the indices tests: spreadsheets built in memory."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

HEADER = ["Chỉ số", "Năm", "Chỉ số thành phần", "Điểm", "Xếp hạng"]


def xlsx_bytes(rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER) -> bytes:
    """Return an XLSX workbook with a header row and `rows`."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(
    rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER, bom: bool = True
) -> bytes:
    """Return a UTF-8 CSV (with a BOM unless told otherwise)."""
    lines = [",".join(f'"{c}"' for c in header)]
    lines += [",".join(f'"{c}"' for c in row) for row in rows]
    text = "\r\n".join(lines) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


@pytest.fixture(autouse=True)
def _catalog(request: Any) -> None:
    """Re-seed the index catalog when a transactional test elsewhere flushed the database."""
    uses_db = {"db", "world", "transactional_db"} & set(request.fixturenames)
    if uses_db or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        from danvan.indices.catalog import ensure_catalog

        ensure_catalog()


@pytest.fixture
def upload() -> Callable[..., SimpleUploadedFile]:
    """Return a function building an uploaded file from bytes."""

    def _upload(data: bytes, name: str = "diem.xlsx") -> SimpleUploadedFile:
        return SimpleUploadedFile(name, data)

    return _upload


@pytest.fixture
def papi(db: Any) -> Any:
    from danvan.indices.models import IndexKind

    return IndexKind.objects.get(code="PAPI")


PAPI_ROWS = [
    ["PAPI", 2023, "", "43,52", 20],
    ["PAPI", 2023, "Tham gia của người dân ở cấp cơ sở", "5,12", ""],
    ["papi", 2023, "cong khai, minh bach trong viec ra quyet dinh", "5.48", ""],
    ["PAPI", 2024, "", 44.1, 15],
]
