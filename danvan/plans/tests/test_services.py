import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.core.audit import history_for
from danvan.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from danvan.notifications.models import Notification
from danvan.orgs import services as orgs
from danvan.plans import services
from danvan.plans.models import Assignment, Evidence, UnitPlanStatus

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="bien-ban.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_assigning_a_group_expands_to_its_members_once(world):
    task = services.task_create(
        item=world.item, code="II.3.2", title="Nhân rộng mô hình", by=world.coordinator
    )
    made = services.task_assign(task=task, groups=[world.group], by=world.coordinator)
    assert {a.unit_id for a in made} == {world.snv.pk, world.unit_a.pk, world.unit_b.pk}
    assert all(a.via_group_id == world.group.pk for a in made)
    again = services.task_assign(
        task=task, groups=[world.group], units=[world.unit_a], by=world.coordinator
    )
    assert again == []
    assert Assignment.objects.filter(task=task).count() == 3


def test_group_expansion_skips_units_dissolved_before_the_assignment_date(world):
    successor = orgs.unit_create(
        code="T-C", name="Sở Khoa học và Công nghệ", kind="department", by=world.admin
    )
    orgs.unit_dissolve(
        unit=world.unit_b,
        successors=[successor],
        on=dt.date(2026, 7, 1),
        kind="merger",
        by=world.admin,
    )
    task = services.task_create(
        item=world.item, code="II.3.3", title="Tôn vinh điển hình", by=world.coordinator
    )
    made = services.task_assign(
        task=task, groups=[world.group], by=world.coordinator, on=dt.date(2026, 8, 1)
    )
    assert world.unit_b.pk not in {a.unit_id for a in made}


def test_assigning_notifies_the_unit_officers_and_heads(world):
    task = services.task_create(
        item=world.item, code="II.3.4", title="Sơ kết phong trào", by=world.coordinator
    )
    services.task_assign(task=task, units=[world.unit_a], by=world.coordinator)
    notified = set(
        Notification.objects.filter(kind="assignment", text__contains="II.3.4").values_list(
            "user__username", flat=True
        )
    )
    assert notified == {"canbo_a", "truong_a"}


def test_only_the_coordinator_assigns(world):
    with pytest.raises(PermissionDeniedError):
        services.task_assign(task=world.task, units=[world.unit_b], by=world.officer_a)


def test_carry_over_moves_open_work_to_the_successor_and_keeps_the_old_record(world):
    services.progress_add(
        assignment=world.assignment_b,
        status="in_progress",
        percent=40,
        narrative="Đã đăng ký 2 mô hình",
        by=world.officer_b,
    )
    successor = orgs.unit_create(
        code="T-C", name="Sở Tư pháp (mới)", kind="department", by=world.admin
    )
    carried = services.assignments_carry_over(
        predecessor=world.unit_b, successor=successor, by=world.coordinator
    )
    assert len(carried) == 1
    new = carried[0]
    assert (
        new.unit == successor and new.percent == 40 and new.carried_from_id == world.assignment_b.pk
    )
    old = Assignment.objects.get(pk=world.assignment_b.pk)
    assert old.archived_at is not None and old.unit == world.unit_b
    assert old.updates.count() == 1


def test_progress_done_requires_100_percent(world):
    with pytest.raises(ApplicationError) as exc:
        services.progress_add(
            assignment=world.assignment_a,
            status="done",
            percent=80,
            narrative="Xong",
            by=world.officer_a,
        )
    assert exc.value.field == "percent"


def test_progress_needs_a_narrative(world):
    with pytest.raises(ApplicationError):
        services.progress_add(
            assignment=world.assignment_a,
            status="in_progress",
            percent=10,
            narrative="   ",
            by=world.officer_a,
        )


def test_progress_cannot_be_reported_in_the_future(world):
    with pytest.raises(ApplicationError):
        services.progress_add(
            assignment=world.assignment_a,
            status="in_progress",
            percent=10,
            narrative="Dự kiến",
            reported_on=dt.date.today() + dt.timedelta(days=2),
            by=world.officer_a,
        )


def test_progress_updates_the_assignment_and_is_audited(world):
    update = services.progress_add(
        assignment=world.assignment_a,
        status="in_progress",
        percent=60,
        narrative="Đã tổ chức 3 hội nghị",
        files=[pdf()],
        by=world.officer_a,
    )
    a = Assignment.objects.get(pk=world.assignment_a.pk)
    assert (a.status, a.percent) == ("in_progress", 60)
    event = history_for(a).first()
    assert event.action == "progress.add" and event.before == {
        "status": "not_started",
        "percent": 0,
    }
    evidence = Evidence.objects.get(update=update)
    assert evidence.original_name == "bien-ban.pdf" and evidence.size == len(PDF)
    assert "bien-ban" not in evidence.file.name


def test_officer_of_another_unit_cannot_report_progress(world):
    with pytest.raises(PermissionDeniedError):
        services.progress_add(
            assignment=world.assignment_a,
            status="in_progress",
            percent=10,
            narrative="x",
            by=world.officer_b,
        )


def test_upload_whose_content_does_not_match_its_extension_is_refused_and_nothing_is_saved(world):
    fake = SimpleUploadedFile(
        "bao-cao.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    with pytest.raises(ApplicationError, match="không khớp"):
        services.progress_add(
            assignment=world.assignment_a,
            status="in_progress",
            percent=10,
            narrative="Có minh chứng",
            files=[fake],
            by=world.officer_a,
        )
    assert world.assignment_a.updates.count() == 0


def test_upload_of_an_executable_type_is_refused(world):
    exe = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    with pytest.raises(ApplicationError, match="Không chấp nhận"):
        services.progress_add(
            assignment=world.assignment_a,
            status="in_progress",
            percent=10,
            narrative="x",
            files=[exe],
            by=world.officer_a,
        )


def test_oversized_upload_is_refused(world, settings):
    settings.DANVAN_UPLOAD_MAX_BYTES = 10
    with pytest.raises(ApplicationError, match="vượt quá"):
        services.progress_add(
            assignment=world.assignment_a,
            status="in_progress",
            percent=10,
            narrative="x",
            files=[pdf()],
            by=world.officer_a,
        )


def _unit_plan_with_activity(world):
    up = services.unit_plan_create(
        plan=world.plan, unit=world.unit_a, title="Kế hoạch triển khai của Sở", by=world.officer_a
    )
    services.activity_add(
        unit_plan=up, task=world.task, title="Phát động đăng ký mô hình", by=world.officer_a
    )
    up.refresh_from_db()
    return up


def test_unit_plan_workflow_submit_return_resubmit_accept(world):
    up = _unit_plan_with_activity(world)
    with pytest.raises(PermissionDeniedError):
        services.unit_plan_submit(unit_plan=up, by=world.officer_a)
    up = services.unit_plan_submit(unit_plan=up, by=world.head_a)
    assert up.status == UnitPlanStatus.SUBMITTED
    with pytest.raises(PermissionDeniedError):
        services.unit_plan_update(
            unit_plan=up, expected_version=up.version, title="Sửa", summary="", by=world.officer_a
        )
    with pytest.raises(ApplicationError):
        services.unit_plan_return(unit_plan=up, comment="  ", by=world.coordinator)
    up = services.unit_plan_return(
        unit_plan=up, comment="Bổ sung thời gian thực hiện", by=world.coordinator
    )
    assert (
        up.status == UnitPlanStatus.RETURNED and up.review_comment == "Bổ sung thời gian thực hiện"
    )
    up = services.unit_plan_update(
        unit_plan=up,
        expected_version=up.version,
        title="Kế hoạch (bổ sung)",
        summary="Đã bổ sung",
        by=world.officer_a,
    )
    up = services.unit_plan_submit(unit_plan=up, by=world.head_a)
    up = services.unit_plan_accept(unit_plan=up, by=world.coordinator)
    assert up.status == UnitPlanStatus.ACCEPTED
    assert [e.to_status for e in up.events.all()] == [
        "submitted",
        "returned",
        "submitted",
        "accepted",
    ]
    returned = Notification.objects.filter(kind="returned", user=world.officer_a)
    assert returned.count() == 1


def test_unit_plan_without_activities_cannot_be_submitted(world):
    up = services.unit_plan_create(
        plan=world.plan, unit=world.unit_a, title="Kế hoạch", by=world.officer_a
    )
    with pytest.raises(ApplicationError, match="ít nhất một hoạt động"):
        services.unit_plan_submit(unit_plan=up, by=world.head_a)


def test_unit_plan_activity_must_belong_to_the_same_plan(world):
    up = services.unit_plan_create(
        plan=world.plan, unit=world.unit_a, title="Kế hoạch", by=world.officer_a
    )
    other = services.plan_create(
        issuer=world.province, title="Kế hoạch khác", year=2026, by=world.coordinator
    )
    section = services.section_add(plan=other, numeral="II", title="NHIỆM VỤ", by=world.coordinator)
    item = services.item_add(section=section, number="1", title="Nhóm", by=world.coordinator)
    foreign = services.task_create(
        item=item, code="X.1", title="Nhiệm vụ khác", by=world.coordinator
    )
    with pytest.raises(ApplicationError, match="không thuộc"):
        services.activity_add(unit_plan=up, task=foreign, title="Sai", by=world.officer_a)


def test_second_save_with_a_stale_version_is_refused(world):
    up = services.unit_plan_create(
        plan=world.plan, unit=world.unit_a, title="Kế hoạch", by=world.officer_a
    )
    loaded = up.version
    services.unit_plan_update(
        unit_plan=up,
        expected_version=loaded,
        title="Bản của cán bộ",
        summary="",
        by=world.officer_a,
    )
    with pytest.raises(ConflictError):
        services.unit_plan_update(
            unit_plan=up,
            expected_version=loaded,
            title="Bản của trưởng",
            summary="",
            by=world.head_a,
        )
    up.refresh_from_db()
    assert up.title == "Bản của cán bộ"


def test_difficulty_is_answered_by_the_coordinator_and_the_unit_is_told(world):
    d = services.difficulty_raise(
        assignment=world.assignment_a, text="Thiếu kinh phí tổ chức hội nghị", by=world.officer_a
    )
    with pytest.raises(PermissionDeniedError):
        services.difficulty_answer(
            difficulty=d, answer="x", expected_version=d.version, by=world.head_a
        )
    d = services.difficulty_answer(
        difficulty=d,
        answer="Sử dụng kinh phí thường xuyên",
        expected_version=d.version,
        by=world.coordinator,
    )
    assert d.status == "answered"
    assert Notification.objects.filter(kind="answer", user=world.officer_a).exists()


def test_plan_without_tasks_cannot_be_issued(world):
    plan = services.plan_create(
        issuer=world.province, title="Kế hoạch rỗng", year=2026, by=world.coordinator
    )
    with pytest.raises(ApplicationError):
        services.plan_issue(plan=plan, by=world.coordinator)


def test_ongoing_task_cannot_also_have_a_due_date(world):
    with pytest.raises(ApplicationError):
        services.task_create(
            item=world.item,
            code="II.3.9",
            title="X",
            ongoing=True,
            due_date=dt.date(2026, 5, 1),
            by=world.coordinator,
        )


def test_duplicate_task_code_is_refused(world):
    with pytest.raises(ApplicationError, match="đã tồn tại"):
        services.task_create(item=world.item, code="II.3.1", title="Trùng mã", by=world.coordinator)


def test_text_is_stored_in_nfc(world):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Tuyên truyền Chỉ thị")
    task = services.task_create(
        item=world.item, code="II.3.8", title=decomposed, by=world.coordinator
    )
    assert task.title == unicodedata.normalize("NFC", decomposed)


def test_reference_date_of_a_past_plan_is_the_end_of_its_year():
    from danvan.plans.models import Plan

    assert Plan(year=2024).reference_date(dt.date(2026, 12, 1)) == dt.date(2024, 12, 31)
    assert Plan(year=2026).reference_date(dt.date(2026, 12, 1)) == dt.date(2026, 12, 1)


def test_deadline_reminders_are_sent_once_per_assignment_and_due_date(world):
    sent = services.deadline_reminders_send(today=dt.date(2026, 11, 25), days_before=7)
    assert sent == 4  # officer and head of two units, "due soon"
    assert services.deadline_reminders_send(today=dt.date(2026, 11, 26), days_before=7) == 0
    late = services.deadline_reminders_send(today=dt.date(2026, 12, 1), days_before=7)
    assert late == 4
    texts = set(Notification.objects.filter(kind="deadline").values_list("text", flat=True))
    assert texts == {
        "Nhiệm vụ II.3.1 sắp đến hạn (30/11/2026)",
        "Nhiệm vụ II.3.1 đã quá hạn (30/11/2026)",
    }


def test_carry_over_command_moves_work(world, capsys):
    from django.core.management import call_command

    orgs.unit_create(code="T-NEW", name="Đơn vị mới", kind="department", by=world.admin)
    call_command("carry_over", "T-B", "T-NEW", "--as", "dieuphoi")
    assert "carried over: 1" in capsys.readouterr().out
