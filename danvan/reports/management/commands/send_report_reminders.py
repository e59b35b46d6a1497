"""Remind units of reports falling due and missed; idempotent, meant for a daily timer."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from danvan.reports.services import report_reminders_send


class Command(BaseCommand):
    help = "Send reminders for unit reports due soon or missed (never twice)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--today", help="Date to run for, YYYY-MM-DD (default: today).")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            today = dt.date.fromisoformat(options["today"]) if options["today"] else None
        except ValueError as exc:
            raise CommandError("--today must be YYYY-MM-DD") from exc
        sent = report_reminders_send(today=today or timezone.localdate())
        self.stdout.write(f"reminders sent: {sent}")
