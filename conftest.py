"""Shared test personas: a province with two departments, their people, and an issued plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model

PASSWORD = "Test-Password-2024"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Argon2 is deliberately slow; tests hash with MD5 (production hashing is tested apart)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    province: Any
    snv: Any
    unit_a: Any
    unit_b: Any
    front: Any
    group: Any
    admin: Any
    coordinator: Any
    officer_a: Any
    head_a: Any
    officer_b: Any
    head_b: Any
    viewer: Any
    liaison: Any
    plan: Any
    item: Any
    task: Any
    assignment_a: Any
    assignment_b: Any


def make_user(username: str, **extra: Any) -> Any:
    """Create a user with the shared test password."""
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.invalid", **extra
    )
    return user


@pytest.fixture
def world(db: Any) -> World:
    """Build the shared personas through the services, as the product does."""
    from danvan.orgs import services as orgs
    from danvan.orgs.models import UnitGroup
    from danvan.plans import services as plans

    root = make_user("root", is_superuser=True, is_staff=True)
    province = orgs.unit_create(
        code="T-UBND", name="Ủy ban nhân dân tỉnh Thử Nghiệm", kind="provincial_committee", by=root
    )
    snv = orgs.unit_create(
        code="T-SNV", name="Sở Nội vụ", kind="department", parent=province, by=root
    )
    unit_a = orgs.unit_create(
        code="T-A", name="Sở Thông tin và Truyền thông", kind="department", parent=province, by=root
    )
    unit_b = orgs.unit_create(
        code="T-B", name="Sở Tư pháp", kind="department", parent=province, by=root
    )
    front = orgs.unit_create(
        code="T-MTTQ", name="Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", kind="front", by=root
    )
    group = UnitGroup.objects.create(code="T-SBN", name="Các sở, ban, ngành")
    orgs.group_set_members(group=group, members=[snv, unit_a, unit_b], by=root)

    people = {}
    for username, unit, role in [
        ("quantri", snv, "admin"),
        ("dieuphoi", snv, "coordinator"),
        ("canbo_a", unit_a, "unit_officer"),
        ("truong_a", unit_a, "unit_head"),
        ("canbo_b", unit_b, "unit_officer"),
        ("truong_b", unit_b, "unit_head"),
        ("lanhdao", province, "viewer"),
        ("mattran", front, "front_liaison"),
    ]:
        user = make_user(username)
        orgs.role_grant(user=user, unit=unit, role=role, by=root)
        people[username] = user

    coordinator = people["dieuphoi"]
    plan = plans.plan_create(
        issuer=province,
        title="Kế hoạch thực hiện Chỉ thị 33/CT-TTg năm 2026",
        year=2026,
        symbol="12/KH-UBND",
        place="Thử Nghiệm",
        issued_on=dt.date(2026, 3, 6),
        by=coordinator,
    )
    section = plans.section_add(
        plan=plan, numeral="II", title="NHIỆM VỤ, GIẢI PHÁP", by=coordinator
    )
    item = plans.item_add(
        section=section, number="3", title="Phong trào thi đua “Dân vận khéo”", by=coordinator
    )
    task = plans.task_create(
        item=item,
        code="II.3.1",
        title="Đăng ký mô hình “Dân vận khéo” năm 2026",
        due_date=dt.date(2026, 11, 30),
        by=coordinator,
    )
    plans.plan_issue(plan=plan, by=coordinator)
    made = plans.task_assign(task=task, units=[unit_a, unit_b], by=coordinator)
    by_unit = {a.unit_id: a for a in made}
    plan.refresh_from_db()
    return World(
        province=province,
        snv=snv,
        unit_a=unit_a,
        unit_b=unit_b,
        front=front,
        group=group,
        admin=people["quantri"],
        coordinator=coordinator,
        officer_a=people["canbo_a"],
        head_a=people["truong_a"],
        officer_b=people["canbo_b"],
        head_b=people["truong_b"],
        viewer=people["lanhdao"],
        liaison=people["mattran"],
        plan=plan,
        item=item,
        task=task,
        assignment_a=by_unit[unit_a.pk],
        assignment_b=by_unit[unit_b.pk],
    )


@pytest.fixture
def login(client: Any):  # type: ignore[no-untyped-def]
    """Return a function that logs the test client in as a user."""

    def _login(user: Any) -> Any:
        client.force_login(user)
        return client

    return _login
