"""Re-encrypt denouncers' identities with the first key of DANVAN_IDENTITY_KEYS.

Put the new key first in DANVAN_IDENTITY_KEYS (keep the old one after it), run this command,
then remove the old key. Idempotent.
"""

from django.core.management.base import BaseCommand

from danvan.petitions.services import identities_rotate


class Command(BaseCommand):
    help = "Re-encrypt every denouncer identity with the first key of DANVAN_IDENTITY_KEYS."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        changed = identities_rotate()
        self.stdout.write(f"{changed} danh tính đã được mã hóa lại bằng khóa mới.")
