"""Recompute stored due dates of open cases: `danvan recompute_case_deadlines --reason ...`.

Run after the calendar (days off, make-up days) or a deadline rule changed. Idempotent: a
second run finds nothing to change. Each changed case gets an audit entry old -> new.
"""

from django.core.management.base import BaseCommand, CommandError

from danvan.core.errors import ApplicationError
from danvan.petitions.services import deadlines_recompute


class Command(BaseCommand):
    help = "Recompute the stored due dates of open petition cases after a calendar or rule change."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--reason",
            default="",
            help="Why (e.g. the government decision that changed the calendar).",
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            changes = deadlines_recompute(reason=options["reason"], by=None)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        for case, old, new in changes:
            self.stdout.write(f"{case.tracking_code}: {old:%d/%m/%Y} -> {new:%d/%m/%Y}")
        self.stdout.write(f"{len(changes)} thời hạn đã thay đổi.")
