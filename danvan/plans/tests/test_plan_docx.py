import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from docx import Document

from danvan.demo.loader import load_data, load_demo
from danvan.plans import services
from danvan.plans.exports_docx import plan_docx, plan_docx_filename
from danvan.plans.models import Plan

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def texts(data):
    """Return every paragraph's text of a DOCX: body, then table cells."""
    document = Document(io.BytesIO(data))
    found = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found.extend(p.text for p in cell.paragraphs)
    return found


def header(data):
    table = Document(io.BytesIO(data)).tables[0]
    return [[cell.text for cell in row.cells] for row in table.rows]


@pytest.fixture
def demo_plan(db):
    load_demo()
    return Plan.objects.get(symbol="63/KH-UBND")


def demo_user(username):
    return get_user_model().objects.get(username=username)


def test_demo_plan_docx_has_the_seven_task_groups_and_the_date_line(demo_plan):
    data = plan_docx(demo_plan)
    found = texts(data)
    groups = [
        f"{item['number']}. {item['title']}"
        for section in load_data()["plan"]["sections"]
        if section["numeral"] == "II"
        for item in section["items"]
    ]
    assert len(groups) == 7
    start = found.index("II. NHIỆM VỤ, GIẢI PHÁP")
    positions = [found.index(group) for group in groups]
    assert positions == sorted(positions) and positions[0] > start
    assert found.index("III. TỔ CHỨC THỰC HIỆN") > positions[-1]
    assert header(data)[1] == ["Số: 63/KH-UBND", "Kiên Giang, ngày 06 tháng 3 năm 2024"]


def test_demo_plan_docx_header_title_and_recipients(demo_plan):
    data = plan_docx(demo_plan)
    rows = header(data)
    assert rows[0][0].split("\n")[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH KIÊN GIANG"]
    assert rows[0][1].startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    found = texts(data)
    assert found[found.index("KẾ HOẠCH") + 1] == demo_plan.title
    assert demo_plan.preamble in found
    assert "- Bộ Nội vụ;" in found and found.count("- Lưu: VT, P.KGVX.") == 1
    assert "Nơi nhận:" in found and "KT. CHỦ TỊCH" in found and "PHÓ CHỦ TỊCH" in found


def test_item_bodies_are_split_into_paragraphs_on_blank_lines(demo_plan):
    found = texts(plan_docx(demo_plan))
    purpose = demo_plan.sections.get(numeral="I").items.get(number="1")
    first, second = purpose.body.split("\n\n")
    assert found[found.index("1. Mục đích") + 1 : found.index("1. Mục đích") + 3] == [
        first,
        second,
    ]
    # Items without a title (section III) lead with their number.
    assert any(t.startswith("1. Các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh") for t in found)


@pytest.mark.parametrize("username", ["dieuphoi", "canbo.stttt", "lanhdao", "mattran"])
def test_anyone_who_sees_an_issued_plan_downloads_its_docx(demo_plan, client, username):
    client.force_login(demo_user(username))
    response = client.get(reverse("plans:docx", args=[demo_plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="63-KH-UBND.docx"'
    assert "Kiên Giang, ngày 06 tháng 3 năm 2024" in texts(response.content)


def test_anonymous_users_are_sent_to_the_login_page(world, client):
    response = client.get(reverse("plans:docx", args=[world.plan.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def draft(world, **fields):
    return services.plan_create(
        issuer=world.province,
        title="Dự thảo kế hoạch năm 2027",
        year=2027,
        place="Thử Nghiệm",
        by=world.coordinator,
        **fields,
    )


def test_a_unit_officer_gets_404_for_a_draft_plan(world, login):
    plan = draft(world)
    response = login(world.officer_a).get(reverse("plans:docx", args=[plan.pk]))
    assert response.status_code == 404


def test_an_unknown_plan_is_404(world, login):
    response = login(world.coordinator).get(reverse("plans:docx", args=[999999]))
    assert response.status_code == 404


def test_the_coordinator_downloads_a_draft_with_blanks_for_number_and_date(world, login):
    plan = draft(world)
    response = login(world.coordinator).get(reverse("plans:docx", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="ke-hoach-{plan.pk}.docx"'
    assert header(response.content)[1] == [
        "Số:       /KH-UBND",
        "Thử Nghiệm, ngày     tháng     năm 2027",
    ]


def test_world_plan_docx_has_its_header_and_outline(world):
    data = plan_docx(world.plan)
    rows = header(data)
    assert rows[0][0].split("\n")[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH THỬ NGHIỆM"]
    assert rows[1] == ["Số: 12/KH-UBND", "Thử Nghiệm, ngày 06 tháng 3 năm 2026"]
    found = texts(data)
    assert "II. NHIỆM VỤ, GIẢI PHÁP" in found
    assert "3. Phong trào thi đua “Dân vận khéo”" in found
    assert "- Lưu: VT." in found


def test_a_department_prints_its_committee_above_it_without_the_shared_locality(world):
    plan = services.plan_create(
        issuer=world.snv,
        title="Kế hoạch kiểm tra công vụ",
        year=2026,
        symbol="25/KH-SNV",
        place="Thử Nghiệm",
        issued_on=dt.date(2026, 1, 5),
        by=world.coordinator,
    )
    world.snv.name = "Sở Nội vụ tỉnh Thử Nghiệm"
    plan.issuer = world.snv
    rows = header(plan_docx(plan))
    assert rows[0][0].split("\n")[:2] == ["UBND TỈNH THỬ NGHIỆM", "SỞ NỘI VỤ"]
    assert rows[1] == ["Số: 25/KH-SNV", "Thử Nghiệm, ngày 05 tháng 01 năm 2026"]


def test_party_style_symbols_keep_their_hyphen(world):
    world.plan.symbol = "13-CTr/TU"
    assert header(plan_docx(world.plan))[1][0] == "Số 13-CTr/TU"
    assert plan_docx_filename(world.plan) == "13-CTr-TU.docx"


def test_docx_uses_the_signer_stored_with_the_plan(world):
    import io

    from docx import Document

    from danvan.plans import services
    from danvan.plans.exports_docx import plan_docx

    plan = services.plan_update(
        plan=world.plan,
        expected_version=world.plan.version,
        signer_authority="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        signer_name="Nguyễn Văn An",
        by=world.coordinator,
    )
    document = Document(io.BytesIO(plan_docx(plan)))
    text = "\n".join(
        p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs
    )
    assert "PHÓ CHỦ TỊCH" in text and "Nguyễn Văn An" in text
