"""Import pages: upload, progress, review with marked words, draft plan, registry pages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.imports import services
from danvan.imports.models import ImportJob, ImportStatus, LegalDocument

from .conftest import SAMPLE
from .test_permissions import review_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client, world, sync_imports):
    client.force_login(world.coordinator)
    return client


def _upload(client, name, data, capture):
    with capture(execute=True):
        return client.post(reverse("imports:list"), {"file": SimpleUploadedFile(name, data)})


def test_docx_upload_review_fix_a_word_and_create_the_draft(
    coordinator, world, docx_bytes, django_capture_on_commit_callbacks
):
    response = _upload(coordinator, "ke-hoach.docx", docx_bytes, django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "imports:detail", args=[job.pk]
    )
    page = coordinator.get(response["Location"]).content.decode()
    assert "Văn bản gốc" in page and "ỦY BAN NHÂN DÂN THÀNH PHỐ RẠCH GIÁ" in page
    assert "21/KH-UBND" in page and "Rạch Giá" in page
    data = review_data(job, title="Thực hiện công tác dân vận chính quyền năm 2025 (đã rà soát)")
    data["then"] = "plan"
    response = coordinator.post(reverse("imports:review", args=[job.pk]), data)
    job.refresh_from_db()
    assert job.status == ImportStatus.DRAFTED
    assert response["Location"] == reverse("plans:detail", args=[job.plan.pk])
    assert job.plan.title.endswith("(đã rà soát)") and job.plan.status == "draft"
    listing = coordinator.get(reverse("plans:list")).content.decode()
    assert "21/KH-UBND" in listing


def test_reupload_shows_the_existing_import(
    coordinator, docx_bytes, django_capture_on_commit_callbacks
):
    _upload(coordinator, "a.docx", docx_bytes, django_capture_on_commit_callbacks)
    response = _upload(coordinator, "b.docx", docx_bytes, django_capture_on_commit_callbacks)
    assert ImportJob.objects.count() == 1
    page = coordinator.get(response["Location"]).content.decode()
    assert "đã được nhập trước đó" in page


def test_bad_upload_keeps_the_page_with_a_message(coordinator):
    response = coordinator.post(
        reverse("imports:list"), {"file": SimpleUploadedFile("hong.pdf", b"%PDF-1.4 broken")}
    )
    assert response.status_code == 400
    assert "Tệp bị hỏng hoặc không đọc được" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_uncertain_words_are_marked_with_their_original(
    coordinator, world, django_capture_on_commit_callbacks
):
    _upload(coordinator, "kg.txt", SAMPLE.read_bytes(), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert job.repaired and 0.3 < job.damage_ratio < 0.5
    assert job.extracted_text == SAMPLE.read_text(encoding="utf-8")
    assert job.restored_text.startswith("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    # "doi" of the title's "doi m0’1" (đổi mới) was read as "đội", with a low confidence.
    doi = next(m for m in job.uncertain if m["original"] == "doi")
    assert doi["restored"] == "đội" and doi["confidence"] < 0.5
    page = coordinator.get(reverse("imports:detail", args=[job.pk])).content.decode()
    confidence = f"{doi['confidence']}".replace(".", ",")
    assert f'<mark title="Chữ gốc: doi (độ tin cậy {confidence})">đội</mark>' in page
    assert page.count("<mark ") == len(job.uncertain)
    assert f"(tỷ lệ từ hỏng 0,40) và đã được phục hồi tự động; {len(job.uncertain)} từ" in page
    assert "Văn bản đã phục hồi" in page and "UY BAN NHAN DAN CONG HOA" in page


def test_progress_fragment_asks_htmx_to_reload_once_done(
    coordinator, django_capture_on_commit_callbacks
):
    _upload(coordinator, "kg.txt", SAMPLE.read_bytes(), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    response = coordinator.get(reverse("imports:progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"
    ImportJob.objects.filter(pk=job.pk).update(status="running", progress_done=1, progress_total=4)
    response = coordinator.get(reverse("imports:progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert "HX-Refresh" not in response
    assert 'value="25"' in response.content.decode() and "every 1s" in response.content.decode()


def test_registry_search_export_and_plan_citations(
    coordinator, world, django_capture_on_commit_callbacks
):
    _upload(coordinator, "kg.txt", SAMPLE.read_bytes(), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    plan = services.import_job_make_plan(job=job, by=world.coordinator)
    url = reverse("imports:legal_list")
    page = coordinator.get(url, {"q": "ket luan ban bi thu"}).content.decode()
    directive = LegalDocument.objects.get(full_ref="33/CT-TTg")
    assert "114-KL/TW" in page
    assert reverse("imports:legal_detail", args=[directive.pk]) not in page
    csv = coordinator.get(url, {"q": "nq/tw", "xuat": "csv"})
    assert csv["Content-Type"].startswith("text/csv") and "25-NQ/TW" in csv.content.decode(
        "utf-8-sig"
    )
    xlsx = coordinator.get(url, {"xuat": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    assert coordinator.get(url, {"xuat": "pdf"}).status_code == 404
    cited = coordinator.get(url, {"plan": plan.pk}).content.decode()
    assert "Phần II, mục 1" in cited and "1657/UBND-KGVX" in cited
    assert coordinator.get(url, {"plan": "abc"}).status_code == 404
    document = LegalDocument.objects.get(full_ref="33/CT-TTg")
    detail = coordinator.get(reverse("imports:legal_detail", args=[document.pk])).content.decode()
    assert "Phần III, mục 2" in detail
    response = coordinator.post(
        reverse("imports:legal_edit", args=[document.pk]),
        {
            "version": document.version,
            "doc_type": "Chỉ thị",
            "full_ref": "33/CT-TTg",
            "issued_on": "2021-11-26",
            "issuer": "Thủ tướng Chính phủ",
            "title": "Về tiếp tục tăng cường và đổi mới công tác dân vận",
            "url": "https://vanban.chinhphu.vn/?docid=204745",
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.url.startswith("https://vanban.chinhphu.vn")
    stale = coordinator.post(
        reverse("imports:legal_edit", args=[document.pk]),
        {"version": 1, "doc_type": "Chỉ thị", "full_ref": "33/CT-TTg", "title": "Sửa cũ"},
    )
    assert stale.status_code == 400 and "Sửa cũ" in stale.content.decode()
