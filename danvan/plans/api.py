"""JSON endpoints for plans, tasks, assignments, progress, unit plans and difficulties."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, File, Form, P, QueryEx, Router, Schema, Status
from ninja.errors import ValidationError
from ninja.files import UploadedFile

from danvan.core.access import actor_for, require
from danvan.core.errors import ApplicationError
from danvan.core.schemas import DB_ID_MAX, ERRORS, NO_NUL, Id, InputSchema
from danvan.orgs.models import Unit, UnitGroup
from danvan.orgs.selectors import province_committee

from . import policies, selectors, services
from .models import Assignment, Difficulty, Item, Plan, Section, Task, UnitPlan

router = Router(tags=["plans"])

Text300 = Field(min_length=1, max_length=300)


# Schemas -----------------------------------------------------------------------------------


class PlanOut(Schema):
    id: int
    issuer_id: int
    symbol: str
    doc_type: str
    place: str
    issued_on: dt.date | None
    title: str
    year: int
    status: str
    legal_bases: list[str]
    signer_authority: str
    signer_name: str
    version: int


class AssignmentOut(Schema):
    id: int
    task_id: int
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    role: str
    status: str
    percent: int
    via_group_id: int | None
    carried_from_id: int | None


class TaskOut(Schema):
    id: int
    plan_id: int
    item_id: int
    code: str
    title: str
    description: str
    due_date: dt.date | None
    ongoing: bool
    expected_outputs: str
    version: int


class TaskWithAssignmentsOut(TaskOut):
    assignments: list[AssignmentOut]


class ItemOut(Schema):
    id: int
    number: str
    title: str
    body: str
    tasks: list[TaskOut]


class PlanSectionOut(Schema):
    id: int
    numeral: str
    title: str
    items: list[ItemOut]


class PlanDetailOut(PlanOut):
    preamble: str
    sections: list[PlanSectionOut]


LegalBasis = Annotated[str, Field(max_length=1000)]


class PlanIn(InputSchema):
    title: str = Field(min_length=1, max_length=2000)
    year: int = Field(ge=2000, le=2100)
    symbol: str = Field("", max_length=60)
    doc_type: str = Field("KH", max_length=10)
    place: str = Field("", max_length=100)
    issued_on: dt.date | None = None
    preamble: str = Field("", max_length=20000)
    legal_bases: list[LegalBasis] = Field(default_factory=list, max_length=200)
    signer_authority: str = Field("", max_length=200)
    signer_name: str = Field("", max_length=200)


# In the patches below, `x: str = Field(None, ...)` means "optional, but not null": an omitted
# field stays unchanged; only the dates may be sent as null (to clear them).
class PlanPatch(InputSchema):
    version: int
    title: str = Field(None, min_length=1, max_length=2000)
    year: int = Field(None, ge=2000, le=2100)
    symbol: str = Field(None, max_length=60)
    place: str = Field(None, max_length=100)
    issued_on: dt.date | None = None
    preamble: str = Field(None, max_length=20000)
    legal_bases: list[LegalBasis] = Field(None, max_length=200)
    signer_authority: str = Field(None, max_length=200)
    signer_name: str = Field(None, max_length=200)


class PlanSectionIn(InputSchema):
    numeral: str = Field(min_length=1, max_length=10)
    title: str = Text300


class PlanSectionPatch(InputSchema):
    numeral: str = Field(None, min_length=1, max_length=10)
    title: str = Field(None, min_length=1, max_length=300)


class PlanItemPatch(InputSchema):
    number: str = Field(None, max_length=10)
    title: str = Field(None, max_length=2000)
    body: str = Field(None, max_length=50000)


class SectionCreatedOut(Schema):
    id: int
    numeral: str
    title: str


class ItemIn(InputSchema):
    number: str = Field("", max_length=10)
    title: str = Field("", max_length=2000)
    body: str = Field("", max_length=50000)


class ItemCreatedOut(Schema):
    id: int
    number: str
    title: str
    body: str


class TaskIn(InputSchema):
    code: str = Field(min_length=1, max_length=30)
    title: str = Text300
    description: str = Field("", max_length=20000)
    due_date: dt.date | None = None
    ongoing: bool = False
    expected_outputs: str = Field("", max_length=5000)


class TaskPatch(InputSchema):
    version: int
    code: str = Field(None, min_length=1, max_length=30)
    title: str = Field(None, min_length=1, max_length=300)
    description: str = Field(None, max_length=20000)
    due_date: dt.date | None = None
    ongoing: bool = Field(None)
    expected_outputs: str = Field(None, max_length=5000)


class AssignIn(InputSchema):
    role: Literal["lead", "coordinate"] = "lead"
    unit_ids: list[Id] = Field(default_factory=list, max_length=500)
    group_ids: list[Id] = Field(default_factory=list, max_length=50)


class ProgressIn(InputSchema):
    status: Literal["not_started", "in_progress", "done"]
    percent: int = Field(ge=0, le=100)
    narrative: str = Field(min_length=1, max_length=20000)
    reported_on: dt.date | None = None


class EvidenceOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int


class ProgressOut(Schema):
    id: int
    assignment_id: int
    status: str
    percent: int
    narrative: str
    reported_on: dt.date
    by: str = Field(alias="by.username")
    evidence: list[EvidenceOut] = []


class DifficultyIn(InputSchema):
    text: str = Field(min_length=1, max_length=5000)


class DifficultyAnswerIn(InputSchema):
    answer: str = Field(min_length=1, max_length=10000)
    version: int


class DifficultyOut(Schema):
    id: int
    assignment_id: int
    text: str
    status: str
    answer: str
    version: int


class UnitPlanIn(InputSchema):
    plan_id: Id
    unit_id: Id
    title: str = Text300
    summary: str = Field("", max_length=20000)


class UnitPlanPatch(InputSchema):
    version: int
    title: str = Text300
    summary: str = Field("", max_length=20000)


class ActivityIn(InputSchema):
    task_id: Id
    title: str = Text300
    owner: str = Field("", max_length=200)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None


class ActivityOut(Schema):
    id: int
    task_id: int
    title: str
    owner: str
    starts_on: dt.date | None
    ends_on: dt.date | None


class UnitPlanOut(Schema):
    id: int
    plan_id: int
    unit_id: int
    title: str
    summary: str
    status: str
    review_comment: str
    version: int


class UnitPlanDetailOut(UnitPlanOut):
    activities: list[ActivityOut]


class ReviewIn(InputSchema):
    decision: Literal["accept", "return"]
    comment: str = Field("", max_length=10000)


class SearchHit(Schema):
    kind: str
    id: int
    label: str


# Helpers -----------------------------------------------------------------------------------


def _plan(request: HttpRequest, plan_id: int) -> Plan:
    plan = get_object_or_404(Plan, pk=plan_id, archived_at=None)
    require(policies.can_view_plan(actor_for(request.user), plan), visible=False)
    return plan


def _task(request: HttpRequest, task_id: int) -> Task:
    task = get_object_or_404(Task.objects.select_related("plan"), pk=task_id, archived_at=None)
    require(policies.can_view_plan(actor_for(request.user), task.plan), visible=False)
    return task


def _assignment(request: HttpRequest, assignment_id: int) -> Assignment:
    assignment = get_object_or_404(
        Assignment.objects.select_related("task__plan", "unit"), pk=assignment_id, archived_at=None
    )
    require(policies.can_view_assignment(actor_for(request.user), assignment), visible=False)
    return assignment


def _unit_plan(request: HttpRequest, unit_plan_id: int) -> UnitPlan:
    unit_plan = get_object_or_404(UnitPlan, pk=unit_plan_id, archived_at=None)
    require(policies.can_view_unit_plan(actor_for(request.user), unit_plan), visible=False)
    return unit_plan


def _refuse_unknown_form_fields(request: HttpRequest, *, fields: set[str], files: set[str]) -> None:
    """Refuse form fields the operation does not know, as JSON bodies do (ninja ignores them)."""
    unknown = [("form", n) for n in request.POST if n not in fields]
    unknown += [("file", n) for n in request.FILES if n not in files]
    if unknown:
        raise ValidationError(
            [
                {"loc": loc, "msg": "Extra inputs are not permitted", "type": "extra_forbidden"}
                for loc in sorted(unknown)
            ]
        )


def _unit_plan_out(unit_plan: UnitPlan) -> dict[str, Any]:
    data = UnitPlanOut.from_orm(unit_plan).dict()
    data["activities"] = [
        ActivityOut.from_orm(a).dict() for a in selectors.unit_plan_detail(unit_plan=unit_plan)
    ]
    return data


# Plans and tasks -------------------------------------------------------------------------


@router.get("", response={200: list[PlanOut], **ERRORS})
def list_plans(request: HttpRequest, year: int | None = None) -> list[Plan]:
    """List the plans the caller may see."""
    qs = selectors.plans_visible(actor=actor_for(request.user))
    if year is not None:
        qs = qs.filter(year=year)
    return list(qs)


@router.post("", response={201: PlanOut, **ERRORS})
def create_plan(request: HttpRequest, payload: PlanIn) -> Status[Plan]:
    """Create a draft plan issued by the provincial People's Committee (coordinator)."""
    require(policies.can_create_plan(actor_for(request.user)))
    issuer = province_committee(on=timezone.localdate())
    if issuer is None:
        raise ApplicationError("Chưa khai báo Ủy ban nhân dân tỉnh.", code="no_issuer")
    data = payload.dict()
    return Status(201, services.plan_create(issuer=issuer, by=request.user, **data))


@router.get("/search", response={200: list[SearchHit], **ERRORS})
def search(
    request: HttpRequest, q: QueryEx[str, P(max_length=200, pattern=NO_NUL)]
) -> list[dict[str, Any]]:
    """Search plans, tasks and units ignoring diacritics and case."""
    found = selectors.search(query=q, actor=actor_for(request.user))
    hits: list[dict[str, Any]] = [
        {"kind": "plan", "id": p.pk, "label": str(p)} for p in found.plans
    ]
    hits += [{"kind": "task", "id": t.pk, "label": str(t)} for t in found.tasks]
    hits += [{"kind": "unit", "id": u.pk, "label": u.name} for u in found.units]
    return hits


@router.get("/assignments", response={200: list[AssignmentOut], **ERRORS})
def list_assignments(
    request: HttpRequest, unit_id: QueryEx[int | None, P(ge=1, le=DB_ID_MAX)] = None
) -> list[Assignment]:
    """List the caller's units' open assignments (any unit for province-wide readers)."""
    actor = actor_for(request.user)
    if unit_id is not None:
        require(actor.sees_province or actor.in_unit(unit_id, *policies.ALL_UNIT_ROLES))
        units = {unit_id}
    elif actor.sees_province:
        units = set(Assignment.objects.values_list("unit_id", flat=True).distinct())
    else:
        units = actor.unit_ids(*policies.ALL_UNIT_ROLES)
    return list(selectors.assignments_for_units(unit_ids=units))


@router.get("/assignments/{assignment_id}", response={200: AssignmentOut, **ERRORS})
def get_assignment(request: HttpRequest, assignment_id: int) -> Assignment:
    """Return one assignment."""
    return _assignment(request, assignment_id)


@router.get("/assignments/{assignment_id}/progress", response={200: list[ProgressOut], **ERRORS})
def list_progress(request: HttpRequest, assignment_id: int) -> list[Any]:
    """Return the progress history of one assignment, newest first."""
    assignment = _assignment(request, assignment_id)
    return list(assignment.updates.select_related("by").prefetch_related("evidence"))


@router.post("/assignments/{assignment_id}/progress", response={201: ProgressOut, **ERRORS})
def add_progress(request: HttpRequest, assignment_id: int, payload: ProgressIn) -> Status[Any]:
    """Record progress on an assignment (officers and heads of the assigned unit)."""
    assignment = _assignment(request, assignment_id)
    update = services.progress_add(assignment=assignment, by=request.user, **payload.dict())
    return Status(201, update)


@router.post(
    "/assignments/{assignment_id}/progress-with-files", response={201: ProgressOut, **ERRORS}
)
def add_progress_with_files(
    request: HttpRequest,
    assignment_id: int,
    payload: Form[ProgressIn],
    files: File[list[UploadedFile] | None] = None,
) -> Status[Any]:
    """Record progress with evidence files (multipart form)."""
    _refuse_unknown_form_fields(request, fields=set(ProgressIn.model_fields), files={"files"})
    assignment = _assignment(request, assignment_id)
    update = services.progress_add(
        assignment=assignment, by=request.user, files=files or [], **payload.dict()
    )
    return Status(201, update)


@router.post("/assignments/{assignment_id}/difficulties", response={201: DifficultyOut, **ERRORS})
def raise_difficulty(
    request: HttpRequest, assignment_id: int, payload: DifficultyIn
) -> Status[Difficulty]:
    """Raise a difficulty on an assignment."""
    assignment = _assignment(request, assignment_id)
    return Status(
        201, services.difficulty_raise(assignment=assignment, text=payload.text, by=request.user)
    )


@router.get("/difficulties", response={200: list[DifficultyOut], **ERRORS})
def list_difficulties(request: HttpRequest) -> list[Difficulty]:
    """List open difficulties the caller may see."""
    actor = actor_for(request.user)
    if actor.sees_province:
        return list(selectors.difficulties_open())
    return list(selectors.difficulties_open(unit_ids=actor.unit_ids(*policies.ALL_UNIT_ROLES)))


@router.post("/difficulties/{difficulty_id}/answer", response={200: DifficultyOut, **ERRORS})
def answer_difficulty(
    request: HttpRequest, difficulty_id: int, payload: DifficultyAnswerIn
) -> Difficulty:
    """Answer a difficulty (coordinator)."""
    difficulty = get_object_or_404(Difficulty, pk=difficulty_id, archived_at=None)
    actor = actor_for(request.user)
    require(policies.can_view_assignment(actor, difficulty.assignment), visible=False)
    return services.difficulty_answer(
        difficulty=difficulty,
        answer=payload.answer,
        expected_version=payload.version,
        by=request.user,
    )


@router.get("/unit-plans", response={200: list[UnitPlanOut], **ERRORS})
def list_unit_plans(
    request: HttpRequest, plan_id: QueryEx[int | None, P(ge=1, le=DB_ID_MAX)] = None
) -> list[UnitPlan]:
    """List the unit plans the caller may see."""
    plan = _plan(request, plan_id) if plan_id is not None else None
    return list(selectors.unit_plans_visible(actor=actor_for(request.user), plan=plan))


@router.post("/unit-plans", response={201: UnitPlanDetailOut, **ERRORS})
def create_unit_plan(request: HttpRequest, payload: UnitPlanIn) -> Status[dict[str, Any]]:
    """Start a unit's implementation plan."""
    plan = _plan(request, payload.plan_id)
    unit = get_object_or_404(Unit, pk=payload.unit_id)
    unit_plan = services.unit_plan_create(
        plan=plan, unit=unit, title=payload.title, summary=payload.summary, by=request.user
    )
    return Status(201, _unit_plan_out(unit_plan))


@router.get("/unit-plans/{unit_plan_id}", response={200: UnitPlanDetailOut, **ERRORS})
def get_unit_plan(request: HttpRequest, unit_plan_id: int) -> dict[str, Any]:
    """Return a unit plan with its activities."""
    return _unit_plan_out(_unit_plan(request, unit_plan_id))


@router.patch("/unit-plans/{unit_plan_id}", response={200: UnitPlanDetailOut, **ERRORS})
def update_unit_plan(
    request: HttpRequest, unit_plan_id: int, payload: UnitPlanPatch
) -> dict[str, Any]:
    """Edit a unit plan; 409 when someone else saved it first."""
    unit_plan = _unit_plan(request, unit_plan_id)
    saved = services.unit_plan_update(
        unit_plan=unit_plan,
        expected_version=payload.version,
        title=payload.title,
        summary=payload.summary,
        by=request.user,
    )
    return _unit_plan_out(saved)


@router.post("/unit-plans/{unit_plan_id}/activities", response={201: ActivityOut, **ERRORS})
def add_activity(request: HttpRequest, unit_plan_id: int, payload: ActivityIn) -> Status[Any]:
    """Add an activity to a unit plan."""
    unit_plan = _unit_plan(request, unit_plan_id)
    task = _task(request, payload.task_id)
    data = payload.dict(exclude={"task_id"})
    return Status(
        201, services.activity_add(unit_plan=unit_plan, task=task, by=request.user, **data)
    )


@router.post("/unit-plans/{unit_plan_id}/submit", response={200: UnitPlanDetailOut, **ERRORS})
def submit_unit_plan(request: HttpRequest, unit_plan_id: int) -> dict[str, Any]:
    """Submit a unit plan to the coordinator (unit head)."""
    unit_plan = _unit_plan(request, unit_plan_id)
    return _unit_plan_out(services.unit_plan_submit(unit_plan=unit_plan, by=request.user))


@router.post("/unit-plans/{unit_plan_id}/review", response={200: UnitPlanDetailOut, **ERRORS})
def review_unit_plan(request: HttpRequest, unit_plan_id: int, payload: ReviewIn) -> dict[str, Any]:
    """Accept or return a submitted unit plan (coordinator)."""
    unit_plan = _unit_plan(request, unit_plan_id)
    if payload.decision == "accept":
        saved = services.unit_plan_accept(
            unit_plan=unit_plan, comment=payload.comment, by=request.user
        )
    else:
        saved = services.unit_plan_return(
            unit_plan=unit_plan, comment=payload.comment, by=request.user
        )
    return _unit_plan_out(saved)


@router.get("/tasks/{task_id}", response={200: TaskWithAssignmentsOut, **ERRORS})
def get_task(request: HttpRequest, task_id: int) -> dict[str, Any]:
    """Return a task with the assignments the caller may see."""
    task = _task(request, task_id)
    data = TaskOut.from_orm(task).dict()
    visible = selectors.task_assignments_visible(task=task, actor=actor_for(request.user))
    data["assignments"] = visible
    return data


@router.patch("/tasks/{task_id}", response={200: TaskOut, **ERRORS})
def update_task(request: HttpRequest, task_id: int, payload: TaskPatch) -> Task:
    """Edit a task (coordinator); 409 when someone else saved it first."""
    task = _task(request, task_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    return services.task_update(task=task, expected_version=version, by=request.user, **data)


@router.post("/tasks/{task_id}/assignments", response={201: list[AssignmentOut], **ERRORS})
def assign_task(request: HttpRequest, task_id: int, payload: AssignIn) -> Status[list[Assignment]]:
    """Assign a task to units and groups (coordinator); groups expand to today's members."""
    task = _task(request, task_id)
    require(policies.can_assign(actor_for(request.user), task.plan))
    units = list(Unit.objects.filter(pk__in=payload.unit_ids))
    groups = list(UnitGroup.objects.filter(pk__in=payload.group_ids, archived_at=None))
    missing = set(payload.unit_ids) - {u.pk for u in units}
    missing_groups = set(payload.group_ids) - {g.pk for g in groups}
    if missing or missing_groups:
        raise ApplicationError(
            "Không tìm thấy đơn vị hoặc nhóm: "
            + ", ".join(str(i) for i in sorted(missing | missing_groups)),
            field="unit_ids" if missing else "group_ids",
        )
    created = services.task_assign(
        task=task, role=payload.role, units=units, groups=groups, by=request.user
    )
    return Status(201, created)


@router.post("/{plan_id}/sections", response={201: SectionCreatedOut, **ERRORS})
def create_section(request: HttpRequest, plan_id: int, payload: PlanSectionIn) -> Status[Any]:
    """Append a Roman-numeral section to a plan (coordinator)."""
    plan = _plan(request, plan_id)
    section = services.section_add(
        plan=plan, numeral=payload.numeral, title=payload.title, by=request.user
    )
    return Status(201, section)


@router.post("/sections/{section_id}/items", response={201: ItemCreatedOut, **ERRORS})
def create_item(request: HttpRequest, section_id: int, payload: ItemIn) -> Status[Any]:
    """Append a numbered item (a task group in section II) to a section (coordinator)."""
    section = get_object_or_404(Section.objects.select_related("plan"), pk=section_id)
    require(policies.can_view_plan(actor_for(request.user), section.plan), visible=False)
    item = services.item_add(section=section, by=request.user, **payload.dict())
    return Status(201, item)


def _section(request: HttpRequest, section_id: int) -> Section:
    section = get_object_or_404(Section.objects.select_related("plan"), pk=section_id)
    require(policies.can_view_plan(actor_for(request.user), section.plan), visible=False)
    return section


def _item(request: HttpRequest, item_id: int) -> Item:
    item = get_object_or_404(Item.objects.select_related("section__plan"), pk=item_id)
    require(policies.can_view_plan(actor_for(request.user), item.section.plan), visible=False)
    return item


@router.patch("/sections/{section_id}", response={200: SectionCreatedOut, **ERRORS})
def update_section(request: HttpRequest, section_id: int, payload: PlanSectionPatch) -> Section:
    """Change a section's numeral or title (coordinator)."""
    section = _section(request, section_id)
    data = payload.dict(exclude_unset=True)
    return services.section_update(
        section=section,
        numeral=data.get("numeral", section.numeral),
        title=data.get("title", section.title),
        by=request.user,
    )


@router.delete("/sections/{section_id}", response={204: None, **ERRORS})
def delete_section(request: HttpRequest, section_id: int) -> Status[None]:
    """Delete a section and its items; refused while a task is under it (coordinator)."""
    services.section_remove(section=_section(request, section_id), by=request.user)
    return Status(204, None)


@router.patch("/items/{item_id}", response={200: ItemCreatedOut, **ERRORS})
def update_item(request: HttpRequest, item_id: int, payload: PlanItemPatch) -> Item:
    """Change an item's number, title or text (coordinator)."""
    item = _item(request, item_id)
    data = payload.dict(exclude_unset=True)
    return services.item_update(
        item=item,
        number=data.get("number", item.number),
        title=data.get("title", item.title),
        body=data.get("body", item.body),
        by=request.user,
    )


@router.delete("/items/{item_id}", response={204: None, **ERRORS})
def delete_item(request: HttpRequest, item_id: int) -> Status[None]:
    """Delete an item; refused while it holds a task (coordinator)."""
    services.item_remove(item=_item(request, item_id), by=request.user)
    return Status(204, None)


@router.post("/items/{item_id}/tasks", response={201: TaskOut, **ERRORS})
def create_task(request: HttpRequest, item_id: int, payload: TaskIn) -> Status[Task]:
    """Add a task to a task group (coordinator)."""
    item = get_object_or_404(Item.objects.select_related("section__plan"), pk=item_id)
    require(policies.can_view_plan(actor_for(request.user), item.section.plan), visible=False)
    return Status(201, services.task_create(item=item, by=request.user, **payload.dict()))


@router.get("/{plan_id}", response={200: PlanDetailOut, **ERRORS})
def get_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    """Return a plan with its outline."""
    plan = _plan(request, plan_id)
    data = PlanOut.from_orm(plan).dict()
    data["preamble"] = plan.preamble
    data["sections"] = [
        {
            "id": s.pk,
            "numeral": s.numeral,
            "title": s.title,
            "items": [
                {
                    "id": i.pk,
                    "number": i.number,
                    "title": i.title,
                    "body": i.body,
                    "tasks": [TaskOut.from_orm(t).dict() for t in i.tasks.all()],
                }
                for i in s.items.all()
            ],
        }
        for s in selectors.plan_outline(plan=plan)
    ]
    return data


@router.patch("/{plan_id}", response={200: PlanOut, **ERRORS})
def update_plan(request: HttpRequest, plan_id: int, payload: PlanPatch) -> Plan:
    """Edit a plan's header (coordinator); 409 when someone else saved it first."""
    plan = _plan(request, plan_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    return services.plan_update(plan=plan, expected_version=version, by=request.user, **data)


@router.post("/{plan_id}/issue", response={200: PlanOut, **ERRORS})
def issue_plan(request: HttpRequest, plan_id: int) -> Plan:
    """Issue a draft plan (coordinator)."""
    return services.plan_issue(plan=_plan(request, plan_id), by=request.user)
