"""Seed the four indices and their components (data; see danvan/indices/catalog.py)."""

from django.db import migrations


def seed(apps, schema_editor):
    from danvan.indices.catalog import seed as seed_catalog

    seed_catalog(apps.get_model("indices", "IndexKind"), apps.get_model("indices", "SubIndex"))


class Migration(migrations.Migration):
    dependencies = [("indices", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
