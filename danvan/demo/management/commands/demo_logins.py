"""Print the demo logins, one per role."""

from django.core.management.base import BaseCommand

from danvan.demo.loader import demo_logins, demo_password


class Command(BaseCommand):
    help = "Print the demo accounts and their password."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        rows = demo_logins()
        self.stdout.write("\nTài khoản dùng thử / demo logins (http://127.0.0.1:8000):")
        self.stdout.write(f"  Mật khẩu / password: {demo_password()}\n")
        width = max(len(r["username"]) for r in rows)
        for r in rows:
            self.stdout.write(f"  {r['username']:<{width}}  {r['role']} – {r['unit']}")
        self.stdout.write("")
