"""Send the daily e-mail digest of notifications; safe to run twice."""

from django.core.management.base import BaseCommand

from danvan.notifications.services import digest_send


class Command(BaseCommand):
    help = "E-mail each daily-digest user the notifications not yet sent."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        sent = digest_send()
        self.stdout.write(f"digests sent: {sent}")
