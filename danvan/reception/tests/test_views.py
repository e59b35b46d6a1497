import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from danvan.core.models import AuditEvent
from danvan.reception import services

pytestmark = pytest.mark.django_db

SECRET_NAME = "Hoàng Văn Bí Mật"
SECRET_ID = "079123456789"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def denunciation(world):
    return services.reception_record(
        unit=world.unit_a,
        citizens=[{"full_name": SECRET_NAME, "id_number": SECRET_ID}],
        by=world.officer_a,
        received_at=timezone.now() - dt.timedelta(hours=2),
        receiver_name="Nguyễn Văn Tiếp",
        summary="Tố cáo hành vi nhận hối lộ khi cấp phép xây dựng",
        classification="denunciation",
        handling="accepted",
    )


def test_a_refused_entry_keeps_everything_typed(world):
    data = {
        "unit": world.unit_a.pk,
        "received_at": (timezone.localtime() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "mode": "in_person",
        "receiver_kind": "officer",
        "receiver_name": "Nguyễn Văn Tiếp",
        "people_count": 6,
        "summary": "Đoàn hộ dân phản ánh ô nhiễm từ cơ sở chế biến thủy sản",
        "classification": "recommendation",
        "handling": "guided",
        "c0_full_name": "Trần Văn Đoàn",
    }
    response = client_for(world.officer_a).post(reverse("reception:new"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "cần chỉ rõ người đại diện" in html
    assert "ô nhiễm từ cơ sở chế biến thủy sản" in html and "Trần Văn Đoàn" in html


def test_a_valid_entry_is_saved_and_shown(world):
    data = {
        "unit": world.unit_a.pk,
        "received_at": (timezone.localtime() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "mode": "in_person",
        "receiver_kind": "officer",
        "receiver_name": "Nguyễn Văn Tiếp",
        "people_count": 1,
        "summary": "Hỏi chế độ trợ cấp",
        "classification": "other",
        "handling": "answered",
        "c0_full_name": "Lê Thị Hỏi",
    }
    response = client_for(world.officer_a).post(reverse("reception:new"), data, follow=True)
    assert "Đã ghi vào sổ tiếp công dân" in response.content.decode()
    assert "Lê Thị Hỏi" in response.content.decode()


@pytest.mark.parametrize("role", ["coordinator", "viewer", "head_b", "admin"])
def test_readers_outside_the_unit_never_see_who_came(world, role):
    entry = denunciation(world)
    client = client_for(getattr(world, role))
    pages = [
        client.get(reverse("reception:register")),
        client.get(reverse("reception:detail", args=[entry.pk])),
        client.get(reverse("reception:register") + "?xuat=csv"),
        client.get(reverse("reception:register") + "?q=hoang+van+bi+mat"),
        client.get("/api/v1/receptions/"),
        client.get(f"/api/v1/receptions/{entry.pk}"),
    ]
    for response in pages:
        body = response.content.decode("utf-8", "replace")
        assert SECRET_NAME not in body and SECRET_ID not in body


def test_only_the_head_and_the_recorder_see_a_denouncer_and_each_view_is_logged(world):
    from danvan.orgs import services as orgs

    entry = denunciation(world)
    other_officer = type(world.officer_a).objects.create_user("canbo_khac", password="x-Pass-123")
    orgs.role_grant(user=other_officer, unit=world.unit_a, role="unit_officer", by=world.admin)
    assert (
        SECRET_NAME
        not in client_for(other_officer)
        .get(reverse("reception:detail", args=[entry.pk]))
        .content.decode()
    )
    for user in (world.head_a, world.officer_a):
        html = client_for(user).get(reverse("reception:detail", args=[entry.pk])).content.decode()
        assert SECRET_NAME in html and SECRET_ID in html
    assert AuditEvent.objects.filter(action="reception.identity_view").count() == 2
    # Even the head's export leaves identities of denouncers out.
    export = client_for(world.head_a).get(reverse("reception:register") + "?xuat=csv")
    assert SECRET_NAME not in export.content.decode("utf-8-sig")


def test_schedule_page_warns_and_public_page_lists(world):
    services.session_schedule(
        unit=world.unit_a,
        by=world.officer_a,
        day=timezone.localdate() + dt.timedelta(days=2),
        starts_at=dt.time(8),
        ends_at=dt.time(11),
        place="Trụ sở Sở, số 1 đường Trần Phú",
        host_name="Phạm Văn Giám",
        host_position="Giám đốc Sở",
    )
    html = client_for(world.coordinator).get(reverse("reception:schedule")).content.decode()
    assert "Cảnh báo chưa đủ số ngày tiếp tối thiểu" in html
    public = Client().get(reverse("reception:public_schedule")).content.decode()
    assert "Trụ sở Sở, số 1 đường Trần Phú" in public and "Phạm Văn Giám" in public


def test_bad_filters_never_fail(world):
    client = client_for(world.coordinator)
    for query in ("?thang=abc", "?don_vi=99999999999999999999999", "?trang=-1", "?phan_loai=x"):
        assert client.get(reverse("reception:register") + query).status_code == 200
        assert client.get(reverse("reception:schedule") + query).status_code == 200
    assert client.get(reverse("reception:register") + "?xuat=pdf").status_code == 404
