"""Text out of plan files: .docx, .pdf (text layer or scan), .png/.jpg scans, .txt.

Every failure, whatever the file does, ends as a `DocumentReadError` with a Vietnamese
message: nothing else escapes these readers.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import unicodedata
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from danvan.core.errors import ApplicationError

Progress = Callable[[int, int, str], None]
EXTENSIONS = (".docx", ".pdf", ".png", ".jpg", ".jpeg", ".txt")
OCR_DPI = 200
OCR_TIMEOUT = 180  # seconds for one page


class DocumentReadError(ApplicationError):
    """The file cannot be read as a plan document; the message says why, in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="file", code="unreadable")


@dataclass(frozen=True)
class Limits:
    """How large an imported file may be; from settings or DANVAN_IMPORT_* variables."""

    max_bytes: int
    max_pages: int
    max_pixels: int
    max_unzipped: int
    max_ratio: int

    @classmethod
    def from_settings(cls) -> Limits:
        """Return the limits configured for this installation."""

        def value(name: str, default: int) -> int:
            configured = getattr(settings, name, None)
            if configured is not None:
                return int(configured)
            raw = os.environ.get(name, "").strip()
            return int(raw) if raw.isdigit() else default

        return cls(
            max_bytes=value("DANVAN_IMPORT_MAX_BYTES", 50 * 1024 * 1024),
            max_pages=value("DANVAN_IMPORT_MAX_PAGES", 200),
            max_pixels=value("DANVAN_IMPORT_MAX_PIXELS", 40_000_000),
            max_unzipped=value("DANVAN_IMPORT_MAX_UNZIPPED", 200 * 1024 * 1024),
            max_ratio=value("DANVAN_IMPORT_MAX_RATIO", 100),
        )


@dataclass(frozen=True)
class Extracted:
    """The text of a file, how it was read, and how many pages it had."""

    text: str
    kind: str  # docx, pdf, pdf-ocr, image-ocr, txt
    pages: int
    ocr: bool


def _no_progress(done: int, total: int, message: str) -> None:
    return None


def sniff(data: bytes) -> str | None:
    """Return the kind of file the bytes are, by content: pdf, docx, png, jpg, text or None."""
    head = data[:2048]
    if head.lstrip(b"\r\n\t \x00")[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or b"\x00" not in head:
        return "text"
    return None


_KIND_OF_EXTENSION = {
    ".docx": "docx",
    ".pdf": "pdf",
    ".png": "png",
    ".jpg": "jpg",
    ".jpeg": "jpg",
    ".txt": "text",
}


def read_document(
    data: bytes,
    filename: str,
    *,
    progress: Progress = _no_progress,
    limits: Limits | None = None,
) -> Extracted:
    """Return the text of an uploaded plan file, or raise DocumentReadError."""
    limits = limits or Limits.from_settings()
    kind = precheck(data, filename, limits)
    try:
        if kind == "docx":
            progress(0, 1, _("Đang đọc tệp Word"))
            result = _read_docx(data, limits)
            progress(1, 1, _("Đã đọc tệp Word"))
        elif kind == "pdf":
            result = _read_pdf(data, limits, progress)
        elif kind in ("png", "jpg"):
            progress(0, 1, _("Đang nhận dạng chữ (OCR) trang 1/1"))
            result = Extracted(_ocr_image(data, limits), "image-ocr", 1, True)
            progress(1, 1, _("Đã nhận dạng xong"))
        else:
            progress(0, 1, _("Đang đọc tệp văn bản"))
            result = Extracted(decode_text(data), "txt", 1, False)
            progress(1, 1, _("Đã đọc tệp văn bản"))
    except DocumentReadError:
        raise
    except Exception as exc:  # hostile files make parsers fail in any way
        raise DocumentReadError(
            _("Tệp bị hỏng hoặc không đọc được (%(kind)s).") % {"kind": type(exc).__name__}
        ) from exc
    text = unicodedata.normalize("NFC", result.text).replace("\x00", "")
    if len("".join(text.split())) < 20:
        raise DocumentReadError(_("Không tìm thấy nội dung chữ trong tệp."))
    return Extracted(text, result.kind, result.pages, result.ocr)


def precheck(data: bytes, filename: str, limits: Limits | None = None) -> str:
    """Refuse a file before anything is stored: type, size, pages, bombs, passwords.

    Returns the kind of file (docx, pdf, png, jpg, text).
    """
    limits = limits or Limits.from_settings()
    ext = os.path.splitext(filename)[1].lower()
    if ext not in _KIND_OF_EXTENSION:
        raise DocumentReadError(
            _("Không nhập được loại tệp %(ext)s. Hãy dùng: %(allowed)s.")
            % {"ext": ext or "?", "allowed": ", ".join(EXTENSIONS)}
        )
    if not data:
        raise DocumentReadError(_("Tệp rỗng, không có nội dung."))
    if len(data) > limits.max_bytes:
        raise DocumentReadError(
            _("Tệp vượt quá dung lượng cho phép (%(mb)d MB).")
            % {"mb": limits.max_bytes // (1024 * 1024)}
        )
    kind = sniff(data)
    if kind != _KIND_OF_EXTENSION[ext]:
        raise DocumentReadError(
            _("Nội dung tệp không khớp với phần mở rộng %(ext)s (tệp bị đặt sai tên?).")
            % {"ext": ext}
        )
    try:
        if kind == "docx":
            check_zip(data, limits)
        elif kind == "pdf":
            _open_pdf(data, limits)
        elif kind in ("png", "jpg"):
            _image_size(data, limits)
    except DocumentReadError:
        raise
    except Exception as exc:
        raise DocumentReadError(
            _("Tệp bị hỏng hoặc không đọc được (%(kind)s).") % {"kind": type(exc).__name__}
        ) from exc
    return kind


# Plain text -------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """Return text from bytes in UTF-8, UTF-16/32 with a BOM, or Windows-1258 (Vietnamese)."""
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise DocumentReadError(_("Tệp văn bản có mã hóa không hợp lệ.")) from exc
    if b"\x00" in data:
        raise DocumentReadError(_("Tệp không phải là tệp văn bản."))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError as exc:
        raise DocumentReadError(
            _("Không nhận ra bảng mã của tệp văn bản; hãy lưu lại ở dạng UTF-8.")
        ) from exc


# Word ---------------------------------------------------------------------------------------


def check_zip(data: bytes, limits: Limits) -> None:
    """Refuse zip bombs: too much uncompressed data, or too high a compression ratio."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise DocumentReadError(_("Tệp Word bị hỏng (không phải tệp .docx hợp lệ).")) from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > 5000:
            raise DocumentReadError(_("Tệp Word chứa quá nhiều thành phần."))
        total = sum(i.file_size for i in infos)
        packed = sum(i.compress_size for i in infos) or 1
        if total > limits.max_unzipped or total / packed > limits.max_ratio:
            raise DocumentReadError(
                _("Tệp Word bị nghi là “bom nén” (dung lượng giải nén bất thường); không mở.")
            )
        names = {i.filename for i in infos}
        if "word/document.xml" not in names:
            raise DocumentReadError(_("Tệp nén không phải là văn bản Word (.docx)."))


def _read_docx(data: bytes, limits: Limits) -> Extracted:
    check_zip(data, limits)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    blocks: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            blocks.append(Paragraph(child, document).text)
        elif tag == "tbl":
            table = Table(child, document)
            for row in table.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    lines = [p.text for p in cell.paragraphs if p.text.strip()]
                    if lines:
                        blocks.append("\n".join(lines))
    # Paragraphs apart by a blank line: the outline parser reads a blank line as a break.
    text = "\n\n".join(b.strip() for b in blocks if b.strip())
    return Extracted(text, "docx", 1, False)


# PDF ----------------------------------------------------------------------------------------


def _open_pdf(data: bytes, limits: Limits) -> Any:
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception as exc:
                raise DocumentReadError(_("Tệp PDF được đặt mật khẩu; không đọc được.")) from exc
            if not opened:
                raise DocumentReadError(_("Tệp PDF được đặt mật khẩu; không đọc được."))
        count = len(reader.pages)
    if count == 0:
        raise DocumentReadError(_("Tệp PDF không có trang nào."))
    if count > limits.max_pages:
        raise DocumentReadError(
            _("Tệp có %(n)d trang, vượt quá giới hạn %(max)d trang.")
            % {"n": count, "max": limits.max_pages}
        )
    return reader


def _read_pdf(data: bytes, limits: Limits, progress: Progress) -> Extracted:
    reader = _open_pdf(data, limits)
    count = len(reader.pages)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        texts = []
        for index, page in enumerate(reader.pages):
            progress(index, count, _("Đang đọc trang %(i)d/%(n)d") % {"i": index + 1, "n": count})
            texts.append(page.extract_text() or "")
        progress(count, count, _("Đã đọc lớp chữ"))
        sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    text = "\n\n".join(t.strip() for t in texts)
    if len("".join(text.split())) >= 40 * count:
        return Extracted(text, "pdf", count, False)
    # A scan: no usable text layer. Rasterise page by page and read it with Tesseract.
    return Extracted(_ocr_pdf(data, sizes, limits, progress), "pdf-ocr", count, True)


def _tool(name: str) -> str:
    path = shutil.which(name) or (f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else "")
    if not path:
        raise DocumentReadError(
            _("Máy chủ chưa cài %(tool)s nên chưa nhận dạng được bản quét.") % {"tool": name}
        )
    return path


def _run(args: list[str], timeout: int = OCR_TIMEOUT) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        # Fixed tool paths and our own temporary files: no shell, no user-chosen arguments.
        return subprocess.run(args, capture_output=True, timeout=timeout, check=True, env=env)  # noqa: S603
    except subprocess.TimeoutExpired as exc:
        raise DocumentReadError(_("Nhận dạng chữ quá lâu; tệp quá lớn hoặc quá phức tạp.")) from exc
    except subprocess.CalledProcessError as exc:
        raise DocumentReadError(_("Không nhận dạng được chữ trong bản quét.")) from exc


def _tesseract(image_path: str) -> str:
    result = _run([_tool("tesseract"), image_path, "stdout", "-l", "vie", "--psm", "3"])
    return result.stdout.decode("utf-8", errors="replace")


def _ocr_pdf(
    data: bytes, sizes: list[tuple[float, float]], limits: Limits, progress: Progress
) -> str:
    pdftoppm = _tool("pdftoppm")
    texts = []
    with tempfile.TemporaryDirectory(prefix="danvan-ocr-") as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(data)
        total = len(sizes)
        for index, (width, height) in enumerate(sizes, 1):
            pixels = (width / 72 * OCR_DPI) * (height / 72 * OCR_DPI)
            if pixels > limits.max_pixels:
                raise DocumentReadError(
                    _("Trang %(i)d có khổ quá lớn để nhận dạng.") % {"i": index}
                )
            progress(
                index - 1, total, _("Đang nhận dạng chữ (OCR) trang %(i)d/%(n)d") % {
                    "i": index, "n": total
                },
            )  # fmt: skip
            prefix = Path(tmp) / f"p{index}"
            _run(
                [pdftoppm, "-r", str(OCR_DPI), "-gray", "-png", "-singlefile",
                 "-f", str(index), "-l", str(index), str(source), str(prefix)]
            )  # fmt: skip
            texts.append(_tesseract(f"{prefix}.png"))
        progress(total, total, _("Đã nhận dạng xong"))
    return "\n\n".join(t.strip() for t in texts)


# Images -------------------------------------------------------------------------------------


def _image_size(data: bytes, limits: Limits) -> None:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as probe:
            width, height = probe.size
    except Image.DecompressionBombError:
        width, height = limits.max_pixels, 2
    if width * height > limits.max_pixels:
        raise DocumentReadError(
            _("Ảnh có kích thước điểm ảnh quá lớn (nghi là “bom ảnh”); không mở.")
        )


def _ocr_image(data: bytes, limits: Limits) -> str:
    from PIL import Image

    previous = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = limits.max_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                with Image.open(io.BytesIO(data)) as probe:
                    probe.verify()
                with Image.open(io.BytesIO(data)) as image:
                    if image.width * image.height > limits.max_pixels:
                        raise Image.DecompressionBombError("too many pixels")
                    image.load()
                    # Re-encoded without metadata, in grey: what Tesseract reads best.
                    clean: Any = image.convert("L")
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
                raise DocumentReadError(
                    _("Ảnh có kích thước điểm ảnh quá lớn (nghi là “bom ảnh”); không mở.")
                ) from exc
    finally:
        Image.MAX_IMAGE_PIXELS = previous
    with tempfile.TemporaryDirectory(prefix="danvan-ocr-") as tmp:
        path = Path(tmp) / "page.png"
        clean.save(path, format="PNG")
        return _tesseract(str(path))
