"""Load the Kiên Giang 2024 demo data; running it again adds nothing twice."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from danvan.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo province (Kiên Giang 2024, plan 63/KH-UBND). Idempotent."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--force", action="store_true", help="Allow loading with DANVAN_PRODUCTION=1."
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if settings.PRODUCTION and not options["force"]:
            raise CommandError(
                "Refusing to load demo accounts with DANVAN_PRODUCTION=1 (use --force on a "
                "training server only)."
            )
        report = load_demo()
        if report.created:
            parts = ", ".join(f"{k}: {v}" for k, v in sorted(report.created.items()))
            self.stdout.write(self.style.SUCCESS(f"Demo loaded ({parts})."))
        else:
            self.stdout.write("Demo already loaded; nothing added.")
