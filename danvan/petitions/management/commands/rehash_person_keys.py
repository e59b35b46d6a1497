"""Store the duplicate-detection keys of every case under the current SECRET_KEY.

After a SECRET_KEY rotation: put the old key in DANVAN_OLD_SECRET_KEYS, restart, run this
command, then the old key is only needed for tracking secrets not yet used since. Idempotent.
"""

from django.core.management.base import BaseCommand

from danvan.petitions.services import person_keys_rehash


class Command(BaseCommand):
    help = "Tính lại khóa nhận diện người gửi đơn (phát hiện đơn trùng) theo SECRET_KEY hiện tại."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        changed = person_keys_rehash()
        self.stdout.write(f"{changed} hồ sơ đã được tính lại khóa nhận diện.")
