"""Print the due date of a statutory step: `danvan deadline --rule RULE --start YYYY-MM-DD`."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from danvan.lib.deadlines import DeadlineError
from danvan.lib.workcal import CalendarRangeError
from danvan.workcal.selectors import deadline_rules, due_for


def _date(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise CommandError(f"--start phải là ngày dạng YYYY-MM-DD, không phải «{raw}».") from exc


class Command(BaseCommand):
    help = (
        "Compute a statutory due date from the recorded rules and working-day calendar, "
        "with the days skipped and the legal basis."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--rule", required=True, help="Rule code, e.g. complaint-first.")
        parser.add_argument(
            "--start", required=True, help="Trigger date (receipt, acceptance), YYYY-MM-DD."
        )
        parser.add_argument("--complex", action="store_true", help="Complex case.")
        parser.add_argument(
            "--especially-complex",
            action="store_true",
            help="Especially complex case (implies --complex; more extensions allowed).",
        )
        parser.add_argument("--remote", action="store_true", help="Remote, hard-to-reach area.")
        parser.add_argument(
            "--extensions", type=int, default=0, help="Extensions granted (default 0)."
        )
        parser.add_argument("--scope", help="Province code whose own overrides also apply.")
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        start = _date(options["start"])
        code = options["rule"].strip()
        try:
            due = due_for(
                code=code,
                start=start,
                scope=(options["scope"] or "").strip().upper() or None,
                complex=options["complex"],
                remote=options["remote"],
                extensions=options["extensions"],
                especially_complex=options["especially_complex"],
            )
        except DeadlineError as exc:
            if exc.code == "unknown_rule" and not deadline_rules():
                raise CommandError(
                    "Chưa có quy định thời hạn nào: hãy chạy `danvan migrate`."
                ) from exc
            raise CommandError(exc.message) from exc
        except CalendarRangeError as exc:
            raise CommandError(str(exc)) from exc
        except DatabaseError as exc:
            raise CommandError(
                f"Không đọc được quy định thời hạn từ cơ sở dữ liệu ({exc}); "
                "hãy chạy `danvan migrate`."
            ) from exc
        if options["json"]:
            self.stdout.write(json.dumps(due.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{due.due.isoformat()}  {due.rule.code}  {due.basis}")
        self.stdout.write(due.explanation)
        for day, reason in due.skipped:
            self.stdout.write(f"  - {day:%d/%m/%Y}: {reason}")
