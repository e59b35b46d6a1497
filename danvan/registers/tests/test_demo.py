"""The registers demo loads once, through the services."""

from __future__ import annotations

import pytest

from danvan.registers.models import DisciplineCase, Inspection, PropagandaActivity


@pytest.mark.django_db
def test_demo_loads_the_registers_once():
    from danvan.demo.loader import load_demo

    load_demo()
    assert PropagandaActivity.objects.count() == 6
    assert Inspection.objects.count() == 1 and DisciplineCase.objects.count() == 1
    load_demo()
    assert PropagandaActivity.objects.count() == 6 and DisciplineCase.objects.count() == 1
