"""Attachments: images re-encoded without metadata, bombs and disguised files refused."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from danvan.core.errors import ApplicationError
from danvan.portal.files import MAX_SIDE, check_files

from .conftest import jpeg_with_exif, png_bomb


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_jpeg_is_reencoded_without_exif():
    original = jpeg_with_exif()
    assert b"Phone Model X" in original
    [checked] = check_files([_upload("anh.jpg", original)])
    assert b"Phone Model X" not in checked.data and b"Exif" not in checked.data
    with Image.open(io.BytesIO(checked.data)) as image:
        assert image.format == "JPEG"
        assert image.size == (1200, 800)
        assert not image.getexif()


def test_large_image_is_scaled_down():
    [checked] = check_files([_upload("to.jpg", jpeg_with_exif((6000, 3000)))])
    with Image.open(io.BytesIO(checked.data)) as image:
        assert max(image.size) == MAX_SIDE


def test_png_text_chunks_are_dropped():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Secret Person")
    out = io.BytesIO()
    Image.new("RGBA", (50, 40), (1, 2, 3, 128)).save(out, format="PNG", pnginfo=info)
    [checked] = check_files([_upload("a.png", out.getvalue())])
    assert b"Secret Person" not in checked.data
    with Image.open(io.BytesIO(checked.data)) as image:
        assert image.mode == "RGBA"


def test_decompression_bomb_is_refused():
    with pytest.raises(ApplicationError) as info:
        check_files([_upload("bomb.png", png_bomb())])
    assert "quá lớn" in info.value.message


def test_non_image_disguised_as_image_is_refused():
    with pytest.raises(ApplicationError):
        check_files([_upload("anh.jpg", b"%PDF-1.4 not an image at all" * 10)])
    # A real JPEG header followed by garbage does not decode either.
    with pytest.raises(ApplicationError):
        check_files([_upload("hong.jpg", jpeg_with_exif()[:300])])


def _pdf(javascript: bool = False) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if javascript:
        from pypdf.generic import DictionaryObject, NameObject, TextStringObject

        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert('x');"),
            }
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_plain_pdf_is_accepted_and_scripted_pdf_refused():
    [checked] = check_files([_upload("don.pdf", _pdf())])
    assert checked.content_type == "application/pdf"
    with pytest.raises(ApplicationError) as info:
        check_files([_upload("macro.pdf", _pdf(javascript=True))])
    assert "mã lệnh" in info.value.message


def _pdf_with(build) -> bytes:  # type: ignore[no-untyped-def]
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    build(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_active_content_hidden_deeper_in_the_pdf_is_refused():
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    def chained_script(writer):  # type: ignore[no-untyped-def]
        script = writer._add_object(
            DictionaryObject(
                {
                    NameObject("/S"): NameObject("/JavaScript"),
                    NameObject("/JS"): TextStringObject("app.alert(1)"),
                }
            )
        )
        first = DictionaryObject(
            {
                NameObject("/S"): NameObject("/GoTo"),
                NameObject("/D"): ArrayObject([writer.pages[0].indirect_reference]),
                NameObject("/Next"): script,
            }
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(first)

    def attached_file(writer):  # type: ignore[no-untyped-def]
        annot = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/FileAttachment"),
                NameObject("/Rect"): ArrayObject([]),
            }
        )
        writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annot)])

    def form_field_action(writer):  # type: ignore[no-untyped-def]
        field = DictionaryObject(
            {NameObject("/T"): TextStringObject("x"), NameObject("/AA"): DictionaryObject()}
        )
        writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
            {NameObject("/Fields"): ArrayObject([writer._add_object(field)])}
        )

    for build in (chained_script, attached_file, form_field_action):
        with pytest.raises(ApplicationError) as info:
            check_files([_upload("don.pdf", _pdf_with(build))])
        assert "mã lệnh" in info.value.message, build.__name__

    # A plain link to a page of the same file is fine.
    def internal_link(writer):  # type: ignore[no-untyped-def]
        go = DictionaryObject(
            {
                NameObject("/S"): NameObject("/GoTo"),
                NameObject("/D"): ArrayObject([writer.pages[0].indirect_reference]),
            }
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(go)

    assert check_files([_upload("don.pdf", _pdf_with(internal_link))])


def test_broken_pdf_is_refused():
    with pytest.raises(ApplicationError):
        check_files([_upload("hong.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 100)])


def test_types_outside_the_portal_list_and_too_many_files_are_refused():
    with pytest.raises(ApplicationError):
        check_files([_upload("bang.xlsx", b"PK\x03\x04" + b"0" * 100)])
    with pytest.raises(ApplicationError) as info:
        check_files([_upload(f"{i}.txt", b"noi dung") for i in range(6)])
    assert "tối đa 5" in info.value.message
