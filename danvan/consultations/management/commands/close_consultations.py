"""Close every consultation whose comment window has passed (safe to run again, e.g. hourly)."""

from django.core.management.base import BaseCommand

from danvan.consultations.services import consultations_close_expired


class Command(BaseCommand):
    help = "Close the consultations whose closing time has passed and tell their units."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        closed = consultations_close_expired()
        self.stdout.write(f"closed: {closed} consultation(s)")
