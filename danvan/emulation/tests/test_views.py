"""Pages of the registry: lists and exports, forms keep input on error, the public showcase."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from danvan.emulation import services
from danvan.emulation.models import ModelStatus, Photo

from .conftest import MODEL, image_upload


def test_list_shows_visible_models_and_filters_without_diacritics(world, login, registered):
    client = login(world.coordinator)
    page = client.get(reverse("emulation:list"), {"q": "cho phien"})
    assert page.status_code == 200
    assert registered.title in page.content.decode()
    page = client.get(reverse("emulation:list"), {"q": "khong co gi"})
    assert registered.title not in page.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_list_exports_csv_and_xlsx(world, login, recognised, fmt):
    response = login(world.coordinator).get(reverse("emulation:list"), {"xuat": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
        assert recognised.title in text and "Cấp tỉnh" in text
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = [c.value for c in sheet[2]]
        assert recognised.title in values and "123/QĐ-UBND" in values


def test_unknown_export_format_is_404(world, login):
    assert (
        login(world.coordinator).get(reverse("emulation:list"), {"xuat": "pdf"}).status_code == 404
    )


def test_create_form_keeps_typed_text_when_the_service_refuses(world, login):
    client = login(world.officer_a)
    data = {**MODEL, "started_on": "2027-01-05", "unit": world.unit_a.pk}
    page = client.post(reverse("emulation:create"), data)
    body = page.content.decode()
    assert page.status_code == 200
    assert "không được sau năm đăng ký" in body
    assert "Chợ phiên nông sản sạch" in body and "120 hộ trồng rau" in body


def test_create_then_upload_photo_submit_and_see_it(world, login):
    client = login(world.officer_a)
    data = {**MODEL, "unit": world.unit_a.pk, "started_on": "2026-02-01"}
    response = client.post(reverse("emulation:create"), data)
    assert response.status_code == 302
    url = response["Location"]
    response = client.post(
        url, {"action": "photo", "caption": "Chợ phiên", "photo": image_upload(exif=True)}
    )
    assert response.status_code == 302
    photo = Photo.objects.get()
    image = client.get(reverse("emulation:photo", args=[photo.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert b"SECRET" not in b"".join(image.streaming_content)
    head = login(world.head_a)
    assert head.post(url, {"action": "submit"}).status_code == 302
    photo.emulation_model.refresh_from_db()
    assert photo.emulation_model.status == ModelStatus.REGISTERED


def test_fake_jpeg_upload_shows_an_error_on_the_page(world, login, draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("anh.jpg", b"<script>alert(1)</script>" * 10, "image/jpeg")
    page = login(world.officer_a).post(
        reverse("emulation:detail", args=[draft.pk]),
        {"action": "photo", "photo": fake, "caption": "Chú thích giữ lại"},
    )
    assert page.status_code == 400
    body = page.content.decode()
    assert "không phải là ảnh hợp lệ" in body and "Chú thích giữ lại" in body


def test_other_unit_does_not_see_a_draft(world, login, draft):
    assert (
        login(world.officer_b).get(reverse("emulation:detail", args=[draft.pk])).status_code == 404
    )


def test_evaluation_page_records_score_then_decision(world, login, registered):
    client = login(world.coordinator)
    url = reverse("emulation:evaluate", args=[registered.pk])
    bad = client.post(
        url, {"action": "evaluate", "member": world.coordinator.pk, "score": 150, "comment": "Tốt"}
    )
    assert bad.status_code == 400 and "Tốt" in bad.content.decode()
    ok = client.post(
        url, {"action": "evaluate", "member": world.coordinator.pk, "score": 90, "comment": "Tốt"}
    )
    assert ok.status_code == 302
    missing = client.post(url, {"action": "decide", "decision": "recognise", "level": "province"})
    assert missing.status_code == 400 and "số quyết định" in missing.content.decode()
    done = client.post(
        url,
        {
            "action": "decide",
            "decision": "recognise",
            "level": "province",
            "decision_number": "88/QĐ-UBND",
            "decision_date": "2026-06-01",
            "public": "on",
        },
    )
    assert done.status_code == 302
    registered.refresh_from_db()
    assert registered.status == ModelStatus.RECOGNISED and registered.public


def test_unit_cannot_open_the_evaluation_page(world, login, registered):
    url = reverse("emulation:evaluate", args=[registered.pk])
    assert login(world.head_a).get(url).status_code == 403


def test_showcase_is_public_and_shows_only_recognised_models(client, world, recognised):
    draft = services.model_create(
        unit=world.unit_a, by=world.officer_a, **{**MODEL, "title": "Mô hình còn dự thảo"}
    )
    services.photo_add(model=draft, upload=image_upload(), by=world.officer_a)
    page = client.get(reverse("emulation:showcase"), {"q": "nong san"})
    assert page.status_code == 200
    body = page.content.decode()
    assert recognised.title in body and draft.title not in body
    detail = client.get(reverse("emulation:showcase_detail", args=[recognised.pk]))
    assert detail.status_code == 200 and "123/QĐ-UBND" in detail.content.decode()
    assert client.get(reverse("emulation:showcase_detail", args=[draft.pk])).status_code == 404
    photo = draft.photos.get()
    assert client.get(reverse("emulation:photo", args=[photo.pk])).status_code == 404


def test_replication_page_declares_and_model_page_lists_the_unit(world, login, recognised):
    client = login(world.officer_b)
    url = reverse("emulation:replicate", args=[recognised.pk])
    bad = client.post(url, {"unit": world.unit_b.pk, "applied_on": "", "notes": "Ghi chú"})
    assert bad.status_code == 200 and "Ghi chú" in bad.content.decode()
    ok = client.post(url, {"unit": world.unit_b.pk, "applied_on": "2026-05-01", "notes": "N"})
    assert ok.status_code == 302
    page = client.get(reverse("emulation:detail", args=[recognised.pk]))
    assert world.unit_b.name in page.content.decode()
    # The model's own unit is not offered the replication page.
    assert login(world.head_a).get(url).status_code == 403


def test_statistics_page_and_export(world, login, recognised):
    client = login(world.viewer)
    page = client.get(reverse("emulation:statistics"), {"nam": 2026})
    assert page.status_code == 200
    export = client.get(reverse("emulation:statistics"), {"nam": 2026, "xuat": "csv"})
    assert world.unit_a.name in export.content.decode("utf-8-sig")


def test_exemplar_personal_data_only_for_proposing_unit_and_coordinator(world, login, exemplar):
    services.exemplar_submit(exemplar=exemplar, by=world.head_a)
    url = reverse("emulation:exemplar", args=[exemplar.pk])
    for user in (world.officer_a, world.coordinator):
        assert "091080001234" in login(user).get(url).content.decode()
    page = login(world.viewer).get(url)
    assert page.status_code == 200 and "091080001234" not in page.content.decode()
    export = login(world.coordinator).get(reverse("emulation:exemplars"), {"xuat": "csv"})
    assert "091080001234" not in export.content.decode("utf-8-sig")


def test_exemplar_pages_create_edit_evaluate(world, login):
    client = login(world.officer_a)
    data = {
        "unit": world.unit_a.pk,
        "year": 2026,
        "kind": "group",
        "name": "Bộ phận Một cửa",
        "position": "",
        "achievements": "Không để hồ sơ trễ hạn.",
        "phone": "0912345678",
    }
    bad = client.post(reverse("emulation:exemplar_create"), data)
    assert bad.status_code == 200 and "Bộ phận Một cửa" in bad.content.decode()
    data["phone"] = ""
    ok = client.post(reverse("emulation:exemplar_create"), data)
    assert ok.status_code == 302
    detail = client.get(ok["Location"])
    assert detail.status_code == 200


def test_recognised_model_public_toggle(world, login, recognised):
    client = login(world.coordinator)
    url = reverse("emulation:detail", args=[recognised.pk])
    assert client.post(url, {"action": "unpublish"}).status_code == 302
    recognised.refresh_from_db()
    assert not recognised.public
    assert client.get(reverse("emulation:showcase_detail", args=[recognised.pk])).status_code == 404


def test_decision_date_in_future_shows_error(world, login, evaluating):
    page = login(world.coordinator).post(
        reverse("emulation:evaluate", args=[evaluating.pk]),
        {
            "action": "decide",
            "decision": "recognise",
            "level": "province",
            "decision_number": "9/QĐ",
            "decision_date": (dt.date(2026, 6, 15) + dt.timedelta(days=3)).isoformat(),
        },
    )
    assert page.status_code == 400 and "9/QĐ" in page.content.decode()


def test_coordinator_sees_how_many_models_wait_for_the_council(world, login, registered):
    body = login(world.coordinator).get(reverse("emulation:list")).content.decode()
    assert "Có 1 mô hình đang chờ Hội đồng đánh giá" in body
    body = login(world.viewer).get(reverse("emulation:list")).content.decode()
    assert "đang chờ Hội đồng" not in body


def test_council_members_are_named_family_name_first(world, login, registered):
    world.coordinator.last_name, world.coordinator.first_name = "Trần Thị Ngọc", "Hân"
    world.coordinator.save()
    page = login(world.coordinator).get(reverse("emulation:evaluate", args=[registered.pk]))
    assert "Trần Thị Ngọc Hân" in page.content.decode()
