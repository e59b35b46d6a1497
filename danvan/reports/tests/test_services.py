"""The reporting cycle through its services: periods, forms, autosave, submission and review."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from danvan.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from danvan.core.models import AuditEvent
from danvan.notifications.models import Notification
from danvan.plans import services as plan_services
from danvan.reports import selectors, services
from danvan.reports.models import (
    IndicatorValue,
    PeriodStatus,
    ReportEvent,
    ReportRevision,
    ReportStatus,
    ValueSource,
)

from .conftest import fill, submitted

D = dt.date


def _value(report, code):
    return IndicatorValue.objects.get(report=report, indicator__code=code)


# Periods and forms --------------------------------------------------------------------------


def test_annual_period_takes_the_nghi_dinh_09_window_and_a_default_title(world):
    period = services.period_create(kind="annual", year=2026, plan=world.plan, by=world.coordinator)
    assert (period.starts_on, period.ends_on) == (D(2025, 12, 15), D(2026, 12, 14))
    assert period.title.endswith("năm 2026")
    assert period.status == PeriodStatus.DRAFT
    assert AuditEvent.objects.filter(action="report_period.create").count() == 1


def test_quarterly_period_needs_a_quarter(world):
    with pytest.raises(ApplicationError) as err:
        services.period_create(kind="quarterly", year=2026, by=world.coordinator)
    assert err.value.field == "index"


def test_thematic_period_needs_its_window_and_title(world):
    with pytest.raises(ApplicationError):
        services.period_create(kind="thematic", year=2026, title="Chuyên đề", by=world.coordinator)
    period = services.period_create(
        kind="thematic",
        year=2026,
        title="Báo cáo chuyên đề dân vận khéo",
        starts_on=D(2026, 1, 1),
        ends_on=D(2026, 6, 30),
        by=world.coordinator,
    )
    assert (period.starts_on, period.ends_on) == (D(2026, 1, 1), D(2026, 6, 30))


def test_the_same_periodic_period_cannot_be_created_twice(world, period):
    with pytest.raises(ApplicationError):
        services.period_create(kind="annual", year=2026, plan=world.plan, by=world.coordinator)


@pytest.mark.parametrize("who", ["officer_a", "head_a", "viewer", "liaison"])
def test_only_the_coordinator_creates_periods(world, who):
    with pytest.raises(PermissionDeniedError):
        services.period_create(kind="annual", year=2026, by=getattr(world, who))


def test_a_period_cannot_open_without_a_due_date(world):
    period = services.period_create(kind="annual", year=2026, by=world.coordinator)
    with pytest.raises(ApplicationError) as err:
        services.period_open(period=period, by=world.coordinator)
    assert err.value.field == "due_on"


def test_opening_a_period_tells_the_units_in_scope(world, period):
    assert Notification.objects.filter(user=world.officer_a, text__contains="Mở kỳ").exists()
    assert not Notification.objects.filter(user=world.liaison, text__contains="Mở kỳ").exists()


def test_closed_period_refuses_edits(world, period):
    report = services.report_open_for_unit(period=period, unit=world.unit_a, by=world.officer_a)
    services.period_close(period=period, by=world.coordinator)
    report.refresh_from_db()
    with pytest.raises(PermissionDeniedError):
        fill(report, world.officer_a)


def test_default_form_of_a_plan_has_one_section_per_task_group(world):
    form = services.form_create_default(plan=world.plan, by=world.coordinator)
    sections = list(form.sections.all())
    assert [(s.code, s.item_id) for s in sections] == [("3", world.item.pk)]
    dvk = form.indicators.get(code="DVK01")
    assert dvk.section == sections[0]  # the "Dân vận khéo" group holds its indicators


def test_default_form_without_a_plan_has_the_seven_task_groups_and_realistic_indicators(world):
    form = services.form_create_default(by=world.coordinator)
    assert form.sections.count() == 7
    codes = set(form.indicators.values_list("code", flat=True))
    assert {"TT01", "TT02", "DVK01", "DVK02", "TCD01", "DT01", "DT02", "MT01", "MT02"} <= codes
    assert {"HC01", "HC02", "KL01", "KH01", "KH02"} <= codes
    assert form.indicators.get(code="DT02").computed_source.startswith("petitions.")
    assert form.indicators.get(code="MT02").computed_source.startswith("front.")
    assert form.indicators.filter(section__isnull=True).count() == 0


def test_indicator_added_by_the_coordinator_checks_type_and_range(world):
    form = services.form_create_default(by=world.coordinator)
    with pytest.raises(ApplicationError):
        services.indicator_add(
            form=form, code="X1", label="Tỷ lệ", value_type="percent", aggregation="count_true",
            by=world.coordinator,
        )  # fmt: skip
    with pytest.raises(ApplicationError):
        services.indicator_add(
            form=form, code="X1", label="Số", min_value=10, max_value=1, by=world.coordinator
        )
    indicator = services.indicator_add(
        form=form, code="X1", label="Số hội nghị", unit_of_measure="hội nghị", by=world.coordinator
    )
    assert indicator.position == 18
    with pytest.raises(PermissionDeniedError):
        services.indicator_add(form=form, code="X2", label="Số", by=world.officer_a)


# Opening and autosaving ---------------------------------------------------------------------


def test_officer_opens_the_unit_report_once(world, period):
    first = services.report_open_for_unit(period=period, unit=world.unit_a, by=world.officer_a)
    again = services.report_open_for_unit(period=period, unit=world.unit_a, by=world.head_a)
    assert first.pk == again.pk
    assert first.status == ReportStatus.DRAFT


def test_unit_without_tasks_in_the_plan_is_not_in_scope(world, period):
    from danvan.orgs import services as orgs

    orgs.role_grant(user=world.officer_a, unit=world.front, role="unit_officer", by=world.admin)
    with pytest.raises(ApplicationError):
        services.report_open_for_unit(period=period, unit=world.front, by=world.officer_a)


def test_officer_of_unit_b_cannot_open_unit_a_report(world, period):
    services.report_open_for_unit(period=period, unit=world.unit_a, by=world.officer_a)
    with pytest.raises(Http404):
        services.report_open_for_unit(period=period, unit=world.unit_a, by=world.officer_b)


def test_coordinator_cannot_start_a_unit_report(world, period):
    with pytest.raises(PermissionDeniedError):
        services.report_open_for_unit(period=period, unit=world.unit_a, by=world.coordinator)


def test_autosave_stores_answers_and_figures_and_moves_the_version_on(world, period):
    report = services.report_open_for_unit(period=period, unit=world.unit_a, by=world.officer_a)
    saved = services.report_save(
        report=report,
        expected_version=report.version,
        answers={"3": {"results": "Công nhận 2 mô hình."}},
        values={"TT01": "12", "TT02": "1.450", "KP01": "12,5", "HC03": 87.5, "GC01": "Không"},
        by=world.officer_a,
    )
    assert saved.version == report.version + 1
    assert _value(report, "TT02").number == 1450
    assert _value(report, "KP01").number == decimal.Decimal("12.5")
    assert _value(report, "HC03").number == decimal.Decimal("87.5")
    assert _value(report, "GC01").text == "Không"
    content = selectors.report_content(saved)
    assert content.answers["3"]["results"] == "Công nhận 2 mô hình."
    event = AuditEvent.objects.filter(action="unit_report.save").latest("id")
    assert event.after["values.TT02"] == "1450"


def test_autosave_keeps_parts_that_are_not_sent(world, period):
    report = services.report_open_for_unit(period=period, unit=world.unit_a, by=world.officer_a)
    report = services.report_save(
        report=report, expected_version=report.version, answers={"3": {"done": "A"}},
        by=world.officer_a,
    )  # fmt: skip
    report = services.report_save(
        report=report, expected_version=report.version, answers={"3": {"results": "B"}},
        values={"TT01": 5}, by=world.officer_a,
    )  # fmt: skip
    report = services.report_save(
        report=report, expected_version=report.version, values={"TT02": 9}, by=world.officer_a
    )
    content = selectors.report_content(report)
    assert content.answers["3"]["done"] == "A"
    assert content.answers["3"]["results"] == "B"
    assert content.values["TT01"].number == 5


def test_clearing_a_figure_with_an_empty_value(world, period):
    report = services.report_open_for_unit(period=period, unit=world.unit_a, by=world.officer_a)
    report = services.report_save(
        report=report, expected_version=report.version, values={"TT01": 5}, by=world.officer_a
    )
    services.report_save(
        report=report, expected_version=report.version, values={"TT01": ""}, by=world.officer_a
    )
    assert _value(report, "TT01").number is None


@pytest.mark.parametrize(
    ("code", "raw"),
    [
        ("TT01", "mười hai"),
        ("TT01", 1.5),
        ("TT01", -1),
        ("TT01", True),
        ("HC03", 120),
        ("KH02", 50),  # computed from the plan: not typed in
        ("KP01", "1e5"),
        ("GC01", 5),
        ("ZZ99", 1),
        ("TT01", 10**20),
    ],
)
def test_invalid_figure_is_refused_and_named(world, period, code, raw):
    report = services.report_open_for_unit(period=period, unit=world.unit_a, by=world.officer_a)
    with pytest.raises(services.ReportValidationError) as err:
        services.report_save(
            report=report, expected_version=report.version, values={code: raw}, by=world.officer_a
        )
    assert err.value.field == f"values.{code}"
    assert err.value.status == 400


def test_every_invalid_figure_is_reported_at_once(world, period):
    report = services.report_open_for_unit(period=period, unit=world.unit_a, by=world.officer_a)
    with pytest.raises(services.ReportValidationError) as err:
        services.report_save(
            report=report,
            expected_version=report.version,
            values={"TT01": "x", "TT02": "y", "HC01": 3},
            answers={"99": {"done": "?"}},
            by=world.officer_a,
        )
    assert set(err.value.errors) == {"values.TT01", "values.TT02", "answers.99"}
    assert not IndicatorValue.objects.filter(report=report, indicator__code="HC01").exists()


def test_a_stale_version_is_a_conflict_and_saves_nothing(world, period):
    report = services.report_open_for_unit(period=period, unit=world.unit_a, by=world.officer_a)
    stale = report.version
    services.report_save(report=report, expected_version=stale, values={"TT01": 1}, by=world.head_a)
    with pytest.raises(ConflictError):
        services.report_save(
            report=report, expected_version=stale, values={"TT01": 2}, by=world.officer_a
        )
    assert _value(report, "TT01").number == 1


@pytest.mark.parametrize("who", ["officer_b", "head_b", "liaison"])
def test_other_units_cannot_see_or_save_a_draft(world, period, who):
    report = services.report_open_for_unit(period=period, unit=world.unit_a, by=world.officer_a)
    with pytest.raises(Http404):
        services.report_save(
            report=report, expected_version=None, values={"TT01": 1}, by=getattr(world, who)
        )


@pytest.mark.parametrize("who", ["coordinator", "viewer"])
def test_province_readers_cannot_see_a_draft(world, period, who):
    report = services.report_open_for_unit(period=period, unit=world.unit_a, by=world.officer_a)
    with pytest.raises(Http404):
        services.report_save(
            report=report, expected_version=None, values={"TT01": 1}, by=getattr(world, who)
        )


# Computed figures ---------------------------------------------------------------------------


def test_computed_figures_come_from_the_plan_and_say_so(world, period):
    report = services.report_open_for_unit(period=period, unit=world.unit_a, by=world.officer_a)
    issued = _value(report, "KH01")
    assert (issued.boolean, issued.source) == (False, ValueSource.COMPUTED)
    assert "chưa lập kế hoạch triển khai" in issued.source_detail
    done = _value(report, "KH02")
    assert done.number == 0
    assert "0/1 nhiệm vụ" in done.source_detail


def test_computed_figures_follow_the_plan_until_submission(world, period):
    report = services.report_open_for_unit(period=period, unit=world.unit_a, by=world.officer_a)
    plan_services.progress_add(
        assignment=world.assignment_a, status="done", percent=100, narrative="Xong",
        by=world.officer_a,
    )  # fmt: skip
    unit_plan = plan_services.unit_plan_create(
        plan=world.plan, unit=world.unit_a, title="KH triển khai", by=world.officer_a
    )
    plan_services.activity_add(
        unit_plan=unit_plan, task=world.task, title="Đăng ký mô hình", by=world.officer_a
    )
    plan_services.unit_plan_submit(unit_plan=unit_plan, by=world.head_a)
    report = fill(report, world.officer_a)
    assert _value(report, "KH02").number == 100
    assert "1/1 nhiệm vụ" in _value(report, "KH02").source_detail
    services.report_submit(report=report, by=world.head_a)
    revision = ReportRevision.objects.get(report=report)
    assert revision.snapshot["values"]["KH01"]["value"] is True
    assert revision.snapshot["values"]["KH02"]["source"] == "computed"


def test_indicators_without_their_module_are_typed_in_and_say_so(world):
    created = services.period_create(
        kind="annual", year=2026, plan=world.plan, due_on=D(2026, 12, 10), by=world.coordinator
    )
    services.indicator_add(
        form=created.form,
        code="NN01",
        label="Số hộ dân được hỗ trợ chuyển đổi nghề",
        computed_source="agriculture.households_supported",
        by=world.coordinator,
    )
    period = services.period_open(period=created, by=world.coordinator)
    report = services.report_open_for_unit(period=period, unit=world.unit_a, by=world.officer_a)
    figure = _value(report, "NN01")
    assert (figure.source, figure.source_detail) == ("manual", services.MANUAL_UNTIL_MODULE)
    services.report_save(
        report=report, expected_version=report.version, values={"NN01": 40}, by=world.officer_a
    )
    figure.refresh_from_db()
    assert figure.number == 40
    assert figure.source_detail == services.MANUAL_UNTIL_MODULE


def _open_period_without_plan(world):
    period = services.period_create(
        kind="annual", year=2026, due_on=D(2026, 12, 10), by=world.coordinator
    )
    return services.period_open(period=period, by=world.coordinator)


def test_without_a_plan_every_active_unit_reports_and_plan_figures_are_typed_in(world):
    period = _open_period_without_plan(world)
    report = services.report_open_for_unit(period=period, unit=world.unit_a, by=world.officer_a)
    assert _value(report, "KH01").source == "manual"
    units = {u.pk for u in services.units_in_scope(period)}
    assert {world.front.pk, world.snv.pk, world.unit_b.pk} <= units


def test_a_front_liaison_may_not_write_its_own_unit_report(world):
    period = _open_period_without_plan(world)
    with pytest.raises(PermissionDeniedError):
        services.report_open_for_unit(period=period, unit=world.front, by=world.liaison)


# Submission and review ----------------------------------------------------------------------


def test_only_the_unit_head_submits(world, period):
    report = services.report_open_for_unit(period=period, unit=world.unit_a, by=world.officer_a)
    report = fill(report, world.officer_a)
    with pytest.raises(PermissionDeniedError):
        services.report_submit(report=report, by=world.officer_a)
    with pytest.raises(Http404):
        services.report_submit(report=report, by=world.head_b)


def test_submission_needs_every_required_figure(world, period):
    report = services.report_open_for_unit(period=period, unit=world.unit_a, by=world.officer_a)
    report = services.report_save(
        report=report, expected_version=report.version, values={"TT01": 3}, by=world.officer_a
    )
    with pytest.raises(services.ReportValidationError) as err:
        services.report_submit(report=report, by=world.head_a)
    assert {"values.TT02", "values.DVK01", "values.KL01", "values.TCD01"} == set(err.value.errors)


def test_submission_on_time_freezes_a_revision_and_tells_the_coordinator(world, period, freeze):
    freeze(D(2026, 12, 10), hour=23)
    report = submitted(world, period)
    assert report.status == ReportStatus.SUBMITTED
    assert (report.revision_count, report.late) == (1, False)
    revision = ReportRevision.objects.get(report=report, number=1)
    assert revision.snapshot["values"]["TT02"]["value"] == "1450"
    assert revision.snapshot["answers"]["3"]["results"].startswith("Đăng ký 3 mô hình")
    assert ReportEvent.objects.filter(report=report, to_status="submitted").exists()
    assert Notification.objects.filter(user=world.coordinator, kind="submitted").exists()


def test_submission_after_the_due_date_is_flagged_late(world, period, freeze):
    freeze(D(2026, 12, 11), hour=8)
    report = submitted(world, period)
    assert report.late is True
    [row_a] = [r for r in selectors.completeness(period, today=D(2026, 12, 11)) if r.report]
    assert row_a.timeliness == selectors.LATE


def test_a_submitted_report_can_no_longer_be_edited(world, period):
    report = submitted(world, period)
    with pytest.raises(PermissionDeniedError):
        services.report_save(
            report=report, expected_version=report.version, values={"TT01": 1}, by=world.officer_a
        )


def test_return_needs_at_least_one_comment(world, period):
    report = submitted(world, period)
    with pytest.raises(ApplicationError):
        services.report_return(report=report, comments=[], by=world.coordinator)
    with pytest.raises(ApplicationError):
        services.report_return(report=report, comments=[{"text": "  "}], by=world.coordinator)
    with pytest.raises(ApplicationError):
        services.report_return(
            report=report, comments=[{"section": "99", "text": "?"}], by=world.coordinator
        )


@pytest.mark.parametrize("who", ["officer_a", "head_a", "viewer", "head_b"])
def test_only_the_coordinator_reviews(world, period, who):
    report = submitted(world, period)
    user = getattr(world, who)
    with pytest.raises((PermissionDeniedError, Http404)):
        services.report_accept(report=report, by=user)
    with pytest.raises((PermissionDeniedError, Http404)):
        services.report_return(report=report, comments=[{"text": "Sửa"}], by=user)


def test_returned_report_is_resubmitted_and_every_version_kept_with_its_differences(
    world, period, freeze
):
    freeze(D(2026, 12, 9))
    report = submitted(world, period)
    report = services.report_return(
        report=report,
        comments=[
            {"section": "3", "indicator": None, "text": "Bổ sung tên các mô hình."},
            {"section": None, "indicator": "TT02", "text": "Kiểm tra lại số lượt người."},
        ],
        by=world.coordinator,
    )
    assert report.status == ReportStatus.RETURNED
    assert Notification.objects.filter(user=world.officer_a, kind="returned").exists()
    content = selectors.report_content(report)
    assert [(c.revision, c.section and c.section.code) for c in content.comments] == [
        (1, "3"),
        (1, None),
    ]
    freeze(D(2026, 12, 15))  # resubmitted after the due date: still on time (first submission)
    report = services.report_save(
        report=report,
        expected_version=report.version,
        answers={"3": {"results": "Đăng ký 3 mô hình: Chợ 4.0, Hộp thư góp ý, Tổ tự quản."}},
        values={"TT02": 1540},
        by=world.officer_a,
    )
    report = services.report_submit(report=report, by=world.head_a)
    assert (report.revision_count, report.late) == (2, False)
    changes = {c.key: (c.before, c.after) for c in selectors.revision_diff(report, 1, 2)}
    assert changes["values.TT02"] == ("1450", "1540")
    assert changes["answers.3.results"][1].endswith("Tổ tự quản.")
    assert set(changes) == {"values.TT02", "answers.3.results"}
    report = services.report_accept(report=report, by=world.coordinator)
    assert report.status == ReportStatus.ACCEPTED
    assert report.accepted_at is not None
    assert [e.to_status for e in report.events.all()] == [
        "submitted",
        "returned",
        "submitted",
        "accepted",
    ]


def test_revision_diff_of_an_unknown_revision_is_a_404(world, period):
    report = submitted(world, period)
    with pytest.raises(Http404):
        selectors.revision_diff(report, 1, 7)


# Evidence -----------------------------------------------------------------------------------


def test_evidence_is_checked_and_stored_under_a_token_name(world, period, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = services.report_open_for_unit(period=period, unit=world.unit_a, by=world.officer_a)
    upload = SimpleUploadedFile("bien ban/../hội nghị.txt", "Biên bản".encode(), "text/plain")
    [evidence] = services.evidence_add(report=report, files=[upload], by=world.officer_a)
    assert evidence.original_name == "hội nghị.txt"
    assert evidence.token in evidence.file.name and "hội" not in evidence.file.name
    with pytest.raises(ApplicationError):
        fake = SimpleUploadedFile("scan.pdf", b"not a pdf at all", "application/pdf")
        services.evidence_add(report=report, files=[fake], by=world.officer_a)
    with pytest.raises(Http404):
        services.evidence_archive(evidence=evidence, by=world.officer_b)
    services.evidence_archive(evidence=evidence, by=world.officer_a)
    assert selectors.report_content(report).evidence == []


# Reminders ----------------------------------------------------------------------------------


def _reminders(user):
    return list(
        Notification.objects.filter(user=user, kind="deadline").exclude(text__contains="Mở")
    )


def test_reminders_go_three_working_days_before_the_due_date_once(world, period):
    # Due Thursday 10/12/2026: three working days before is Monday 07/12.
    assert services.report_reminders_send(today=D(2026, 12, 4)) == 0
    sent = services.report_reminders_send(today=D(2026, 12, 7))
    assert sent == 4  # officer and head of units A and B
    assert services.report_reminders_send(today=D(2026, 12, 7)) == 0
    assert services.report_reminders_send(today=D(2026, 12, 9)) == 0
    assert len(_reminders(world.officer_a)) == 1


def test_units_that_submitted_are_not_reminded(world, period):
    submitted(world, period)
    services.report_reminders_send(today=D(2026, 12, 8))
    assert _reminders(world.officer_a) == []
    assert len(_reminders(world.officer_b)) == 1


def test_the_day_after_a_missed_due_date_units_and_coordinator_are_told(world, period):
    services.report_reminders_send(today=D(2026, 12, 8))
    sent = services.report_reminders_send(today=D(2026, 12, 11))
    assert sent == 5  # four unit people and the coordinator
    assert services.report_reminders_send(today=D(2026, 12, 14)) == 0
    texts = [n.text for n in _reminders(world.officer_b)]
    assert any("quá hạn" in t for t in texts)


def test_the_missed_notice_waits_for_the_next_working_day(world):
    # Due Friday 11/12/2026; Saturday and Sunday are not working days.
    period = services.period_create(
        kind="annual", year=2026, plan=world.plan, due_on=D(2026, 12, 11), by=world.coordinator
    )
    services.period_open(period=period, by=world.coordinator)
    services.report_reminders_send(today=D(2026, 12, 11))
    assert services.report_reminders_send(today=D(2026, 12, 12)) == 0
    assert services.report_reminders_send(today=D(2026, 12, 14)) == 5


def test_reminder_command_is_safe_to_run_twice(world, period):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("send_report_reminders", "--today", "2026-12-07", stdout=out)
    call_command("send_report_reminders", "--today", "2026-12-07", stdout=out)
    assert out.getvalue().splitlines() == ["reminders sent: 4", "reminders sent: 0"]


# The provincial report ----------------------------------------------------------------------


def test_provincial_report_is_created_then_saved_with_optimistic_locking(world, period):
    initial = selectors.provincial_report_initial(period)
    assert initial.pk is None
    assert initial.subject == "Kết quả thực hiện công tác dân vận chính quyền năm 2026"
    saved = services.provincial_report_save(
        period=period,
        expected_version=None,
        number=123,
        symbol="123/BC-UBND",
        date=D(2026, 12, 20),
        narrative={"3": "Toàn tỉnh đăng ký 6 mô hình."},
        by=world.coordinator,
    )
    assert saved.version == 1
    assert saved.place == "Thử Nghiệm"
    again = services.provincial_report_save(
        period=period, expected_version=1, signer_name="Nguyễn Văn A", by=world.coordinator
    )
    assert again.version == 2
    with pytest.raises(ConflictError):
        services.provincial_report_save(
            period=period, expected_version=1, signer_name="Trần B", by=world.coordinator
        )
    with pytest.raises(ApplicationError):
        services.provincial_report_save(
            period=period, expected_version=2, narrative={"99": "?"}, by=world.coordinator
        )
    with pytest.raises(PermissionDeniedError):
        services.provincial_report_save(
            period=period, expected_version=2, signer_name="X", by=world.head_a
        )
