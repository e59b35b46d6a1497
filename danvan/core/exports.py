"""Every list can be downloaded: one table written as CSV (UTF-8 with BOM) or XLSX."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMATS = ("csv", "xlsx")


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if value is None:
        return ""
    return value


def _safe_text(value: Any) -> Any:
    # A cell starting with = + - @ would run as a formula in spreadsheet programs.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def table_response(
    *, headers: Sequence[str], rows: Iterable[Sequence[Any]], filename: str, fmt: str
) -> HttpResponse:
    """Return the table as a download in `fmt` ("csv" or "xlsx")."""
    if fmt == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.append(list(headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = [len(h) for h in headers]
        for row in rows:
            values = [_safe_text(_cell(v)) for v in row]
            sheet.append(values)
            widths = [max(w, min(60, len(str(v)))) for w, v in zip(widths, values, strict=False)]
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width + 2
        sheet.freeze_panes = "A2"
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([_safe_text(_cell(v)) for v in row])
        # The BOM makes Excel read the file as UTF-8, so Vietnamese letters survive.
        response = HttpResponse("\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
