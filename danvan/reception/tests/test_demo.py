import pytest

from danvan.demo.loader import load_demo
from danvan.reception.models import Reception, ReceptionSession

pytestmark = pytest.mark.django_db


def test_demo_register_loads_once():
    load_demo()
    first = (Reception.objects.count(), ReceptionSession.objects.count())
    assert first[0] == 4 and first[1] >= 6
    load_demo()
    assert (Reception.objects.count(), ReceptionSession.objects.count()) == first
