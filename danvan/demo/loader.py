"""Load the Kiên Giang 2024 demo through the same services people use; safe to run twice."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction

from danvan.accounts.models import Profile
from danvan.orgs import services as org_services
from danvan.orgs.models import Role, Unit, UnitGroup
from danvan.plans import services as plan_services
from danvan.plans.models import Assignment, Plan, Task, UnitPlanStatus
from danvan.reports.demo import load_report_demo

DATA_FILE = Path(__file__).parent / "data" / "kien_giang_2024.json"
DEFAULT_PASSWORD = "DanVan@2024"


def demo_password() -> str:
    """Return the password given to every demo account."""
    return os.environ.get("DANVAN_DEMO_PASSWORD", DEFAULT_PASSWORD)


def load_data() -> dict[str, Any]:
    """Return the demo data set."""
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, n: int = 1) -> None:
        """Count created records of one kind."""
        self.created[key] = self.created.get(key, 0) + n


@transaction.atomic
def load_demo() -> LoadReport:
    """Create the demo units, people, plan, assignments and progress that do not exist yet."""
    data = load_data()
    report = LoadReport()
    User = get_user_model()

    root, made = User.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True}
    )
    if made:
        root.set_password(demo_password())
        root.save()
        report.add("users")

    units = _load_units(data, root, report)
    groups = _load_groups(data, units, root, report)
    people = _load_people(data, units, root, report, User)
    coordinator = next(people[p["username"]] for p in data["people"] if p["role"] == "coordinator")

    plan_data = data["plan"]
    issuer = units[plan_data["issuer"]]
    if Plan.objects.filter(issuer=issuer, symbol=plan_data["symbol"]).exists():
        # A database loaded before the reports module existed still gets its demo reports.
        if made_reports := load_report_demo():
            report.add("unit_reports", made_reports)
        _load_app_demos(report)
        return report
    plan = _load_plan(plan_data, issuer, units, groups, coordinator, report)
    tasks = {t.code: t for t in Task.objects.filter(plan=plan)}
    _load_unit_plans(data, plan, tasks, units, people, coordinator, report)
    _load_progress(data, tasks, units, people, report)
    _load_difficulties(data, tasks, units, people, report)
    if made_reports := load_report_demo():
        report.add("unit_reports", made_reports)
    _load_app_demos(report)
    return report


def _load_app_demos(report: LoadReport) -> None:
    """Load each domain app's own demo records (danvan/<app>/demo.py: `load_demo(add)`).

    Every app's loader is idempotent and receives `report.add` to count what it created.
    """
    for config in apps.get_app_configs():
        if not config.name.startswith("danvan.") or config.label in ("demo", "reports"):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if not f"{config.name}.demo".startswith(exc.name or "-"):
                raise
            continue
        module.load_demo(report.add)


def _load_units(data: dict[str, Any], root: Any, report: LoadReport) -> dict[str, Unit]:
    existing = {u.code: u for u in Unit.objects.all()}
    pending = [u for u in data["units"] if u["code"] not in existing]
    while pending:
        progressed = False
        for row in list(pending):
            parent_code = row.get("parent")
            if parent_code and parent_code not in existing:
                continue
            existing[row["code"]] = org_services.unit_create(
                code=row["code"],
                name=row["name"],
                kind=row["kind"],
                by=root,
                short_name=row.get("short_name", ""),
                parent=existing.get(parent_code) if parent_code else None,
                valid_from=_date(row.get("valid_from")),
                valid_to=_date(row.get("valid_to")),
                address=row.get("address", ""),
                phone=row.get("phone", ""),
                email=row.get("email", ""),
                aliases=row.get("aliases", []),
            )
            report.add("units")
            pending.remove(row)
            progressed = True
        if not progressed:
            raise ValueError(f"Units with unknown parents: {[u['code'] for u in pending]}")
    for row in data.get("successions", []):
        old, new = existing[row["predecessor"]], existing[row["successor"]]
        if not old.successions.filter(successor=new).exists():
            org_services.unit_dissolve(
                unit=old, successors=[new], on=_date(row["on"]), kind=row["kind"], by=root
            )
            report.add("successions")
    return existing


def _load_groups(
    data: dict[str, Any], units: dict[str, Unit], root: Any, report: LoadReport
) -> dict[str, UnitGroup]:
    groups = {}
    for row in data["groups"]:
        group, made = UnitGroup.objects.get_or_create(
            code=row["code"], defaults={"name": row["name"]}
        )
        if made:
            org_services.group_set_members(
                group=group, members=[units[c] for c in row["members"]], by=root
            )
            report.add("groups")
        groups[row["code"]] = group
    return groups


def _load_people(
    data: dict[str, Any], units: dict[str, Unit], root: Any, report: LoadReport, User: Any
) -> dict[str, Any]:
    people = {}
    for row in data["people"]:
        names = row["full_name"].rsplit(" ", 1)
        user, made = User.objects.get_or_create(
            username=row["username"],
            defaults={
                "first_name": names[-1],
                "last_name": names[0] if len(names) > 1 else "",
                "email": f"{row['username']}@demo.danvan.invalid",
            },
        )
        if made or not user.has_usable_password():
            user.set_password(demo_password())
            user.save()
            report.add("users")
        Profile.objects.get_or_create(user=user, defaults={"full_name": row["full_name"]})
        org_services.role_grant(
            user=user,
            unit=units[row["unit"]],
            role=row["role"],
            title=row.get("title", ""),
            by=root,
        )
        people[row["username"]] = user
    return people


def _targets(codes: list[str], units: dict[str, Unit], groups: dict[str, UnitGroup]):  # type: ignore[no-untyped-def]
    return [units[c] for c in codes if c in units], [groups[c] for c in codes if c in groups]


def _load_plan(
    plan_data: dict[str, Any],
    issuer: Unit,
    units: dict[str, Unit],
    groups: dict[str, UnitGroup],
    by: Any,
    report: LoadReport,
) -> Plan:
    issued_on = _date(plan_data["date"])
    plan = plan_services.plan_create(
        issuer=issuer,
        title=plan_data["title"],
        year=plan_data["year"],
        by=by,
        number=plan_data.get("number"),
        symbol=plan_data["symbol"],
        doc_type=plan_data.get("doc_type", "KH"),
        place=plan_data.get("place", ""),
        issued_on=issued_on,
        preamble=plan_data.get("preamble", ""),
        legal_bases=plan_data.get("legal_bases", []),
        recipients=plan_data.get("recipients", []),
        signer_authority=plan_data.get("signer", {}).get("title", ""),
        signer_name=plan_data.get("signer", {}).get("name", ""),
    )
    report.add("plans")
    for s_row in plan_data["sections"]:
        section = plan_services.section_add(
            plan=plan, numeral=s_row["numeral"], title=s_row["title"], by=by
        )
        for i_row in s_row["items"]:
            item = plan_services.item_add(
                section=section,
                number=i_row.get("number", ""),
                title=i_row.get("title", ""),
                body=i_row.get("body", ""),
                by=by,
            )
            for t_row in i_row.get("tasks", []):
                task = plan_services.task_create(
                    item=item,
                    code=t_row["code"],
                    title=t_row["title"],
                    description=t_row.get("description", ""),
                    due_date=_date(t_row.get("due")),
                    ongoing=bool(t_row.get("ongoing")) and not t_row.get("due"),
                    expected_outputs=t_row.get("outputs", ""),
                    by=by,
                )
                report.add("tasks")
                for role, key in (("lead", "lead"), ("coordinate", "coordinate")):
                    t_units, t_groups = _targets(t_row.get(key, []), units, groups)
                    if t_units or t_groups:
                        made = plan_services.task_assign(
                            task=task,
                            role=role,
                            units=t_units,
                            groups=t_groups,
                            by=by,
                            on=issued_on,
                        )
                        report.add("assignments", len(made))
        for position, r_row in enumerate(s_row.get("responsibilities", [])):
            resp = plan.responsibilities.create(
                actor=r_row["actor"],
                role=r_row["role"],
                text=r_row.get("text", ""),
                position=position,
            )
            r_units, r_groups = _targets(r_row.get("targets", []), units, groups)
            resp.units.set(r_units)
            resp.groups.set(r_groups)
    return plan_services.plan_issue(plan=plan, by=by)


def _writer(people: dict[str, Any], data_row: dict[str, Any], default: str) -> Any:
    return people.get(data_row.get("by", ""), people[default])


def _load_unit_plans(
    data: dict[str, Any],
    plan: Plan,
    tasks: dict[str, Task],
    units: dict[str, Unit],
    people: dict[str, Any],
    coordinator: Any,
    report: LoadReport,
) -> None:
    from danvan.orgs.models import RoleAssignment

    for row in data.get("unit_plans", []):
        unit = units[row["unit"]]
        grants = RoleAssignment.objects.filter(unit=unit, archived_at=None)
        head = next((g.user for g in grants if g.role == Role.UNIT_HEAD), None)
        officer = next((g.user for g in grants if g.role == Role.UNIT_OFFICER), head)
        if officer is None:
            # A unit without demo accounts: its head is simulated by a dedicated account.
            officer = head = _stand_in_head(unit, people)
        head = head or officer
        unit_plan = plan_services.unit_plan_create(
            plan=plan, unit=unit, title=row["title"], summary=row.get("summary", ""), by=officer
        )
        for a_row in row.get("activities", []):
            plan_services.activity_add(
                unit_plan=unit_plan,
                task=tasks[a_row["task"]],
                title=a_row["title"],
                owner=a_row.get("owner", ""),
                starts_on=_date(a_row.get("start")),
                ends_on=_date(a_row.get("end")),
                by=officer,
            )
        report.add("unit_plans")
        status = row.get("status", UnitPlanStatus.DRAFT)
        if status == UnitPlanStatus.DRAFT:
            continue
        unit_plan = plan_services.unit_plan_submit(unit_plan=unit_plan, by=head)
        if status == UnitPlanStatus.ACCEPTED:
            plan_services.unit_plan_accept(
                unit_plan=unit_plan, comment=row.get("review_comment", ""), by=coordinator
            )
        elif status == UnitPlanStatus.RETURNED:
            plan_services.unit_plan_return(
                unit_plan=unit_plan, comment=row["review_comment"], by=coordinator
            )


def _stand_in_head(unit: Unit, people: dict[str, Any]) -> Any:
    User = get_user_model()
    username = f"truong.{unit.code.lower()}"
    user, made = User.objects.get_or_create(username=username)
    if made:
        user.set_unusable_password()
        user.save()
    root = User.objects.get(username="admin")
    org_services.role_grant(user=user, unit=unit, role=Role.UNIT_HEAD, by=root)
    people[username] = user
    return user


def _load_progress(
    data: dict[str, Any],
    tasks: dict[str, Task],
    units: dict[str, Unit],
    people: dict[str, Any],
    report: LoadReport,
) -> None:
    rows = sorted(data.get("progress", []), key=lambda r: r["on"])
    for row in rows:
        assignment = Assignment.objects.get(
            task=tasks[row["task"]], unit=units[row["unit"]], archived_at=None
        )
        plan_services.progress_add(
            assignment=assignment,
            status=row["status"],
            percent=row["percent"],
            narrative=row["narrative"],
            reported_on=_date(row["on"]),
            by=people[row["by"]],
        )
        report.add("progress")


def _load_difficulties(
    data: dict[str, Any],
    tasks: dict[str, Task],
    units: dict[str, Unit],
    people: dict[str, Any],
    report: LoadReport,
) -> None:
    for row in data.get("difficulties", []):
        assignment = Assignment.objects.get(
            task=tasks[row["task"]], unit=units[row["unit"]], archived_at=None
        )
        difficulty = plan_services.difficulty_raise(
            assignment=assignment, text=row["text"], by=people[row["by"]]
        )
        if row.get("answer"):
            plan_services.difficulty_answer(
                difficulty=difficulty,
                answer=row["answer"],
                expected_version=difficulty.version,
                by=people[row["answered_by"]],
            )
        report.add("difficulties")


def demo_logins() -> list[dict[str, str]]:
    """Return one row per demo account: username, role, unit, password."""
    data = load_data()
    units = {u["code"]: u["name"] for u in data["units"]}
    labels = dict(Role.choices)
    return [
        {
            "username": p["username"],
            "role": str(labels.get(p["role"], p["role"])),
            "unit": units[p["unit"]],
            "full_name": p["full_name"],
        }
        for p in data["people"]
    ]
