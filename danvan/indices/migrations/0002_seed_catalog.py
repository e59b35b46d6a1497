"""Seed the four indices and their components (data; see danvan/indices/catalog.py)."""

from decimal import Decimal

from django.db import migrations


def seed(apps, schema_editor):
    from danvan.indices.catalog import CATALOG

    IndexKind = apps.get_model("indices", "IndexKind")
    SubIndex = apps.get_model("indices", "SubIndex")
    for position, item in enumerate(CATALOG):
        kind, _ = IndexKind.objects.update_or_create(
            code=item["code"],
            defaults={
                "short_name": item["short_name"],
                "name": item["name"],
                "publisher": item["publisher"],
                "scale_max": Decimal(item["scale_max"]),
                "score_unit": item["score_unit"],
                "position": position,
                "aliases": item["aliases"],
            },
        )
        for sub_position, (code, name, top, aliases) in enumerate(item["components"]):
            SubIndex.objects.update_or_create(
                kind=kind,
                code=code,
                defaults={
                    "name": name,
                    "max_score": Decimal(top),
                    "position": sub_position,
                    "aliases": aliases,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("indices", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
