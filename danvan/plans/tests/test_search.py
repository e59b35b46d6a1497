from danvan.core.access import actor_for
from danvan.plans import services
from danvan.plans.selectors import search


def test_search_without_diacritics_finds_dan_van_kheo(world):
    found = search(query="dan van kheo", actor=actor_for(world.officer_a))
    assert world.task in found.tasks


def test_search_folds_d_with_stroke_and_case(world):
    services.task_create(
        item=world.item,
        code="II.3.5",
        title="Tuyên truyền Nghị quyết của Đảng",
        by=world.coordinator,
    )
    found = search(query="CUA DANG", actor=actor_for(world.officer_a))
    assert [t.code for t in found.tasks] == ["II.3.5"]


def test_search_matches_plan_symbols_and_units(world):
    found = search(query="12/kh-ubnd", actor=actor_for(world.viewer))
    assert found.plans == [world.plan]
    found = search(query="so noi vu", actor=actor_for(world.viewer))
    assert world.snv in found.units


def test_search_hides_draft_plans_from_units(world):
    draft = services.plan_create(
        issuer=world.province, title="Dự thảo kế hoạch bí mật", year=2027, by=world.coordinator
    )
    assert search(query="bi mat", actor=actor_for(world.officer_a)).plans == []
    assert search(query="bi mat", actor=actor_for(world.coordinator)).plans == [draft]
