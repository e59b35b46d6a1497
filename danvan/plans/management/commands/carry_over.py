"""Carry a dissolved unit's open assignments over to its successor."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from danvan.core.errors import ApplicationError
from danvan.orgs.models import Unit
from danvan.plans.services import assignments_carry_over


class Command(BaseCommand):
    help = "Move the open work of unit FROM to unit TO (codes), acting as an administrator."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("from_code")
        parser.add_argument("to_code")
        parser.add_argument("--as", dest="username", required=True, help="Acting coordinator.")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            old = Unit.objects.get(code=options["from_code"].upper())
            new = Unit.objects.get(code=options["to_code"].upper())
            user = get_user_model().objects.get(username=options["username"])
        except (Unit.DoesNotExist, get_user_model().DoesNotExist) as exc:
            raise CommandError(str(exc)) from exc
        try:
            carried = assignments_carry_over(predecessor=old, successor=new, by=user)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"carried over: {len(carried)} assignment(s) from {old.code} to {new.code}"
        )
