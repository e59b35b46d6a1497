"""Notify units of Front recommendations due soon or overdue; idempotent, for a daily timer."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from danvan.front.services import recommendation_reminders_send


class Command(BaseCommand):
    help = "Send reminders for answers to Front recommendations due soon or overdue (never twice)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--days", type=int, default=5, help="Days ahead to warn (default 5).")
        parser.add_argument("--today", help="Date to run for, YYYY-MM-DD (default: today).")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            today = dt.date.fromisoformat(options["today"]) if options["today"] else None
        except ValueError as exc:
            raise CommandError("--today must be YYYY-MM-DD") from exc
        if options["days"] < 0:
            raise CommandError("--days must be 0 or more")
        sent = recommendation_reminders_send(
            today=today or timezone.localdate(), days_before=options["days"]
        )
        self.stdout.write(f"reminders sent: {sent}")
