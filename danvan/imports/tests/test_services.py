"""Import jobs end to end: upload, read, dedupe, review, draft plan, legal-document registry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.core.errors import ApplicationError, ConflictError
from danvan.imports import selectors, services
from danvan.imports.models import Citation, ImportJob, ImportStatus, LegalDocument
from danvan.imports.readers import DocumentReadError
from danvan.lib.vntext import fold
from danvan.plans.models import Plan, PlanStatus, Task

from .conftest import AN_GIANG, SAMPLE

pytestmark = pytest.mark.django_db


def _import(path_or_bytes, name, by, capture):
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else path_or_bytes.read_bytes()
    with capture(execute=True):
        job, created = services.import_job_create(upload=SimpleUploadedFile(name, data), by=by)
    job.refresh_from_db()
    return job, created


@pytest.fixture
def sample_job(world, sync_imports, django_capture_on_commit_callbacks):
    job, _created = _import(
        SAMPLE, "kien-giang.txt", world.coordinator, django_capture_on_commit_callbacks
    )
    return job


def test_sample_is_read_into_a_structure_ready_for_review(sample_job):
    assert sample_job.status == ImportStatus.READY
    header = sample_job.parsed["header"]
    assert (header["full_ref"], header["place"], header["date"]) == (
        "63/KH-UBND",
        "Kiên Giang",
        "2024-03-06",
    )
    assert [s["numeral"] for s in sample_job.parsed["sections"]] == ["I", "II", "III"]
    assert len(sample_job.parsed["sections"][1]["items"]) == 7
    assert sample_job.events.count() == 3  # pending, running, ready
    assert sample_job.extracted_text.startswith("UY BAN NHAN DAN")


def test_sample_draft_plan_has_outline_tasks_actors_and_citations(world, sample_job):
    plan = services.import_job_make_plan(job=sample_job, by=world.coordinator)
    assert plan.status == PlanStatus.DRAFT
    assert (plan.symbol, plan.number, plan.doc_type, plan.place) == (
        "63/KH-UBND",
        63,
        "KH",
        "Kiên Giang",
    )
    assert (plan.issued_on, plan.year, plan.issuer) == (dt.date(2024, 3, 6), 2024, world.province)
    sections = list(plan.sections.order_by("position"))
    assert [s.numeral for s in sections] == ["I", "II", "III"]
    assert sections[1].items.filter(number__in=list("1234567")).count() == 7
    assert [s.title for s in sections] == ["MỤC ĐÍCH, YÊU CẦU", "NHIỆM VỤ, GIẢI PHÁP",
                                           "TỔ CHỨC THỰC HIỆN"]  # fmt: skip
    groups = {i.number: i.title for i in sections[1].items.all()}
    # Task groups as the repair restores them; 1, 3 and 6 keep some wrong words ("chịu trương"
    # for "chủ trương", "gìn"/"phòng cách Hề Chi Mình" for "gắn"/"phong cách Hồ Chí Minh",
    # "Lý" for "lý"), which the reviewer corrects.
    assert groups["2"] == "Tuyên truyền, giáo dục nâng cao nhận thức về công tác dân vận"
    assert groups["4"] == "Công tác cải cách hành chính"
    assert groups["5"] == (
        "Nâng cao đạo đức công vụ, tinh thần trách nhiệm, ý thức phục vụ Nhân dân của cán bộ, "
        "công chức, viên chức"
    )
    assert groups["7"] == (
        "Phối hợp với Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội"
    )
    assert groups["1"].endswith(
        "đường lối của Đảng, chính sách, pháp luật của Nhà nước về công tác dân vận"
    )
    assert groups["3"].startswith("Thực hiện phong trào thi đua “Dân vận khéo”")
    assert groups["6"].startswith("Công tác tiếp dân,") and groups["6"].endswith(
        "đơn thư khiếu nại, tố cáo"
    )
    assert plan.tasks.count() == len(sample_job.structure["tasks"]) >= 7
    snv = plan.responsibilities.filter(actor="Sở Nội vụ")
    assert {r.role for r in snv} == {"guide_monitor", "consolidate_report"}
    assert list(snv[0].units.all()) == [world.snv]
    by_group = plan.responsibilities.get(actor="Các sở, ban, ngành", role="lead")
    assert list(by_group.groups.all()) == [world.group]
    unmatched = plan.responsibilities.get(actor="Các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh")
    assert not unmatched.units.exists() and not unmatched.groups.exists()
    directive = LegalDocument.objects.get(full_ref="33/CT-TTg")
    assert (directive.doc_type, directive.issued_on, directive.issuer) == (
        "Chỉ thị",
        dt.date(2021, 11, 26),
        "Thủ tướng Chính phủ",
    )
    assert Citation.objects.filter(plan=plan, document=directive).count() == 3
    assert directive.title == (
        "tiếp tục tăng cường và đổi mới công tác dân vận của cơ quan hành chính nhà nước, "
        "chính quyền các cấp trong tình hình mới"
    )
    resolution = LegalDocument.objects.get(full_ref="25-NQ/TW")
    assert (resolution.issued_on, resolution.issuer) == (
        dt.date(2013, 6, 3),
        "Ban Chấp hành Trung ương Đảng khóa XI",
    )
    # Repaired subject; "ứng cương" is the repair's reading of "ting cuong" (tăng cường).
    assert resolution.title == (
        "ứng cương và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận trong tình hình mới"
    )
    conclusion = LegalDocument.objects.get(full_ref="114-KL/TW")
    assert (conclusion.doc_type, conclusion.issuer, conclusion.title) == (
        "Kết luận",
        "Ban Bí thư",
        "nâng cao hiệu quả công tác dân vận của cơ quan nhà nước các cấp",
    )
    assert LegalDocument.objects.count() == len(sample_job.structure["citations"])
    assert plan.legal_bases[0].startswith(
        "Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ về"
    )
    sample_job.refresh_from_db()
    assert (sample_job.status, sample_job.plan) == (ImportStatus.DRAFTED, plan)


def test_reimporting_the_same_file_returns_the_same_job(
    world, sample_job, django_capture_on_commit_callbacks
):
    again, created = _import(
        SAMPLE, "ban-sao.txt", world.coordinator, django_capture_on_commit_callbacks
    )
    assert (again.pk, created) == (sample_job.pk, False)
    assert ImportJob.objects.count() == 1


def test_another_user_reimporting_a_file_is_told_it_exists(world, sample_job):
    with pytest.raises(ApplicationError) as caught:
        services.import_job_create(
            upload=SimpleUploadedFile("kg.txt", SAMPLE.read_bytes()), by=world.officer_a
        )
    assert caught.value.code == "duplicate"
    assert ImportJob.objects.count() == 1


def test_making_the_draft_twice_duplicates_nothing(world, sample_job):
    plan = services.import_job_make_plan(job=sample_job, by=world.coordinator)
    counts = (
        Task.objects.filter(plan=plan).count(),
        plan.responsibilities.count(),
        Citation.objects.count(),
        LegalDocument.objects.count(),
    )
    sample_job.refresh_from_db()
    again = services.import_job_make_plan(job=sample_job, by=world.coordinator)
    assert again.pk == plan.pk
    assert Plan.objects.filter(symbol="63/KH-UBND").count() == 1
    assert counts == (
        Task.objects.filter(plan=plan).count(),
        plan.responsibilities.count(),
        Citation.objects.count(),
        LegalDocument.objects.count(),
    )


def test_two_plans_citing_one_document_share_one_registry_entry(
    world, sample_job, django_capture_on_commit_callbacks
):
    first = services.import_job_make_plan(job=sample_job, by=world.coordinator)
    other, _created = _import(
        AN_GIANG, "an-giang.txt", world.coordinator, django_capture_on_commit_callbacks
    )
    second = services.import_job_make_plan(job=other, by=world.coordinator)
    directive = LegalDocument.objects.get(full_ref="33/CT-TTg")
    assert {c.plan_id for c in selectors.citing_plans(document=directive)} == {first.pk, second.pk}
    assert LegalDocument.objects.filter(full_ref="33/CT-TTg").count() == 1


def test_review_corrections_reach_the_draft_plan(world, sample_job):
    structure = sample_job.structure
    unmatched = next(
        i
        for i, a in enumerate(structure["actors"])
        if a["name"].startswith("Các cơ quan chuyên môn")
    )
    changes = {
        "header": {"title": "Thực hiện Chỉ thị số 33/CT-TTg năm 2024", "place": "Kiên Giang"},
        "tasks": {
            0: {"title": "Quán triệt Nghị quyết 25-NQ/TW", "include": True},
            1: {"title": "x", "include": False},
        },
        "actors": {unmatched: {"unit_key": f"unit:{world.unit_a.pk}", "role": "lead"}},
    }
    reviewed = services.import_job_review(
        job=sample_job, expected_version=sample_job.version, changes=changes, by=world.coordinator
    )
    plan = services.import_job_make_plan(job=reviewed, by=world.coordinator)
    assert plan.title == "Thực hiện Chỉ thị số 33/CT-TTg năm 2024"
    codes = set(plan.tasks.values_list("code", flat=True))
    assert structure["tasks"][0]["code"] in codes and structure["tasks"][1]["code"] not in codes
    assert (
        plan.tasks.get(code=structure["tasks"][0]["code"]).title == "Quán triệt Nghị quyết 25-NQ/TW"
    )
    picked = plan.responsibilities.get(actor=structure["actors"][unmatched]["name"])
    assert list(picked.units.all()) == [world.unit_a]


def test_review_with_a_stale_version_is_refused(world, sample_job):
    with pytest.raises(ConflictError):
        services.import_job_review(
            job=sample_job,
            expected_version=sample_job.version - 1,
            changes={},
            by=world.coordinator,
        )


def test_review_refuses_an_unknown_unit(world, sample_job):
    with pytest.raises(ApplicationError):
        services.import_job_review(
            job=sample_job,
            expected_version=sample_job.version,
            changes={"actors": {0: {"unit_key": "unit:999999"}}},
            by=world.coordinator,
        )


def test_a_job_is_processed_once(world, sample_job):
    ImportJob.objects.filter(pk=sample_job.pk).update(status=ImportStatus.PENDING)
    assert services.import_job_process(job_id=sample_job.pk) is not None
    assert services.import_job_process(job_id=sample_job.pk) is None


def test_a_refused_file_leaves_nothing_behind(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(DocumentReadError):
        services.import_job_create(
            upload=SimpleUploadedFile("sai.pdf", b"PK\x03\x04 not a pdf at all"),
            by=world.coordinator,
        )
    assert ImportJob.objects.count() == 0
    assert not any(tmp_path.rglob("*.*"))


def test_an_unreadable_text_marks_the_job_failed_without_a_plan(
    world, sync_imports, django_capture_on_commit_callbacks
):
    job, _created = _import(
        b"   \n  xin  \n", "ngan.txt", world.coordinator, django_capture_on_commit_callbacks
    )
    assert job.status == ImportStatus.FAILED
    assert "Không tìm thấy nội dung chữ" in job.error
    assert job.plan is None and Plan.objects.count() == 1  # only the world's plan


def test_only_the_coordinator_makes_a_draft_plan(
    world, sync_imports, django_capture_on_commit_callbacks
):
    from danvan.core.errors import PermissionDeniedError

    job, _created = _import(
        AN_GIANG, "an-giang.txt", world.officer_a, django_capture_on_commit_callbacks
    )
    assert job.status == ImportStatus.READY
    with pytest.raises(PermissionDeniedError):
        services.import_job_make_plan(job=job, by=world.officer_a)
    services.import_job_review(
        job=job, expected_version=job.version, changes={}, by=world.officer_a
    )


def test_registry_is_searchable_without_diacritics_and_editable(world, sample_job):
    services.import_job_make_plan(job=sample_job, by=world.coordinator)
    found = selectors.legal_documents_search(query="chi thi THU TUONG 33")
    assert [d.full_ref for d in found] == ["33/CT-TTg"]
    document = found[0]
    saved = services.legal_document_update(
        document=document,
        expected_version=document.version,
        title="Tiếp tục tăng cường và đổi mới công tác dân vận",
        url="https://vanban.chinhphu.vn/?docid=204745",
        by=world.coordinator,
    )
    assert saved.version == document.version + 1
    assert saved.search_text == fold(f"Chỉ thị 33/CT-TTg 33 Thủ tướng Chính phủ {saved.title}")
    # The repaired subject of 25-NQ/TW ("... đổi mới sự lãnh đạo của Đảng đối với công tác dân
    # vận ...") holds these words too.
    found = selectors.legal_documents_search(query="doi moi cong tac dan van")
    assert {d.full_ref for d in found} == {"33/CT-TTg", "25-NQ/TW"}
    found = selectors.legal_documents_search(query="lanh dao cua dang")
    assert [d.full_ref for d in found] == ["35-CT/TW", "25-NQ/TW"]  # newest first
    with pytest.raises(ApplicationError):
        services.legal_document_update(
            document=saved,
            expected_version=saved.version,
            url="javascript:alert(1)",
            by=world.coordinator,
        )
