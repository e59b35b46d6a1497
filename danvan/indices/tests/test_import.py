"""Importing index scores from spreadsheets: validation, preview, atomic confirm, re-import."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest
from django.urls import reverse

from danvan.core.errors import ApplicationError, PermissionDeniedError
from danvan.indices import services
from danvan.indices.models import ImportStatus, IndexScore, ScoreImport, SubIndexScore

from .conftest import PAPI_ROWS, csv_bytes, xlsx_bytes

D = decimal.Decimal


def preview(world, upload, data, name="diem.xlsx"):
    return services.score_import_preview(
        unit=world.province, upload=upload(data, name), by=world.coordinator
    )


def statuses(record):
    return [r["status"] for r in record.rows]


def test_xlsx_rows_are_previewed_as_new_and_nothing_is_saved(world, upload, papi):
    record = preview(world, upload, xlsx_bytes(PAPI_ROWS))
    assert statuses(record) == ["new", "new", "new", "new"]
    assert record.counts["new"] == 4
    assert not IndexScore.objects.exists()
    assert record.file.name.endswith(".xlsx") and record.original_name == "diem.xlsx"


def test_decimal_comma_and_diacritic_insensitive_names_are_read(world, upload, papi):
    record = preview(world, upload, xlsx_bytes(PAPI_ROWS))
    services.score_import_apply(score_import=record, by=world.coordinator)
    y2023 = IndexScore.objects.get(kind=papi, year=2023)
    assert y2023.score == D("43.52") and y2023.national_rank == 20
    subs = {s.sub_index.code: s.score for s in y2023.sub_scores.all()}
    assert subs == {"PAPI1": D("5.12"), "PAPI2": D("5.48")}
    assert IndexScore.objects.get(kind=papi, year=2024).score == D("44.10")


def test_csv_with_and_without_bom_is_read(world, upload, papi):
    for bom in (True, False):
        record = preview(world, upload, csv_bytes(PAPI_ROWS, bom=bom), name="diem.csv")
        assert statuses(record) == ["new"] * 4, record.rows


def test_semicolon_csv_from_excel_is_read(world, upload, papi):
    data = "Chỉ số;Năm;Chỉ số thành phần;Điểm;Xếp hạng\r\nPAPI;2023;;43,52;20\r\n".encode()
    record = preview(world, upload, data, name="diem.csv")
    assert statuses(record) == ["new"]
    assert record.rows[0]["score"] == "43.52"


def test_bad_header_is_refused_with_the_missing_columns(world, upload, papi):
    data = xlsx_bytes([["PAPI", 2023, 43]], header=["Tên", "Năm", "Giá"])
    with pytest.raises(ApplicationError) as exc:
        preview(world, upload, data)
    assert "thiếu cột: “Chỉ số”, “Điểm”" in exc.value.message


def test_unknown_sub_index_and_index_are_row_errors(world, upload, papi):
    record = preview(
        world,
        upload,
        xlsx_bytes([["PAPI", 2023, "Chỉ số hạnh phúc", "5", ""], ["XYZ", 2023, "", "5", ""]]),
    )
    assert statuses(record) == ["error", "error"]
    assert "không có chỉ số thành phần “Chỉ số hạnh phúc”" in record.rows[0]["errors"][0]
    assert "Không nhận ra chỉ số “XYZ”" in record.rows[1]["errors"][0]


def test_out_of_range_score_year_and_rank_are_row_errors(world, upload, papi):
    record = preview(
        world,
        upload,
        xlsx_bytes(
            [
                ["PAPI", 2023, "", "81", ""],
                ["PAPI", 2023, "Quản trị điện tử", "10,5", ""],
                ["PAPI", 1999, "", "40", ""],
                ["PAPI", 2023, "Quản trị môi trường", "4", 64],
                ["PAPI", "năm ngoái", "", "40", ""],
                ["PAPI", 2022, "", "bốn mươi", ""],
            ]
        ),
    )
    assert statuses(record) == ["error"] * 6
    assert "ngoài khoảng 0–80" in record.rows[0]["errors"][0]
    assert "ngoài khoảng 0–10" in record.rows[1]["errors"][0]
    assert "ngoài khoảng 2005" in record.rows[2]["errors"][0]
    assert "Xếp hạng" in record.rows[3]["errors"][0]
    assert "Năm “năm ngoái”" in record.rows[4]["errors"][0]
    assert "không phải số" in record.rows[5]["errors"][0]


def test_duplicate_row_is_an_error_naming_the_first(world, upload, papi):
    record = preview(
        world, upload, xlsx_bytes([["PAPI", 2023, "", "43", ""], ["Papi", 2023, "", "44", ""]])
    )
    assert statuses(record) == ["new", "error"]
    assert "Trùng với dòng 2" in record.rows[1]["errors"][0]


def test_formula_cells_are_refused(world, upload, papi):
    record = preview(
        world,
        upload,
        xlsx_bytes([["PAPI", 2023, "", "=SUM(1,2)", ""], ['=HYPERLINK("x")', 2023, "", "4", ""]]),
    )
    assert statuses(record) == ["error", "error"]
    assert "công thức" in record.rows[0]["errors"][0]
    csv_record = preview(
        world,
        upload,
        csv_bytes([["PAPI", 2023, "", "@cmd", ""], ["PAPI", 2023, "-2+3", "4", ""]]),
        "d.csv",
    )
    assert statuses(csv_record) == ["error", "error"]


def test_empty_file_and_header_only_file_are_refused(world, upload, papi):
    with pytest.raises(ApplicationError, match="rỗng"):
        preview(world, upload, b"\xef\xbb\xbf\r\n", name="d.csv")
    with pytest.raises(ApplicationError, match="chỉ có dòng tiêu đề"):
        preview(world, upload, xlsx_bytes([]))
    with pytest.raises(ApplicationError, match="rỗng"):
        preview(world, upload, b"", name="d.csv")


def test_disguised_xlsx_and_non_utf8_csv_are_refused(world, upload, papi):
    with pytest.raises(ApplicationError, match="không khớp"):
        preview(world, upload, b"Chi so,Nam\nPAPI,2023\n", name="diem.xlsx")
    with pytest.raises(ApplicationError, match="UTF-8"):
        preview(
            world, upload, "Chi so,Nam,Diem\nPAPI,2023,4\nCà Mau\n".encode("latin-1"), name="d.csv"
        )
    with pytest.raises(ApplicationError, match="Chỉ nhận"):
        preview(world, upload, b"%PDF-1.4", name="diem.pdf")
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("hello.txt", "không phải bảng tính")
    with pytest.raises(ApplicationError, match="XLSX"):
        preview(world, upload, buffer.getvalue(), name="diem.xlsx")


def test_huge_file_and_too_many_rows_are_refused(world, upload, papi, monkeypatch):
    from danvan.indices import importer

    with pytest.raises(ApplicationError, match="quá lớn"):
        preview(world, upload, b"a" * (importer.MAX_BYTES + 1), name="d.csv")
    monkeypatch.setattr(importer, "MAX_ROWS", 5)
    with pytest.raises(ApplicationError, match="quá 5 dòng"):
        preview(world, upload, xlsx_bytes([["PAPI", 2023, "", "40", ""]] * 10))


def test_confirm_refuses_a_preview_with_errors_and_saves_nothing(world, upload, papi):
    record = preview(
        world,
        upload,
        xlsx_bytes([["PAPI", 2023, "", "43", ""], ["PAPI", 2023, "Không có", "4", ""]]),
    )
    with pytest.raises(ApplicationError, match="1 dòng lỗi"):
        services.score_import_apply(score_import=record, by=world.coordinator)
    assert not IndexScore.objects.exists()
    record.refresh_from_db()
    assert record.status == ImportStatus.PREVIEWED


def test_confirm_is_atomic_when_a_write_fails_midway(world, upload, papi, monkeypatch):
    record = preview(world, upload, xlsx_bytes(PAPI_ROWS))
    real = services._write_result
    calls = {"n": 0}

    def failing(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(services, "_write_result", failing)
    with pytest.raises(RuntimeError):
        services.score_import_apply(score_import=record, by=world.coordinator)
    assert not IndexScore.objects.exists()
    assert not SubIndexScore.objects.exists()
    record.refresh_from_db()
    assert record.status == ImportStatus.PREVIEWED


def test_reimport_shows_unchanged_and_changes_with_old_values(world, upload, papi):
    first = preview(world, upload, xlsx_bytes(PAPI_ROWS))
    services.score_import_apply(score_import=first, by=world.coordinator)
    again = preview(world, upload, xlsx_bytes(PAPI_ROWS))
    assert statuses(again) == ["unchanged"] * 4
    changed_rows = [list(r) for r in PAPI_ROWS]
    changed_rows[0][3] = "44,00"
    changed = preview(world, upload, xlsx_bytes(changed_rows))
    assert statuses(changed) == ["changed", "unchanged", "unchanged", "unchanged"]
    assert changed.rows[0]["old_score"] == "43.52" and changed.rows[0]["score"] == "44.00"
    services.score_import_apply(score_import=changed, by=world.coordinator)
    result = IndexScore.objects.get(kind=papi, year=2023)
    assert result.score == D("44.00") and result.source == "import"
    assert result.score_import_id == changed.pk


def test_applied_import_cannot_be_applied_twice(world, upload, papi):
    record = preview(world, upload, xlsx_bytes(PAPI_ROWS))
    services.score_import_apply(score_import=record, by=world.coordinator)
    with pytest.raises(ApplicationError, match="đã được áp dụng"):
        services.score_import_apply(score_import=record, by=world.coordinator)


def test_only_the_coordinator_imports(world, upload, papi):
    for user in (world.viewer, world.officer_a, world.head_a, world.admin, world.liaison):
        with pytest.raises(PermissionDeniedError):
            preview_as(world, upload, user)
    assert not ScoreImport.objects.exists()


def preview_as(world, upload, user):
    return services.score_import_preview(
        unit=world.province, upload=upload(xlsx_bytes(PAPI_ROWS)), by=user
    )


def test_future_year_is_refused(world, upload, papi, settings):
    next_year = dt.date.today().year + 1
    record = preview(world, upload, xlsx_bytes([["PAPI", next_year, "", "40", ""]]))
    assert statuses(record) == ["error"]


def test_upload_page_preview_and_confirm(world, upload, papi, client):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("indices:import"),
        {"unit": world.province.pk, "file": upload(xlsx_bytes(PAPI_ROWS))},
    )
    assert response.status_code == 302
    record = ScoreImport.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "Xác nhận nhập" in page and "43,52" in page
    done = client.post(reverse("indices:import_detail", args=[record.pk]), {"action": "apply"})
    assert done.status_code == 302
    trend = client.get(done["Location"]).content.decode()
    assert "index-score-data" in trend and "43,52" in trend


def test_upload_page_shows_a_bad_file_error_on_the_form(world, upload, papi, client):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("indices:import"),
        {"unit": world.province.pk, "file": upload(b"not a zip", "diem.xlsx")},
    )
    assert response.status_code == 200
    assert "không khớp với phần mở rộng" in response.content.decode()
    assert not ScoreImport.objects.exists()


def test_template_download_is_a_workbook_with_the_catalog(world, client):
    import io

    from openpyxl import load_workbook

    client.force_login(world.viewer)
    response = client.get(reverse("indices:template"))
    book = load_workbook(io.BytesIO(response.content))
    assert book.worksheets[0]["A1"].value == "Chỉ số"
    names = [row[2] for row in book["Danh muc"].iter_rows(values_only=True)]
    assert "Quản trị điện tử" in names and "Gia nhập thị trường" in names


def test_zip_bomb_xlsx_is_refused_before_parsing(world, upload, papi, monkeypatch):
    from danvan.indices import importer

    monkeypatch.setattr(importer, "MAX_UNZIPPED", 2000)
    with pytest.raises(ApplicationError, match="quá lớn khi giải nén"):
        preview(world, upload, xlsx_bytes(PAPI_ROWS))
