import datetime as dt

import pytest

from danvan.core.errors import ApplicationError, PermissionDeniedError
from danvan.orgs import services
from danvan.orgs.models import Unit
from danvan.orgs.selectors import unit_successors, units_search


def test_unit_search_ignores_diacritics_case_and_word_order(world):
    assert [u.code for u in units_search(query="so tu PHAP")] == ["T-B"]
    assert [u.code for u in units_search(query="truyền thông thông tin")] == ["T-A"]


def test_unit_search_folds_d_with_stroke(world):
    services.unit_create(code="T-DTN", name="Tỉnh đoàn", kind="front", by=world.admin)
    assert [u.code for u in units_search(query="tinh doan")] == ["T-DTN"]


def test_dissolved_unit_keeps_its_name_and_links_to_its_successor(world):
    new = services.unit_create(
        code="T-KHCN", name="Sở Khoa học và Công nghệ", kind="department", by=world.admin
    )
    services.unit_dissolve(
        unit=world.unit_a, successors=[new], on=dt.date(2025, 3, 1), kind="merger", by=world.admin
    )
    old = Unit.objects.get(pk=world.unit_a.pk)
    assert old.name == "Sở Thông tin và Truyền thông"
    assert old.valid_to == dt.date(2025, 2, 28)
    assert not old.is_active_on(dt.date(2025, 3, 1)) and old.is_active_on(dt.date(2025, 2, 28))
    assert unit_successors(unit=old) == [new]
    assert world.unit_a not in Unit.objects.active_on(dt.date(2025, 6, 1))


def test_successor_chains_are_followed(world):
    b = services.unit_create(
        code="T-X1", name="Đơn vị trung gian", kind="department", by=world.admin
    )
    c = services.unit_create(code="T-X2", name="Đơn vị cuối", kind="department", by=world.admin)
    services.unit_dissolve(
        unit=world.unit_a, successors=[b], on=dt.date(2025, 3, 1), kind="merger", by=world.admin
    )
    services.unit_dissolve(
        unit=b, successors=[c], on=dt.date(2025, 7, 1), kind="merger", by=world.admin
    )
    assert unit_successors(unit=world.unit_a) == [b, c]


def test_unit_code_is_unique(world):
    with pytest.raises(ApplicationError, match="đã tồn tại"):
        services.unit_create(code="t-a", name="Trùng", kind="department", by=world.admin)


def test_valid_to_before_valid_from_is_refused(world):
    with pytest.raises(ApplicationError):
        services.unit_create(
            code="T-Z",
            name="Sai ngày",
            kind="other",
            valid_from=dt.date(2025, 1, 1),
            valid_to=dt.date(2024, 1, 1),
            by=world.admin,
        )


def test_unit_officer_cannot_create_units(world):
    with pytest.raises(PermissionDeniedError):
        services.unit_create(code="T-Q", name="Không được", kind="other", by=world.officer_a)


def test_only_admin_grants_roles(world):
    with pytest.raises(PermissionDeniedError):
        services.role_grant(
            user=world.officer_b, unit=world.unit_a, role="unit_head", by=world.coordinator
        )
