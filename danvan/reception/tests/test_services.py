import datetime as dt

import pytest
from django.utils import timezone

from danvan.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from danvan.core.models import AuditEvent
from danvan.reception import selectors, services
from danvan.reception.models import Reception, SessionStatus

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2026, 3, 10, 9, 30))


def visit(world, *, by=None, citizens=None, **extra):
    fields = {
        "received_at": NOW,
        "receiver_name": "Nguyễn Văn Tiếp",
        "summary": "Đề nghị xem xét việc cấp giấy chứng nhận quyền sử dụng đất",
        "classification": "recommendation",
        "handling": "guided",
        "people_count": 1,
        **extra,
    }
    return services.reception_record(
        unit=world.unit_a,
        citizens=citizens or [{"full_name": "Trần Thị Dân", "id_number": "091234567890"}],
        by=by or world.officer_a,
        **fields,
    )


def test_an_officer_records_a_visit_with_the_people_who_came(world):
    r = visit(world)
    assert r.citizens.get().full_name == "Trần Thị Dân"
    assert r.recorded_by == world.officer_a
    event = AuditEvent.objects.get(action="reception.record", object_id=str(r.pk))
    assert event.after["citizens"] == 1
    assert "Trần Thị Dân" not in str(event.after)


def test_search_text_never_holds_personal_data(world):
    r = visit(world, citizens=[{"full_name": "Lê Văn Riêng Tư", "phone": "0912345678"}])
    assert "rieng tu" not in r.search_text and "0912345678" not in r.search_text
    assert "giay chung nhan" in r.search_text


def test_another_unit_cannot_record_in_unit_a_register(world):
    with pytest.raises(PermissionDeniedError):
        visit(world, by=world.officer_b)
    with pytest.raises(PermissionDeniedError):
        visit(world, by=world.coordinator)


def test_a_group_of_five_needs_a_representative(world):
    five = [{"full_name": f"Người {i}"} for i in range(2)]
    with pytest.raises(ApplicationError, match="người đại diện"):
        visit(world, people_count=5, citizens=five)
    five[0]["is_representative"] = True
    r = visit(world, people_count=5, citizens=five)
    assert r.is_group()
    assert not visit(world, people_count=4, citizens=[{"full_name": "A"}]).is_group()


def test_more_names_than_people_is_refused(world):
    with pytest.raises(ApplicationError, match="nhiều hơn số người đến"):
        visit(world, people_count=1, citizens=[{"full_name": "A"}, {"full_name": "B"}])


def test_a_visit_needs_at_least_one_named_person(world):
    with pytest.raises(ApplicationError, match="ít nhất một công dân"):
        visit(world, citizens=[{"full_name": "", "address": ""}])


def test_bad_id_number_and_phone_are_refused(world):
    with pytest.raises(ApplicationError, match="12 chữ số"):
        visit(world, citizens=[{"full_name": "A", "id_number": "12ab"}])
    with pytest.raises(ApplicationError, match="điện thoại"):
        visit(world, citizens=[{"full_name": "A", "phone": "gọi tôi"}])


def test_online_reception_before_1_july_2026_is_refused(world):
    with pytest.raises(ApplicationError, match="01/7/2026"):
        visit(world, mode="online")
    later = timezone.make_aware(dt.datetime(2026, 7, 2, 9))
    assert visit(world, mode="online", received_at=later).mode == "online"


def test_a_visit_in_the_future_is_refused(world):
    with pytest.raises(ApplicationError, match="chưa diễn ra"):
        visit(world, received_at=timezone.now() + dt.timedelta(days=1))


def test_a_transfer_names_the_body(world):
    with pytest.raises(ApplicationError, match="chuyển tới"):
        visit(world, handling="transferred")
    assert visit(world, handling="transferred", transferred_to="Thanh tra tỉnh").transferred_to


def test_update_is_refused_when_someone_saved_first(world):
    r = visit(world)
    services.reception_update(
        reception=r, expected_version=r.version, by=world.officer_a, summary="Nội dung mới"
    )
    with pytest.raises(ConflictError):
        services.reception_update(
            reception=r, expected_version=r.version, by=world.head_a, summary="Cũ hơn"
        )


def test_viewing_a_denunciation_visitor_is_logged(world):
    r = visit(world, classification="denunciation")
    services.citizens_viewed(reception=r, by=world.head_a, where="test")
    assert AuditEvent.objects.filter(action="reception.identity_view", actor=world.head_a).exists()
    plain = visit(world)
    services.citizens_viewed(reception=plain, by=world.head_a, where="test")
    assert AuditEvent.objects.filter(action="reception.identity_view").count() == 1


def test_archive_needs_a_reason_and_hides_the_entry(world):
    r = visit(world)
    with pytest.raises(ApplicationError):
        services.reception_archive(reception=r, reason=" ", by=world.officer_a)
    services.reception_archive(reception=r, reason="Ghi trùng", by=world.officer_a)
    assert not selectors.receptions_visible(actor=_actor(world.officer_a)).exists()
    assert Reception.objects.filter(pk=r.pk).exists()


def _actor(user):
    from danvan.core.access import actor_for

    return actor_for(user)


def session(world, day, **extra):
    fields = {
        "day": day,
        "starts_at": dt.time(8),
        "ends_at": dt.time(11),
        "place": "Phòng tiếp công dân",
        "host_name": "Phạm Văn Giám",
        "host_position": "Giám đốc Sở",
        **extra,
    }
    return services.session_schedule(unit=world.unit_a, by=world.officer_a, **fields)


def test_overlapping_sessions_are_refused(world):
    session(world, dt.date(2026, 3, 17))
    with pytest.raises(ApplicationError, match="trùng giờ"):
        session(world, dt.date(2026, 3, 17), starts_at=dt.time(10), ends_at=dt.time(12))
    session(world, dt.date(2026, 3, 17), starts_at=dt.time(14), ends_at=dt.time(16))


def test_a_department_without_a_head_day_gets_a_warning(world):
    today = dt.date(2026, 3, 5)
    warnings = selectors.schedule_warnings(units=[world.unit_a], year=2026, month=3, today=today)
    assert [w.unit for w in warnings] == [world.unit_a]
    assert "Điều 18" in warnings[0].shortfall.basis
    session(world, dt.date(2026, 3, 17))
    assert selectors.schedule_warnings(units=[world.unit_a], year=2026, month=3, today=today) == []


def test_a_deputy_session_after_1_july_2026_does_not_count(world):
    s = session(world, dt.date(2026, 7, 15), host_is_head=False, host_position="Phó Giám đốc")
    assert not s.counts_towards_minimum()
    warnings = selectors.schedule_warnings(
        units=[world.unit_a], year=2026, month=7, today=dt.date(2026, 7, 1)
    )
    assert warnings


def test_cancelling_needs_a_reason_and_removes_the_day_from_the_count(world, settings):
    s = session(world, dt.date(2026, 3, 17))
    with pytest.raises(ApplicationError, match="lý do"):
        services.session_set_status(session=s, status=SessionStatus.CANCELLED, by=world.officer_a)
    services.session_set_status(
        session=s, status=SessionStatus.CANCELLED, note="Lãnh đạo đi công tác", by=world.officer_a
    )
    assert selectors.schedule_warnings(
        units=[world.unit_a], year=2026, month=3, today=dt.date(2026, 3, 5)
    )


def test_a_future_session_cannot_be_marked_held(world):
    s = session(world, timezone.localdate() + dt.timedelta(days=3))
    with pytest.raises(ApplicationError, match="chưa tới ngày"):
        services.session_set_status(session=s, status=SessionStatus.HELD, by=world.officer_a)


def test_statistics_feed_the_report_source(world):
    from danvan.reception.sources import head_sessions

    s = session(world, dt.date(2026, 3, 3))
    services.session_set_status(session=s, status=SessionStatus.HELD, by=world.officer_a)
    visit(world)
    visit(world, people_count=6, citizens=[{"full_name": "A", "is_representative": True}])
    stats = selectors.statistics(
        unit_ids=[world.unit_a.pk], start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
    )
    assert (stats["visits"], stats["people"], stats["groups"], stats["head_sessions"]) == (
        2,
        7,
        1,
        1,
    )

    class Period:
        starts_on = dt.date(2025, 12, 15)
        ends_on = dt.date(2026, 12, 14)

    class Report:
        unit_id = world.unit_a.pk
        period = Period

    value, detail = head_sessions(Report)
    assert value == 1 and "Tự động" in detail

    class Earlier:
        starts_on = dt.date(2024, 12, 15)
        ends_on = dt.date(2025, 12, 14)

    Report.period = Earlier
    assert head_sessions(Report) is None  # no schedule kept then: typed in by hand


def test_a_petition_handed_in_at_the_desk_becomes_a_case(world):
    from danvan.petitions.models import Case, Petitioner

    r = visit(world, handling="accepted", classification="complaint", documents_received="Đơn")
    case = Case.objects.get(pk=r.case_id)
    assert (case.channel, case.kind_hint, case.unit) == ("desk", "complaint", world.unit_a)
    assert r.case_secret and case.tracking_code
    assert Petitioner.objects.get(case=case).name == "Trần Thị Dân"
    assert "Giấy tờ, tài liệu nhận: Đơn" in case.content


def test_a_denunciation_handed_in_keeps_the_denouncer_encrypted(world):
    from danvan.petitions.models import Case, Petitioner

    r = visit(
        world,
        handling="accepted",
        classification="denunciation",
        citizens=[{"full_name": "Ngô Văn Kín", "id_number": "079123456780"}],
    )
    case = Case.objects.get(pk=r.case_id)
    assert case.is_confidential()
    assert not Petitioner.objects.filter(case=case).exists()
    assert "ngo van kin" not in case.search_text


def test_a_visit_only_guided_opens_no_case(world):
    assert visit(world, handling="guided").case_id is None
