"""Index pages: the trend with targets, manual entry, remedial tasks, exports, the demo."""

from __future__ import annotations

import datetime as dt
import decimal
import json

import pytest
from django.urls import reverse

from danvan.core.errors import ApplicationError
from danvan.indices import services
from danvan.indices.models import IndexKind, IndexScore, RemedialLink, SubIndex
from danvan.plans import services as plans

D = decimal.Decimal


@pytest.fixture
def papi(world):
    kind = IndexKind.objects.get(code="PAPI")
    subs = list(SubIndex.objects.filter(kind=kind).order_by("position"))
    for year, score, rank in [(2022, "42.75", 29), (2023, "43.36", 24)]:
        services.index_score_save(
            kind=kind,
            unit=world.province,
            year=year,
            score=D(score),
            national_rank=rank,
            sub_scores={subs[0].pk: (D("5.10"), None), subs[7].pk: (D("3.49"), None)},
            by=world.coordinator,
        )
    services.index_target_set(
        kind=kind, unit=world.province, year=2023, target_score=D("43.50"), by=world.coordinator
    )
    return kind


def test_trend_page_passes_chart_data_and_the_same_numbers_in_a_table(world, papi, client):
    client.force_login(world.viewer)
    html = client.get(reverse("indices:kind", args=["papi"])).content.decode()
    marker = 'id="index-score-data" type="application/json">'
    start = html.index(marker) + len(marker)
    data = json.loads(html[start : html.index("</script>", start)])
    assert data["labels"] == ["2022", "2023"]
    assert data["datasets"][0]["data"] == [42.75, 43.36]
    assert data["datasets"][1]["data"] == [None, 43.5]
    assert "43,36" in html and "43,50" in html and "chưa đạt" in html
    assert "yếu" in html  # Quản trị điện tử at 3.49 of 10
    assert "<script>" not in html  # no inline script: CSP


def test_manual_entry_form_reads_decimal_commas_and_keeps_input_on_error(world, papi, client):
    client.force_login(world.coordinator)
    url = reverse("indices:score_edit", args=["papi"]) + f"?tinh={world.province.pk}&nam=2023"
    page = client.get(url).content.decode()
    assert 'value="43,36"' in page
    bad = client.post(url, {"year": 2023, "score": "95,5", "national_rank": 24, "version": 1})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "Điểm phải từ 0 đến 80" in text and 'value="95,5"' in text
    ok = client.post(url, {"year": 2023, "score": "43,80", "national_rank": 22, "version": 1})
    assert ok.status_code == 302
    assert IndexScore.objects.get(kind=papi, year=2023).score == D("43.80")


def test_stale_manual_edit_is_refused(world, papi, client):
    client.force_login(world.coordinator)
    url = reverse("indices:score_edit", args=["papi"]) + f"?tinh={world.province.pk}&nam=2023"
    response = client.post(url, {"year": 2023, "score": "43,80", "version": 0})
    assert (
        response.status_code == 200 and "đã được người khác thay đổi" in response.content.decode()
    )


def test_remedial_task_shows_with_its_progress_and_can_be_unlinked(world, papi, client):
    sub = SubIndex.objects.get(code="PAPI8")
    plans.progress_add(
        assignment=world.assignment_a,
        status="in_progress",
        percent=40,
        narrative="Đang triển khai",
        reported_on=dt.date(2026, 5, 1),
        by=world.officer_a,
    )
    link = services.remedial_link_add(
        sub_index=sub, unit=world.province, task=world.task, by=world.coordinator
    )
    with pytest.raises(ApplicationError, match="đã được gắn"):
        services.remedial_link_add(
            sub_index=sub, unit=world.province, task=world.task, by=world.coordinator
        )
    client.force_login(world.viewer)
    html = client.get(reverse("indices:kind", args=["papi"])).content.decode()
    assert world.task.title in html and "20%" in html and "0/2 đơn vị xong" in html
    client.force_login(world.coordinator)
    client.post(reverse("indices:link_remove", args=[link.pk]))
    assert RemedialLink.objects.get(pk=link.pk).archived_at is not None
    assert (
        world.task.title not in client.get(reverse("indices:kind", args=["papi"])).content.decode()
    )


def test_export_has_years_targets_and_components(world, papi, client):
    client.force_login(world.viewer)
    response = client.get(reverse("indices:export", args=["papi"]) + "?dinh_dang=csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Năm,Điểm,Xếp hạng,Điểm mục tiêu")
    assert "2023,43.36,24,43.50" in text


def test_score_for_a_department_is_refused(world):
    kind = IndexKind.objects.get(code="PCI")
    with pytest.raises(ApplicationError, match="cấp tỉnh"):
        services.index_score_save(
            kind=kind,
            unit=world.unit_a,
            year=2023,
            score=D("60"),
            national_rank=None,
            sub_scores={},
            by=world.coordinator,
        )


def test_every_change_is_audited(world, papi):
    from danvan.core.audit import history_for

    result = IndexScore.objects.get(kind=papi, year=2023)
    services.index_score_save(
        kind=papi,
        unit=world.province,
        year=2023,
        score=D("44"),
        national_rank=24,
        sub_scores={},
        by=world.coordinator,
    )
    actions = [e.action for e in history_for(result)]
    assert actions == ["index_score.update", "index_score.create"]
    assert history_for(result)[0].before["score"] == "43.36"


def test_catalog_has_the_published_components():
    counts = {k.code: k.sub_indices.count() for k in IndexKind.objects.all()}
    assert counts == {"PAR_INDEX": 8, "PCI": 10, "SIPAS": 5, "PAPI": 8}


test_catalog_has_the_published_components = pytest.mark.django_db(
    test_catalog_has_the_published_components
)


def test_target_alone_can_be_set_for_a_coming_year(world, papi, client):
    from danvan.indices.models import IndexTarget

    client.force_login(world.coordinator)
    url = reverse("indices:score_edit", args=["papi"]) + f"?tinh={world.province.pk}&nam=2027"
    response = client.post(url, {"year": 2027, "target_score": "45,5", "target_rank": 10})
    assert response.status_code == 302
    assert IndexTarget.objects.get(kind=papi, year=2027).target_score == D("45.50")
    empty = client.post(url, {"year": 2027})
    assert "Hãy nhập kết quả hoặc mục tiêu" in empty.content.decode()


def test_score_form_shows_the_history_of_the_year(world, papi, client):
    client.force_login(world.coordinator)
    url = reverse("indices:score_edit", args=["papi"]) + f"?tinh={world.province.pk}&nam=2023"
    client.post(url, {"year": 2023, "score": "43,80", "national_rank": 22, "version": 1})
    html = client.get(url).content.decode()
    assert "Sửa kết quả chỉ số" in html and "43.36 → 43.80" in html
