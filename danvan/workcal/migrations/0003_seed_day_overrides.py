"""Seed the make-up Saturdays that the `holidays` package implies but does not list.

The package lists the day off of each swap ("Ngày nghỉ (thay cho ngày ...)"), not the
Saturday worked in exchange, so those Saturdays are recorded here (data/overrides.json).
"""

import datetime as dt
import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "overrides.json"


def seed(apps, schema_editor):
    Override = apps.get_model("workcal", "DayOverride")
    for row in json.loads(DATA.read_text(encoding="utf-8")):
        day = dt.date.fromisoformat(row["date"])
        if Override.objects.filter(date=day, scope=row["scope"], archived_at=None).exists():
            continue
        Override.objects.create(
            date=day, kind=row["kind"], scope=row["scope"], basis=row["basis"]
        )


class Migration(migrations.Migration):
    dependencies = [("workcal", "0002_seed_deadline_rules")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
