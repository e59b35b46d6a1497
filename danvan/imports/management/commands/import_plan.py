"""`danvan import-plan FILE [--json]`: read a plan file and print its structure; no DB writes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from danvan.imports.analysis import analyse, contract
from danvan.imports.readers import DocumentReadError, read_document


class Command(BaseCommand):
    help = (
        "Đọc một tệp kế hoạch (.docx, .pdf, .png, .jpg, .txt) và in cấu trúc của nó; "
        "không ghi gì vào cơ sở dữ liệu. --json: một đối tượng JSON (UTF-8) trên stdout."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp kế hoạch cần đọc")
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
        parser.add_argument(
            "--no-progress", action="store_true", help="không hiện thanh tiến độ (stderr)"
        )

    def _progress(self, done: int, total: int, message: str) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        bar = "█" * filled + "·" * (width - filled)
        self.stderr.write(f"\r[{bar}] {done}/{total} {message}", ending="")
        if done >= total:
            self.stderr.write("")

    def _emit(self, data: dict[str, Any]) -> None:
        payload = json.dumps(data, ensure_ascii=False, indent=2)
        stream = getattr(self.stdout, "_out", None)
        if stream is sys.stdout and hasattr(sys.stdout, "buffer"):
            sys.stdout.buffer.write(payload.encode("utf-8") + b"\n")
            sys.stdout.buffer.flush()
        else:
            self.stdout.write(payload)

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        as_json = options["json"]
        show = not options["no_progress"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không mở được tệp {path}: {exc.strerror}") from exc
        try:
            extracted = read_document(data, path.name, progress=self._progress if show else _quiet)
        except DocumentReadError as exc:
            if as_json:
                self._emit({"error": {"code": exc.code, "message": exc.message}})
            raise CommandError(exc.message) from exc
        try:
            from danvan.imports.selectors import unit_aliases

            aliases = unit_aliases()
        except DatabaseError:
            aliases = []  # no database yet: actors are listed without units
        analysis = analyse(extracted.text, aliases=aliases)
        result = contract(analysis)
        result["source"] = {"file": path.name, "kind": extracted.kind, "pages": extracted.pages}
        if as_json:
            self._emit(result)
            return
        self._summary(result)

    def _summary(self, result: dict[str, Any]) -> None:
        header = result["header"]
        write = self.stdout.write
        write(f"Văn bản: {header['type'] or '?'} {header['full_ref'] or ''}")
        write(f"Cơ quan ban hành: {header['issuer'] or '?'}")
        write(f"Địa danh, ngày: {header['place'] or '?'}, {header['date'] or '?'}")
        write(f"Trích yếu: {header['title'] or '?'}")
        repair = result["repair"]
        if repair["repaired"]:
            ratio = f"{repair['damage_ratio']:.2f}".replace(".", ",")
            write(
                f"Đã phục hồi dấu (tỷ lệ từ hỏng {ratio}); "
                f"{len(repair['uncertain'])}/{repair['words']} từ chưa chắc chắn, cần rà soát"
            )
        for section in result["sections"]:
            write(f"{section['numeral']}. {section['title']} ({len(section['items'])} mục)")
        write(f"Nhiệm vụ: {len(result['tasks'])}")
        write(f"Văn bản được dẫn: {len(result['citations'])}")
        for citation in result["citations"]:
            ref = citation["full_ref"]
            label = ref if ref.startswith(citation["type"] or "?") else f"{citation['type']} {ref}"
            write(f"  - {label} ({citation['date'] or '?'})")
        write(f"Chủ thể thực hiện: {len(result['actors'])}")
        for actor in result["actors"]:
            write(f"  - {actor['name']}: {actor['role']} → {actor['unit'] or 'chưa khớp đơn vị'}")


def _quiet(done: int, total: int, message: str) -> None:
    return None
