import unicodedata

import pytest
from django.core.management import call_command

from danvan.demo.loader import load_data, load_demo
from danvan.orgs.models import RoleAssignment, Unit
from danvan.plans.models import Assignment, Item, Plan, ProgressUpdate, Task, UnitPlan

pytestmark = pytest.mark.django_db


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_demo_data_is_nfc_and_free_of_ocr_damage():
    data = load_data()
    strings = list(_strings(data))
    assert all(unicodedata.is_normalized("NFC", s) for s in strings)
    words = {w.strip('.,;:()“”"') for s in strings for w in s.split()}
    assert not words & {"cta", "ciia", "s6", "Pang", "nudc", "nim", "Thyc"}


def test_demo_loads_the_whole_plan_with_seven_task_groups():
    load_demo()
    plan = Plan.objects.get(symbol="63/KH-UBND")
    assert plan.status == "issued" and plan.issued_on.isoformat() == "2024-03-06"
    assert [s.numeral for s in plan.sections.all()] == ["I", "II", "III"]
    groups = Item.objects.filter(section__plan=plan, section__numeral="II")
    assert groups.count() == 7
    assert all(g.tasks.exists() for g in groups)
    assert plan.responsibilities.exists()
    districts = Unit.objects.filter(kind="district")
    assert districts.count() == 15


def test_demo_loading_twice_adds_nothing():
    load_demo()
    counts = [
        m.objects.count()
        for m in (Unit, RoleAssignment, Plan, Task, Assignment, UnitPlan, ProgressUpdate)
    ]
    report = load_demo()
    assert report.created == {}
    assert counts == [
        m.objects.count()
        for m in (Unit, RoleAssignment, Plan, Task, Assignment, UnitPlan, ProgressUpdate)
    ]


def test_demo_has_a_login_for_every_role():
    load_demo()
    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    assert roles == {"admin", "coordinator", "unit_officer", "unit_head", "viewer", "front_liaison"}


def test_demo_refuses_to_load_in_production(settings):
    from django.core.management.base import CommandError

    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="PRODUCTION"):
        call_command("load_demo")
