"""Writes on plans: create and issue plans, assign tasks, unit plans, progress, difficulties."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.access import UNIT_HEAD, UNIT_OFFICER, actor_for, require
from danvan.core.audit import audit_record, snapshot
from danvan.core.errors import ApplicationError
from danvan.core.locking import lock_for_edit
from danvan.core.uploads import store_uploads
from danvan.lib.vntext import fold, nfc
from danvan.notifications.models import NotificationKind
from danvan.notifications.services import notify
from danvan.orgs.models import Role, RoleAssignment, Unit, UnitGroup
from danvan.orgs.selectors import group_members_on

from . import policies
from .models import (
    Activity,
    Assignment,
    AssignmentRole,
    Difficulty,
    DifficultyStatus,
    Evidence,
    Item,
    Plan,
    PlanStatus,
    ProgressStatus,
    ProgressUpdate,
    Section,
    Task,
    UnitPlan,
    UnitPlanEvent,
    UnitPlanStatus,
)
from .outline import STANDARD_OUTLINE

PLAN_FIELDS = (
    "number",
    "symbol",
    "doc_type",
    "place",
    "issued_on",
    "title",
    "year",
    "preamble",
    "legal_bases",
    "recipients",
    "signer_authority",
    "signer_name",
)
TASK_FIELDS = ("code", "title", "description", "due_date", "ongoing", "expected_outputs")


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value).strip()
    if isinstance(value, list):
        return [_clean(v) for v in value if not (isinstance(v, str) and not v.strip())]
    return value


def _plan_search_text(plan: Plan) -> str:
    return fold(f"{plan.symbol} {plan.title} {plan.year}")


def _task_search_text(task: Task) -> str:
    return fold(f"{task.code} {task.title} {task.description}")


def _unit_people(unit_ids: Iterable[int], roles: Sequence[str]) -> list[Any]:
    rows = RoleAssignment.objects.filter(
        unit_id__in=list(unit_ids), role__in=roles, archived_at__isnull=True
    ).select_related("user")
    return [r.user for r in rows if r.user.is_active]


def _coordinators() -> list[Any]:
    rows = RoleAssignment.objects.filter(role=Role.COORDINATOR, archived_at__isnull=True)
    return [r.user for r in rows.select_related("user") if r.user.is_active]


# Plans ------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, issuer: Unit, title: str, year: int, by: Any, **fields: Any) -> Plan:
    """Create a draft plan issued by `issuer`."""
    require(policies.can_create_plan(actor_for(by)))
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown plan fields: {sorted(unknown)}")
    title = _clean(title)
    if not title:
        raise ApplicationError(_("Trích yếu không được để trống."), field="title")
    plan = Plan(issuer=issuer, title=title, year=year, **{k: _clean(v) for k, v in fields.items()})
    plan.search_text = _plan_search_text(plan)
    plan.save()
    audit_record(action="plan.create", obj=plan, by=by)
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, expected_version: int | None, by: Any, **fields: Any) -> Plan:
    """Change a plan's header fields; refused if someone else saved it first."""
    require(policies.can_edit_plan(actor_for(by), plan))
    unknown = set(fields) - set(PLAN_FIELDS) - {"issuer"}
    if unknown:
        raise ApplicationError(f"Unknown plan fields: {sorted(unknown)}")
    fresh = lock_for_edit(plan, expected_version)
    before = snapshot(fresh)
    for key, value in fields.items():
        setattr(fresh, key, _clean(value))
    if not fresh.title:
        raise ApplicationError(_("Trích yếu không được để trống."), field="title")
    fresh.search_text = _plan_search_text(fresh)
    fresh.save()
    audit_record(action="plan.update", obj=fresh, by=by, before=before)
    return fresh


@transaction.atomic
def plan_issue(*, plan: Plan, by: Any) -> Plan:
    """Issue a draft plan: it becomes visible to every unit and its tasks can be reported on."""
    require(policies.can_issue_plan(actor_for(by), plan))
    fresh = lock_for_edit(plan, None)
    if not Task.objects.filter(plan=fresh, archived_at__isnull=True).exists():
        raise ApplicationError(_("Kế hoạch chưa có nhiệm vụ nào, không thể ban hành."))
    before = snapshot(fresh, ["status"])
    fresh.status = PlanStatus.ISSUED
    fresh.save()
    audit_record(action="plan.issue", obj=fresh, by=by, before=before, after={"status": "issued"})
    return fresh


@transaction.atomic
def plan_close(*, plan: Plan, by: Any) -> Plan:
    """Close an issued plan: no more progress is reported on it."""
    actor = actor_for(by)
    require(actor.is_coordinator and plan.status == PlanStatus.ISSUED)
    fresh = lock_for_edit(plan, None)
    fresh.status = PlanStatus.CLOSED
    fresh.save()
    audit_record(
        action="plan.close",
        obj=fresh,
        by=by,
        before={"status": "issued"},
        after={"status": "closed"},
    )
    return fresh


def _outline_editable(plan: Plan, by: Any) -> None:
    """Check the right to edit the outline and lock the plan row until the end of the write.

    The lock serialises outline edits of one plan (two clicks on "add section" must not
    both pass the duplicate-numeral check). The caller's plan object is kept: sections made
    here point at it, so code holding it sees later changes (its status after issuing).
    """
    require(policies.can_edit_plan(actor_for(by), plan))
    list(Plan.objects.select_for_update().filter(pk=plan.pk).values_list("pk", flat=True))


def _section_values(numeral: Any, title: Any) -> tuple[str, str]:
    numeral, title = _clean(numeral or "").upper(), _clean(title or "")
    if not numeral:
        raise ApplicationError(_("Phần cần có số thứ tự (I, II, III…)."), field="numeral")
    if len(numeral) > Section._meta.get_field("numeral").max_length:
        raise ApplicationError(_("Số thứ tự của phần quá dài."), field="numeral")
    if not title:
        raise ApplicationError(_("Phần cần có tiêu đề."), field="title")
    return numeral, title[: Section._meta.get_field("title").max_length]


def _item_values(number: Any, title: Any, body: Any) -> tuple[str, str, str]:
    # An item may be only a number with tasks under it, as plans read from files often are.
    number = _clean(number or "")
    if len(number) > Item._meta.get_field("number").max_length:
        raise ApplicationError(_("Số thứ tự của mục quá dài."), field="number")
    return number, _clean(title or ""), _clean(body or "")


def _numeral_taken(plan: Plan, numeral: str, exclude: int | None = None) -> None:
    taken = plan.sections.filter(numeral__iexact=numeral).exclude(pk=exclude)
    if taken.exists():
        raise ApplicationError(_("Kế hoạch đã có phần %(n)s.") % {"n": numeral}, field="numeral")


@transaction.atomic
def section_add(*, plan: Plan, numeral: str, title: str, by: Any) -> Section:
    """Append a Roman-numeral section to a plan."""
    _outline_editable(plan, by)
    numeral, title = _section_values(numeral, title)
    _numeral_taken(plan, numeral)
    position = plan.sections.count()
    section = Section.objects.create(plan=plan, numeral=numeral, title=title, position=position)
    audit_record(action="section.add", obj=section, by=by)
    return section


@transaction.atomic
def section_update(*, section: Section, numeral: str, title: str, by: Any) -> Section:
    """Rename a section or change its numeral."""
    _outline_editable(section.plan, by)
    numeral, title = _section_values(numeral, title)
    _numeral_taken(section.plan, numeral, exclude=section.pk)
    before = snapshot(section, ["numeral", "title"])
    section.numeral, section.title = numeral, title
    section.save(update_fields=["numeral", "title"])
    audit_record(action="section.update", obj=section, by=by, before=before)
    return section


def outline_removable(obj: Section | Item) -> bool:
    """Return whether a section or item can be deleted: nothing protected refers to it.

    Tasks (even archived ones) and report-form sections keep a PROTECT link to their item.
    """
    collector = Collector(using=router.db_for_write(type(obj)))
    try:
        collector.collect([obj])
    except (ProtectedError, RestrictedError):
        return False
    return True


def _refuse_if_in_use(obj: Section | Item) -> None:
    if outline_removable(obj):
        return
    items = obj.items.all() if isinstance(obj, Section) else [obj]
    if Task.objects.filter(item__in=items).exists():
        message = _("Còn nhiệm vụ thuộc đề mục này; hãy chuyển hoặc xóa các nhiệm vụ trước.")
        raise ApplicationError(message, code="has_tasks")
    raise ApplicationError(
        _("Đề mục này đang được dùng trong mẫu báo cáo của kế hoạch, không xóa được."),
        code="in_use",
    )


@transaction.atomic
def section_remove(*, section: Section, by: Any) -> None:
    """Delete a section and its items; refused while anything (a task, a report form) uses it."""
    plan = section.plan
    _outline_editable(plan, by)
    _refuse_if_in_use(section)
    before = snapshot(section, ["numeral", "title"]) | {
        "items": [str(item) for item in section.items.all()]
    }
    audit_record(action="section.remove", obj=section, by=by, before=before, after={})
    section.delete()
    _renumber(plan.sections.all())


@transaction.atomic
def item_add(*, section: Section, number: str, title: str, body: str = "", by: Any) -> Item:
    """Append a numbered item (a task group in section II) to a section."""
    _outline_editable(section.plan, by)
    number, title, body = _item_values(number, title, body)
    item = Item.objects.create(
        section=section,
        number=number,
        title=title,
        body=body,
        position=section.items.count(),
    )
    audit_record(action="item.add", obj=item, by=by)
    return item


@transaction.atomic
def item_update(*, item: Item, number: str, title: str, body: str = "", by: Any) -> Item:
    """Change an item's number, title or text."""
    _outline_editable(item.section.plan, by)
    number, title, body = _item_values(number, title, body)
    before = snapshot(item, ["number", "title", "body"])
    item.number, item.title, item.body = number, title, body
    item.save(update_fields=["number", "title", "body"])
    audit_record(action="item.update", obj=item, by=by, before=before)
    return item


@transaction.atomic
def item_remove(*, item: Item, by: Any) -> None:
    """Delete an item; refused while anything (a task, a report form) uses it."""
    _outline_editable(item.section.plan, by)
    _refuse_if_in_use(item)
    section = item.section
    audit_record(
        action="item.remove",
        obj=item,
        by=by,
        before=snapshot(item, ["number", "title", "body"]),
        after={},
    )
    item.delete()
    _renumber(section.items.all())


def _renumber(rows: Any) -> None:
    for position, row in enumerate(rows.order_by("position", "id")):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])


@transaction.atomic
def plan_outline_standard(*, plan: Plan, by: Any) -> list[Section]:
    """Give an empty plan the outline of a Directive 33 plan, with the seven task groups."""
    _outline_editable(plan, by)
    if plan.sections.exists():
        raise ApplicationError(_("Kế hoạch đã có đề mục; khung chuẩn chỉ dùng cho kế hoạch trống."))
    sections = []
    for numeral, title, items in STANDARD_OUTLINE:
        section = section_add(plan=plan, numeral=numeral, title=str(title), by=by)
        for number, item_title in items:
            item_add(section=section, number=number, title=str(item_title), by=by)
        sections.append(section)
    audit_record(
        action="plan.outline_standard",
        obj=plan,
        by=by,
        after={"sections": [f"{s.numeral}. {s.title}" for s in sections]},
    )
    return sections


def _check_task_fields(fields: dict[str, Any]) -> None:
    if "title" in fields and not fields["title"]:
        raise ApplicationError(_("Tên nhiệm vụ không được để trống."), field="title")
    if fields.get("due_date") and fields.get("ongoing"):
        raise ApplicationError(
            _("Nhiệm vụ thường xuyên không có thời hạn cụ thể; hãy bỏ một trong hai."),
            field="due_date",
        )


@transaction.atomic
def task_create(*, item: Item, code: str, title: str, by: Any, **fields: Any) -> Task:
    """Add a task to a task group of a plan."""
    plan = item.section.plan
    require(policies.can_edit_plan(actor_for(by), plan))
    unknown = set(fields) - set(TASK_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown task fields: {sorted(unknown)}")
    data = {k: _clean(v) for k, v in fields.items()}
    data.update(code=_clean(code), title=_clean(title))
    _check_task_fields(data)
    if Task.objects.filter(plan=plan, code=data["code"]).exists():
        raise ApplicationError(_("Mã nhiệm vụ %(code)s đã tồn tại.") % data, field="code")
    task = Task(item=item, plan=plan, position=Task.objects.filter(plan=plan).count(), **data)
    task.search_text = _task_search_text(task)
    task.save()
    audit_record(action="task.create", obj=task, by=by)
    return task


@transaction.atomic
def task_update(*, task: Task, expected_version: int | None, by: Any, **fields: Any) -> Task:
    """Change a task; refused if someone else saved it first."""
    require(policies.can_edit_plan(actor_for(by), task.plan))
    unknown = set(fields) - set(TASK_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown task fields: {sorted(unknown)}")
    fresh = lock_for_edit(task, expected_version)
    before = snapshot(fresh)
    for key, value in fields.items():
        setattr(fresh, key, _clean(value))
    _check_task_fields({f: getattr(fresh, f) for f in TASK_FIELDS})
    if (
        "code" in fields
        and Task.objects.filter(plan_id=fresh.plan_id, code=fresh.code)
        .exclude(pk=fresh.pk)
        .exists()
    ):
        raise ApplicationError(_("Mã nhiệm vụ %(code)s đã tồn tại.") % {"code": fresh.code})
    fresh.search_text = _task_search_text(fresh)
    fresh.save()
    audit_record(action="task.update", obj=fresh, by=by, before=before)
    return fresh


# Assignments -------------------------------------------------------------------------------


@transaction.atomic
def task_assign(
    *,
    task: Task,
    by: Any,
    role: str = AssignmentRole.LEAD,
    units: Iterable[Unit] = (),
    groups: Iterable[UnitGroup] = (),
    on: dt.date | None = None,
) -> list[Assignment]:
    """Assign a task to units and to groups, which expand to their members active `on` that day.

    A unit already assigned keeps its assignment; returns the assignments created.
    """
    require(policies.can_assign(actor_for(by), task.plan))
    if role not in AssignmentRole.values:
        raise ApplicationError(_("Vai trò không hợp lệ."), field="role")
    day = on or task.plan.reference_date(timezone.localdate())
    targets: dict[int, tuple[Unit, UnitGroup | None]] = {}
    for group in groups:
        for member in group_members_on(group=group, on=day):
            targets.setdefault(member.pk, (member, group))
    for unit in units:
        if not unit.is_active_on(day) or unit.is_archived:
            raise ApplicationError(
                _("Đơn vị %(name)s không còn hoạt động vào ngày %(day)s.")
                % {"name": unit.name, "day": day.strftime("%d/%m/%Y")},
                field="units",
            )
        targets[unit.pk] = (unit, None)
    if not targets:
        raise ApplicationError(_("Hãy chọn ít nhất một đơn vị hoặc nhóm đơn vị."), field="units")
    existing = set(
        Assignment.objects.filter(
            task=task, unit_id__in=targets, archived_at__isnull=True
        ).values_list("unit_id", flat=True)
    )
    created = []
    for unit_id, (unit, group) in targets.items():
        if unit_id in existing:
            continue
        assignment = Assignment.objects.create(
            task=task, unit=unit, role=role, via_group=group, assigned_by=by
        )
        audit_record(action="assignment.create", obj=assignment, by=by)
        created.append(assignment)
    if created:
        url = reverse("plans:task", args=[task.pk])
        notify(
            users=_unit_people([a.unit_id for a in created], [UNIT_OFFICER, UNIT_HEAD]),
            kind=NotificationKind.ASSIGNMENT,
            text=_("Đơn vị được giao nhiệm vụ %(code)s: %(title)s")
            % {"code": task.code, "title": task.title},
            url=url,
        )
    return created


@transaction.atomic
def assignment_archive(*, assignment: Assignment, by: Any) -> Assignment:
    """Withdraw an assignment; its history stays."""
    require(policies.can_assign(actor_for(by), assignment.task.plan))
    assignment.archived_at = timezone.now()
    assignment.save(update_fields=["archived_at", "updated_at"])
    audit_record(action="assignment.archive", obj=assignment, by=by)
    return assignment


@transaction.atomic
def assignments_carry_over(*, predecessor: Unit, successor: Unit, by: Any) -> list[Assignment]:
    """Move the open work of a dissolved unit to its successor, keeping the old records.

    Each open assignment (plan not closed, task not done) is archived and a new one is created
    for the successor with `carried_from` pointing back; progress so far is copied forward.
    """
    actor = actor_for(by)
    require(actor.is_coordinator or actor.is_admin)
    if predecessor.pk == successor.pk:
        raise ApplicationError(_("Đơn vị kế thừa phải khác đơn vị cũ."))
    open_rows = Assignment.objects.filter(
        unit=predecessor, archived_at__isnull=True, task__plan__status=PlanStatus.ISSUED
    ).exclude(status=ProgressStatus.DONE)
    carried = []
    for old in open_rows.select_related("task"):
        old.archived_at = timezone.now()
        old.save(update_fields=["archived_at", "updated_at"])
        new, was_created = Assignment.objects.get_or_create(
            task=old.task,
            unit=successor,
            archived_at=None,
            defaults={
                "role": old.role,
                "assigned_by": by,
                "carried_from": old,
                "status": old.status,
                "percent": old.percent,
                "last_progress_at": old.last_progress_at,
            },
        )
        audit_record(action="assignment.carry_over", obj=new, by=by, before=snapshot(old))
        if was_created:
            carried.append(new)
    return carried


# Progress ----------------------------------------------------------------------------------


def _store_evidence(
    *, assignment: Assignment, update: ProgressUpdate | None, files: Sequence[UploadedFile], by: Any
) -> list[Evidence]:
    return store_uploads(
        Evidence, files, by=by, action="evidence.add", assignment=assignment, update=update
    )


@transaction.atomic
def progress_add(
    *,
    assignment: Assignment,
    status: str,
    percent: int,
    narrative: str,
    by: Any,
    files: Sequence[UploadedFile] = (),
    reported_on: dt.date | None = None,
) -> ProgressUpdate:
    """Record progress of a unit on a task, with optional evidence files."""
    require(policies.can_report_progress(actor_for(by), assignment))
    narrative = _clean(narrative)
    if status not in ProgressStatus.values:
        raise ApplicationError(_("Tình trạng không hợp lệ."), field="status")
    if not isinstance(percent, int) or not 0 <= percent <= 100:
        raise ApplicationError(_("Tỷ lệ hoàn thành phải từ 0 đến 100."), field="percent")
    if status == ProgressStatus.DONE and percent != 100:
        raise ApplicationError(_("Nhiệm vụ đã hoàn thành thì tỷ lệ phải là 100%."), field="percent")
    if status == ProgressStatus.NOT_STARTED and percent != 0:
        raise ApplicationError(_("Nhiệm vụ chưa bắt đầu thì tỷ lệ phải là 0%."), field="percent")
    if not narrative:
        raise ApplicationError(_("Hãy mô tả kết quả thực hiện."), field="narrative")
    today = timezone.localdate()
    day = reported_on or today
    if day > today:
        raise ApplicationError(_("Ngày báo cáo không được ở tương lai."), field="reported_on")
    fresh = Assignment.objects.select_for_update().get(pk=assignment.pk)
    before = snapshot(fresh, ["status", "percent"])
    update = ProgressUpdate.objects.create(
        assignment=fresh,
        status=status,
        percent=percent,
        narrative=narrative,
        reported_on=day,
        by=by,
    )
    _store_evidence(assignment=fresh, update=update, files=files, by=by)
    fresh.status = status
    fresh.percent = percent
    fresh.last_progress_at = timezone.now()
    fresh.save(update_fields=["status", "percent", "last_progress_at", "updated_at"])
    audit_record(
        action="progress.add",
        obj=fresh,
        by=by,
        before=before,
        after={"status": status, "percent": percent, "update_id": update.pk},
    )
    return update


@transaction.atomic
def evidence_archive(*, evidence: Evidence, by: Any) -> Evidence:
    """Hide an evidence file from lists; the file itself is kept."""
    require(policies.can_report_progress(actor_for(by), evidence.assignment))
    evidence.archived_at = timezone.now()
    evidence.save(update_fields=["archived_at", "updated_at"])
    audit_record(action="evidence.archive", obj=evidence, by=by)
    return evidence


# Unit implementation plans -------------------------------------------------------------------


@transaction.atomic
def unit_plan_create(*, plan: Plan, unit: Unit, title: str, summary: str = "", by: Any) -> UnitPlan:
    """Start a unit's implementation plan for an issued plan."""
    require(policies.can_create_unit_plan(actor_for(by), unit.pk))
    if plan.status != PlanStatus.ISSUED:
        raise ApplicationError(_("Chỉ lập kế hoạch triển khai cho kế hoạch đã ban hành."))
    if not Assignment.objects.filter(task__plan=plan, unit=unit, archived_at__isnull=True).exists():
        raise ApplicationError(_("Đơn vị chưa được giao nhiệm vụ nào trong kế hoạch này."))
    if UnitPlan.objects.filter(plan=plan, unit=unit, archived_at__isnull=True).exists():
        raise ApplicationError(_("Đơn vị đã có kế hoạch triển khai cho kế hoạch này."))
    title = _clean(title)
    if not title:
        raise ApplicationError(_("Tên kế hoạch không được để trống."), field="title")
    unit_plan = UnitPlan.objects.create(plan=plan, unit=unit, title=title, summary=_clean(summary))
    audit_record(action="unit_plan.create", obj=unit_plan, by=by)
    return unit_plan


@transaction.atomic
def unit_plan_update(
    *, unit_plan: UnitPlan, expected_version: int | None, title: str, summary: str, by: Any
) -> UnitPlan:
    """Edit a draft or returned unit plan; refused if someone else saved it first."""
    require(policies.can_edit_unit_plan(actor_for(by), unit_plan))
    fresh = lock_for_edit(unit_plan, expected_version)
    before = snapshot(fresh, ["title", "summary"])
    fresh.title = _clean(title)
    fresh.summary = _clean(summary)
    if not fresh.title:
        raise ApplicationError(_("Tên kế hoạch không được để trống."), field="title")
    fresh.save()
    audit_record(action="unit_plan.update", obj=fresh, by=by, before=before)
    return fresh


def _check_activity(
    unit_plan: UnitPlan, task: Task, title: str, starts_on: Any, ends_on: Any
) -> None:
    if task.plan_id != unit_plan.plan_id:
        raise ApplicationError(_("Nhiệm vụ không thuộc kế hoạch này."), field="task")
    if not Assignment.objects.filter(
        task=task, unit_id=unit_plan.unit_id, archived_at__isnull=True
    ).exists():
        raise ApplicationError(_("Nhiệm vụ không được giao cho đơn vị này."), field="task")
    if not title:
        raise ApplicationError(_("Tên hoạt động không được để trống."), field="title")
    if starts_on and ends_on and ends_on < starts_on:
        raise ApplicationError(_("Ngày kết thúc phải sau ngày bắt đầu."), field="ends_on")


@transaction.atomic
def activity_add(
    *,
    unit_plan: UnitPlan,
    task: Task,
    title: str,
    by: Any,
    owner: str = "",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> Activity:
    """Add an activity, linked to a parent task, to a unit plan."""
    require(policies.can_edit_unit_plan(actor_for(by), unit_plan))
    title = _clean(title)
    _check_activity(unit_plan, task, title, starts_on, ends_on)
    activity = Activity.objects.create(
        unit_plan=unit_plan,
        task=task,
        title=title,
        owner=_clean(owner),
        starts_on=starts_on,
        ends_on=ends_on,
    )
    UnitPlan.objects.filter(pk=unit_plan.pk).update(version=unit_plan.version + 1)
    unit_plan.version += 1
    audit_record(action="activity.add", obj=activity, by=by)
    return activity


@transaction.atomic
def activity_archive(*, activity: Activity, by: Any) -> Activity:
    """Remove an activity from a unit plan (kept in the history)."""
    require(policies.can_edit_unit_plan(actor_for(by), activity.unit_plan))
    activity.archived_at = timezone.now()
    activity.save(update_fields=["archived_at", "updated_at"])
    audit_record(action="activity.archive", obj=activity, by=by)
    return activity


def _unit_plan_transition(
    unit_plan: UnitPlan, to_status: str, by: Any, comment: str = ""
) -> UnitPlan:
    fresh = lock_for_edit(unit_plan, None)
    from_status = fresh.status
    fresh.status = to_status
    now = timezone.now()
    if to_status == UnitPlanStatus.SUBMITTED:
        fresh.submitted_at = now
    else:
        fresh.reviewed_at = now
        fresh.review_comment = comment
    fresh.save()
    UnitPlanEvent.objects.create(
        unit_plan=fresh, by=by, from_status=from_status, to_status=to_status, comment=comment
    )
    audit_record(
        action=f"unit_plan.{to_status}",
        obj=fresh,
        by=by,
        before={"status": from_status},
        after={"status": to_status, "comment": comment},
    )
    return fresh


@transaction.atomic
def unit_plan_submit(*, unit_plan: UnitPlan, by: Any) -> UnitPlan:
    """The unit head submits the plan to the coordinator."""
    require(policies.can_submit_unit_plan(actor_for(by), unit_plan))
    if not unit_plan.activities.filter(archived_at__isnull=True).exists():
        raise ApplicationError(_("Kế hoạch triển khai cần có ít nhất một hoạt động."))
    fresh = _unit_plan_transition(unit_plan, UnitPlanStatus.SUBMITTED, by)
    notify(
        users=_coordinators(),
        kind=NotificationKind.SUBMITTED,
        text=_("%(unit)s trình kế hoạch triển khai: %(title)s")
        % {"unit": fresh.unit.name, "title": fresh.title},
        url=reverse("plans:unit_plan", args=[fresh.pk]),
    )
    return fresh


@transaction.atomic
def unit_plan_accept(*, unit_plan: UnitPlan, by: Any, comment: str = "") -> UnitPlan:
    """The coordinator accepts a submitted unit plan."""
    require(policies.can_review_unit_plan(actor_for(by), unit_plan))
    fresh = _unit_plan_transition(unit_plan, UnitPlanStatus.ACCEPTED, by, _clean(comment))
    notify(
        users=_unit_people([fresh.unit_id], [UNIT_OFFICER, UNIT_HEAD]),
        kind=NotificationKind.ACCEPTED,
        text=_("Kế hoạch triển khai đã được chấp thuận: %(title)s") % {"title": fresh.title},
        url=reverse("plans:unit_plan", args=[fresh.pk]),
    )
    return fresh


@transaction.atomic
def unit_plan_return(*, unit_plan: UnitPlan, by: Any, comment: str) -> UnitPlan:
    """The coordinator returns a submitted unit plan with comments for revision."""
    require(policies.can_review_unit_plan(actor_for(by), unit_plan))
    comment = _clean(comment)
    if not comment:
        raise ApplicationError(_("Hãy ghi rõ nội dung cần chỉnh sửa."), field="comment")
    fresh = _unit_plan_transition(unit_plan, UnitPlanStatus.RETURNED, by, comment)
    notify(
        users=_unit_people([fresh.unit_id], [UNIT_OFFICER, UNIT_HEAD]),
        kind=NotificationKind.RETURNED,
        text=_("Kế hoạch triển khai bị trả lại: %(title)s") % {"title": fresh.title},
        url=reverse("plans:unit_plan", args=[fresh.pk]),
    )
    return fresh


# Difficulties ------------------------------------------------------------------------------


@transaction.atomic
def difficulty_raise(*, assignment: Assignment, text: str, by: Any) -> Difficulty:
    """A unit raises a difficulty on an assigned task; the coordinators are notified."""
    require(policies.can_raise_difficulty(actor_for(by), assignment))
    text = _clean(text)
    if not text:
        raise ApplicationError(_("Hãy nêu nội dung khó khăn, vướng mắc."), field="text")
    difficulty = Difficulty.objects.create(assignment=assignment, text=text, raised_by=by)
    audit_record(action="difficulty.raise", obj=difficulty, by=by)
    notify(
        users=_coordinators(),
        kind=NotificationKind.DIFFICULTY,
        text=_("%(unit)s nêu khó khăn về nhiệm vụ %(code)s")
        % {"unit": assignment.unit.name, "code": assignment.task.code},
        url=reverse("plans:task", args=[assignment.task_id]) + f"#difficulty-{difficulty.pk}",
    )
    return difficulty


@transaction.atomic
def difficulty_answer(
    *, difficulty: Difficulty, answer: str, expected_version: int | None, by: Any
) -> Difficulty:
    """The coordinator answers a difficulty; the unit is notified."""
    require(policies.can_answer_difficulty(actor_for(by), difficulty))
    answer = _clean(answer)
    if not answer:
        raise ApplicationError(_("Nội dung trả lời không được để trống."), field="answer")
    fresh = lock_for_edit(difficulty, expected_version)
    before = snapshot(fresh, ["status", "answer"])
    fresh.answer = answer
    fresh.status = DifficultyStatus.ANSWERED
    fresh.answered_by = by
    fresh.answered_at = timezone.now()
    fresh.save()
    audit_record(action="difficulty.answer", obj=fresh, by=by, before=before)
    notify(
        users=[fresh.raised_by, *_unit_people([fresh.assignment.unit_id], [UNIT_HEAD])],
        kind=NotificationKind.ANSWER,
        text=_("Sở Nội vụ đã trả lời khó khăn về nhiệm vụ %(code)s")
        % {"code": fresh.assignment.task.code},
        url=reverse("plans:task", args=[fresh.assignment.task_id]) + f"#difficulty-{fresh.pk}",
    )
    return fresh


def deadline_reminders_send(*, today: dt.date, days_before: int = 7) -> int:
    """Notify units of tasks due within `days_before` days or overdue; safe to run every day.

    Each reminder carries a key (assignment, kind, due date), so running twice, or daily,
    never sends the same reminder twice.
    """
    from .selectors import assignments_due_soon, assignments_overdue

    sent = 0
    unit_ids = set(
        Assignment.objects.filter(archived_at__isnull=True).values_list("unit_id", flat=True)
    )
    soon = assignments_due_soon(unit_ids=unit_ids, on=today, days=days_before)
    late = list(assignments_overdue(unit_ids=None, on=today))
    for assignment, kind in [(a, "soon") for a in soon] + [(a, "late") for a in late]:
        due = assignment.task.due_date
        if kind == "soon":
            text = _("Nhiệm vụ %(code)s sắp đến hạn (%(due)s)")
        else:
            text = _("Nhiệm vụ %(code)s đã quá hạn (%(due)s)")
        sent += notify(
            users=_unit_people([assignment.unit_id], [UNIT_OFFICER, UNIT_HEAD]),
            kind=NotificationKind.DEADLINE,
            text=text % {"code": assignment.task.code, "due": due.strftime("%d/%m/%Y")},
            url=reverse("plans:task", args=[assignment.task_id]) + f"#assignment-{assignment.pk}",
            dedupe_key=f"deadline:{assignment.pk}:{kind}:{due.isoformat()}",
        )
    return sent
