"""Seed the deadline rules from the defaults in danvan.lib.deadlines (safe to run twice)."""

from django.db import migrations


def seed(apps, schema_editor):
    from danvan.lib.deadlines import DEFAULT_RULES

    Rule = apps.get_model("workcal", "DeadlineRuleVersion")
    for rule in DEFAULT_RULES:
        if Rule.objects.filter(code=rule.code, valid_from=rule.valid_from).exists():
            continue
        Rule.objects.create(
            code=rule.code,
            step=rule.step,
            days=rule.days,
            unit=rule.unit,
            trigger=rule.trigger,
            days_complex=rule.variants.get("complex"),
            days_remote=rule.variants.get("remote"),
            days_complex_remote=rule.variants.get("complex_remote"),
            extension_days=rule.extension_days,
            max_extensions=rule.max_extensions,
            extensions_for_complex=rule.extensions_for_complex,
            basis=rule.basis,
            note=rule.note,
            valid_from=rule.valid_from,
            valid_to=rule.valid_to,
        )


class Migration(migrations.Migration):
    dependencies = [("workcal", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
