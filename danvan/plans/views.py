"""Plan pages: list, outline, task with progress, assignment, unit plans, review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from danvan.core.access import actor_for, require
from danvan.core.audit import history_for
from danvan.core.errors import ApplicationError, PermissionDeniedError
from danvan.core.exports import FORMATS, table_response
from danvan.core.forms import form_values, run_service
from danvan.core.uploads import private_download
from danvan.orgs.models import Unit
from danvan.orgs.selectors import province_committee

from . import exports_docx, policies, selectors, services
from .forms import (
    ActivityForm,
    AnswerForm,
    AssignForm,
    DifficultyForm,
    ItemForm,
    PlanCreateForm,
    PlanForm,
    ProgressForm,
    ReviewForm,
    SectionForm,
    TaskForm,
    UnitPlanForm,
)
from .models import (
    Activity,
    Assignment,
    Difficulty,
    Evidence,
    Item,
    Plan,
    Section,
    Task,
    UnitPlan,
)


def _plan_for(request: HttpRequest, pk: int) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("issuer"), pk=pk, archived_at=None)
    require(policies.can_view_plan(actor_for(request.user), plan), visible=False)
    return plan


def _task_for(request: HttpRequest, pk: int) -> Task:
    task = get_object_or_404(
        Task.objects.select_related("plan", "item__section"), pk=pk, archived_at=None
    )
    require(policies.can_view_plan(actor_for(request.user), task.plan), visible=False)
    return task


def _assignment_for(request: HttpRequest, pk: int) -> Assignment:
    assignment = get_object_or_404(
        Assignment.objects.select_related("task__plan", "unit"), pk=pk, archived_at=None
    )
    require(policies.can_view_assignment(actor_for(request.user), assignment), visible=False)
    return assignment


def _unit_plan_for(request: HttpRequest, pk: int) -> UnitPlan:
    unit_plan = get_object_or_404(
        UnitPlan.objects.select_related("plan", "unit"), pk=pk, archived_at=None
    )
    require(policies.can_view_unit_plan(actor_for(request.user), unit_plan), visible=False)
    return unit_plan


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """List the plans the user may see."""
    actor = actor_for(request.user)
    plans = selectors.plans_visible(actor=actor)
    year = request.GET.get("nam", "")
    if year.isdigit():
        plans = plans.filter(year=int(year))
    return render(
        request,
        "plans/plan_list.html",
        {"plans": plans, "can_create": policies.can_create_plan(actor), "year": year},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    """Create a draft plan (coordinator)."""
    actor = actor_for(request.user)
    require(policies.can_create_plan(actor))
    issuer = province_committee(on=timezone.localdate())
    form = PlanCreateForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid() and issuer is not None:
        values = form_values(form)
        standard = values.pop("standard_outline")

        def create() -> Plan:
            with transaction.atomic():
                plan = services.plan_create(issuer=issuer, by=request.user, **values)
                if standard:
                    services.plan_outline_standard(plan=plan, by=request.user)
                return plan

        plan = run_service(form, create)
        if plan:
            messages.success(request, _("Đã tạo dự thảo kế hoạch."))
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": None})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a plan's header (coordinator), with optimistic locking."""
    plan = _plan_for(request, pk)
    require(policies.can_edit_plan(actor_for(request.user), plan))
    initial = {
        "symbol": plan.symbol,
        "doc_type": plan.doc_type,
        "place": plan.place,
        "issued_on": plan.issued_on,
        "year": plan.year,
        "title": plan.title,
        "preamble": plan.preamble,
        "legal_bases": "\n".join(plan.legal_bases),
        "signer_authority": plan.signer_authority,
        "signer_name": plan.signer_name,
        "version": plan.version,
    }
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.plan_update(
                plan=plan,
                expected_version=form.cleaned_data["version"],
                by=request.user,
                **form_values(form),
            ),
        )
        if saved:
            messages.success(request, _("Đã lưu kế hoạch."))
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a plan as its outline with each task's assigned units."""
    plan = _plan_for(request, pk)
    actor = actor_for(request.user)
    today = timezone.localdate()
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "sections": selectors.plan_outline(plan=plan),
            "responsibilities": plan.responsibilities.prefetch_related("units", "groups"),
            "can_edit": policies.can_edit_plan(actor, plan),
            "can_issue": policies.can_issue_plan(actor, plan),
            "can_assign": policies.can_assign(actor, plan),
            "by_group": selectors.progress_by_group(plan=plan, on=today),
            "unit_plans": selectors.unit_plans_visible(actor=actor, plan=plan),
            "history": history_for(plan)[:20],
            "today": today,
        },
    )


@login_required
def plan_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the plan's progress table: one row per task and visible unit."""
    plan = _plan_for(request, pk)
    actor = actor_for(request.user)
    fmt = request.GET.get("xuat", "xlsx")
    if fmt not in FORMATS:
        raise Http404
    rows = selectors.assignments_table(plan=plan, actor=actor)
    today = timezone.localdate()
    return table_response(
        headers=[
            _("Mã nhiệm vụ"),
            _("Nhiệm vụ"),
            _("Thời hạn"),
            _("Đơn vị"),
            _("Vai trò"),
            _("Tình trạng"),
            _("Tỷ lệ (%)"),
            _("Quá hạn"),
            _("Cập nhật lần cuối"),
        ],
        rows=(
            [
                a.task.code,
                a.task.title,
                a.task.due_label(),
                a.unit.name,
                a.get_role_display(),
                a.get_status_display(),
                a.percent,
                _("Có") if a.is_overdue(today) else "",
                timezone.localtime(a.last_progress_at) if a.last_progress_at else None,
            ]
            for a in rows
        ),
        filename=f"tien-do-{plan.symbol.replace('/', '-') or plan.pk}",
        fmt=fmt,
    )


@login_required
@require_POST
def plan_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a draft plan."""
    plan = _plan_for(request, pk)
    form = ReviewForm()
    if run_service(form, lambda: services.plan_issue(plan=plan, by=request.user)):
        messages.success(request, _("Đã ban hành kế hoạch."))
    else:
        messages.error(request, " ".join(form.non_field_errors()))
    return redirect("plans:detail", pk=plan.pk)


# Outline: sections and items ------------------------------------------------------------------


def _plan_url(plan: Plan) -> str:
    return reverse("plans:detail", args=[plan.pk])


def _editable_plan(request: HttpRequest, plan: Plan) -> None:
    actor = actor_for(request.user)
    require(policies.can_view_plan(actor, plan), visible=False)
    require(policies.can_edit_plan(actor, plan))


def _next_numeral(plan: Plan) -> str:
    numerals = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
    used = set(plan.sections.values_list("numeral", flat=True))
    return next((n for n in numerals if n not in used), "")


def _next_number(section: Section) -> str:
    numbers = [n for n in section.items.values_list("number", flat=True) if n.isdigit()]
    return str(max((int(n) for n in numbers), default=0) + 1)


@login_required
@require_http_methods(["GET", "POST"])
def section_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Append a section to a plan's outline (coordinator)."""
    plan = _plan_for(request, pk)
    _editable_plan(request, plan)
    form = SectionForm(request.POST or None, initial={"numeral": _next_numeral(plan)})
    if request.method == "POST" and form.is_valid():
        section = run_service(
            form, lambda: services.section_add(plan=plan, by=request.user, **form.cleaned_data)
        )
        if section:
            messages.success(request, _("Đã thêm phần %(n)s.") % {"n": section.numeral})
            return redirect(_plan_url(plan) + f"#phan-{section.pk}")
    return render(
        request, "plans/outline_form.html", {"form": form, "plan": plan, "kind": "section_add"}
    )


@login_required
@require_POST
def outline_standard(request: HttpRequest, pk: int) -> HttpResponse:
    """Give an empty plan the usual outline of a Directive 33 plan (coordinator)."""
    plan = _plan_for(request, pk)
    _editable_plan(request, plan)
    try:
        services.plan_outline_standard(plan=plan, by=request.user)
    except PermissionDeniedError:
        raise
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã tạo khung kế hoạch; hãy sửa các đề mục cho phù hợp."))
    return redirect(_plan_url(plan))


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename a section, or delete it while it holds no task (coordinator)."""
    section = get_object_or_404(Section.objects.select_related("plan"), pk=pk)
    plan = section.plan
    _editable_plan(request, plan)
    initial = {"numeral": section.numeral, "title": section.title}
    form = SectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and "remove" in request.POST:
        form = SectionForm(initial=initial)
        if request.POST.get("confirm"):
            run_service(form, lambda: services.section_remove(section=section, by=request.user))
        else:
            form.cleaned_data = {}
            form.add_error(None, _("Hãy đánh dấu ô xác nhận trước khi xóa phần."))
        if not form.errors:
            messages.success(request, _("Đã xóa phần %(n)s.") % {"n": section.numeral})
            return redirect(_plan_url(plan))
    elif request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.section_update(section=section, by=request.user, **form.cleaned_data),
        )
        if saved:
            messages.success(request, _("Đã lưu phần %(n)s.") % {"n": saved.numeral})
            return redirect(_plan_url(plan) + f"#phan-{section.pk}")
    return render(
        request,
        "plans/outline_form.html",
        {
            "form": form,
            "plan": plan,
            "section": section,
            "kind": "section_edit",
            "removable": services.outline_removable(section),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_add(request: HttpRequest, section_pk: int) -> HttpResponse:
    """Append an item (in section II, a task group) to a section (coordinator)."""
    section = get_object_or_404(Section.objects.select_related("plan"), pk=section_pk)
    plan = section.plan
    _editable_plan(request, plan)
    form = ItemForm(request.POST or None, initial={"number": _next_number(section)})
    if request.method == "POST" and form.is_valid():
        item = run_service(
            form, lambda: services.item_add(section=section, by=request.user, **form.cleaned_data)
        )
        if item:
            messages.success(request, _("Đã thêm mục."))
            return redirect(_plan_url(plan) + f"#muc-{item.pk}")
    return render(
        request,
        "plans/outline_form.html",
        {"form": form, "plan": plan, "section": section, "kind": "item_add"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit an item, or delete it while it holds no task (coordinator)."""
    item = get_object_or_404(Item.objects.select_related("section__plan"), pk=pk)
    plan = item.section.plan
    _editable_plan(request, plan)
    initial = {"number": item.number, "title": item.title, "body": item.body}
    form = ItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and "remove" in request.POST:
        form = ItemForm(initial=initial)
        run_service(form, lambda: services.item_remove(item=item, by=request.user))
        if not form.errors:
            messages.success(request, _("Đã xóa mục."))
            return redirect(_plan_url(plan) + f"#phan-{item.section_id}")
    elif request.method == "POST" and form.is_valid():
        saved = run_service(
            form, lambda: services.item_update(item=item, by=request.user, **form.cleaned_data)
        )
        if saved:
            messages.success(request, _("Đã lưu mục."))
            return redirect(_plan_url(plan) + f"#muc-{item.pk}")
    return render(
        request,
        "plans/outline_form.html",
        {
            "form": form,
            "plan": plan,
            "section": item.section,
            "item": item,
            "kind": "item_edit",
            "removable": services.outline_removable(item),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request: HttpRequest, item_pk: int) -> HttpResponse:
    """Add a task to a task group (coordinator)."""
    item = get_object_or_404(Item.objects.select_related("section__plan"), pk=item_pk)
    _editable_plan(request, item.section.plan)
    form = TaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        task = run_service(
            form, lambda: services.task_create(item=item, by=request.user, **form_values(form))
        )
        if task:
            messages.success(request, _("Đã thêm nhiệm vụ."))
            return redirect("plans:task", pk=task.pk)
    return render(request, "plans/task_form.html", {"form": form, "item": item, "task": None})


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a task (coordinator), with optimistic locking."""
    task = _task_for(request, pk)
    require(policies.can_edit_plan(actor_for(request.user), task.plan))
    initial = {f: getattr(task, f) for f in services.TASK_FIELDS} | {"version": task.version}
    form = TaskForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.task_update(
                task=task,
                expected_version=form.cleaned_data["version"],
                by=request.user,
                **form_values(form),
            ),
        )
        if saved:
            messages.success(request, _("Đã lưu nhiệm vụ."))
            return redirect("plans:task", pk=task.pk)
    return render(request, "plans/task_form.html", {"form": form, "item": task.item, "task": task})


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a task with each visible unit's progress timeline, evidence and difficulties."""
    task = _task_for(request, pk)
    actor = actor_for(request.user)
    assignments = selectors.task_assignments_visible(task=task, actor=actor)
    today = timezone.localdate()
    rows = [
        {
            "assignment": a,
            "can_report": policies.can_report_progress(actor, a),
            "overdue": a.is_overdue(today),
        }
        for a in assignments
    ]
    return render(
        request,
        "plans/task_detail.html",
        {
            "task": task,
            "plan": task.plan,
            "rows": rows,
            "can_assign": policies.can_assign(actor, task.plan),
            "can_edit": policies.can_edit_plan(actor, task.plan),
            "can_answer": actor.is_coordinator,
            "history": history_for(task)[:20],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign a task to units or groups of units (coordinator)."""
    task = _task_for(request, pk)
    require(policies.can_assign(actor_for(request.user), task.plan))
    today = task.plan.reference_date(timezone.localdate())
    units_qs = Unit.objects.active_on(today).order_by("kind", "name")
    query = request.GET.get("q", "").strip()
    form = AssignForm(request.POST or None, units_qs=units_qs)
    if request.method == "POST" and form.is_valid():
        created = run_service(
            form,
            lambda: services.task_assign(
                task=task,
                role=form.cleaned_data["role"],
                units=form.cleaned_data["units"],
                groups=form.cleaned_data["groups"],
                by=request.user,
            ),
        )
        if created is not None:
            if created:
                messages.success(
                    request, _("Đã giao nhiệm vụ cho %(n)d đơn vị.") % {"n": len(created)}
                )
            else:
                messages.info(request, _("Các đơn vị đã chọn đều đã được giao nhiệm vụ này."))
            return redirect("plans:task", pk=task.pk)
    assigned = set(task.assignments.filter(archived_at=None).values_list("unit_id", flat=True))
    return render(
        request,
        "plans/task_assign.html",
        {"task": task, "form": form, "assigned": assigned, "q": query, "today": today},
    )


@login_required
@require_http_methods(["GET", "POST"])
def progress_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Report progress on an assignment, with evidence files."""
    assignment = _assignment_for(request, pk)
    require(policies.can_report_progress(actor_for(request.user), assignment))
    initial = {
        "status": assignment.status,
        "percent": assignment.percent,
        "reported_on": timezone.localdate(),
    }
    form = ProgressForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        update = run_service(
            form,
            lambda: services.progress_add(
                assignment=assignment,
                status=data["status"],
                percent=data["percent"],
                narrative=data["narrative"],
                reported_on=data["reported_on"],
                files=data["files"],
                by=request.user,
            ),
        )
        if update:
            messages.success(request, _("Đã cập nhật tiến độ."))
            return redirect("plans:task", pk=assignment.task_id)
    return render(request, "plans/progress_form.html", {"form": form, "assignment": assignment})


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """Send an evidence file to someone allowed to see its assignment."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("assignment"), pk=pk, archived_at=None
    )
    require(
        policies.can_view_assignment(actor_for(request.user), evidence.assignment), visible=False
    )
    return private_download(
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )


@login_required
@require_http_methods(["GET", "POST"])
def difficulty_raise(request: HttpRequest, pk: int) -> HttpResponse:
    """Raise a difficulty on an assignment."""
    assignment = _assignment_for(request, pk)
    require(policies.can_raise_difficulty(actor_for(request.user), assignment))
    form = DifficultyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.difficulty_raise(
                assignment=assignment, text=form.cleaned_data["text"], by=request.user
            ),
        )
        if done:
            messages.success(request, _("Đã gửi khó khăn, vướng mắc tới Sở Nội vụ."))
            return redirect("plans:task", pk=assignment.task_id)
    return render(request, "plans/difficulty_form.html", {"form": form, "assignment": assignment})


@login_required
@require_http_methods(["GET", "POST"])
def difficulty_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Answer a difficulty (coordinator), with optimistic locking."""
    difficulty = get_object_or_404(
        Difficulty.objects.select_related("assignment__task", "assignment__unit", "raised_by"),
        pk=pk,
        archived_at=None,
    )
    actor = actor_for(request.user)
    require(policies.can_view_assignment(actor, difficulty.assignment), visible=False)
    require(policies.can_answer_difficulty(actor, difficulty))
    form = AnswerForm(
        request.POST or None, initial={"answer": difficulty.answer, "version": difficulty.version}
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.difficulty_answer(
                difficulty=difficulty,
                answer=form.cleaned_data["answer"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
            ),
        )
        if done:
            messages.success(request, _("Đã trả lời."))
            return redirect("plans:task", pk=difficulty.assignment.task_id)
    return render(request, "plans/difficulty_answer.html", {"form": form, "difficulty": difficulty})


@login_required
def difficulty_list(request: HttpRequest) -> HttpResponse:
    """List open difficulties the user may see."""
    actor = actor_for(request.user)
    if actor.sees_province:
        rows = selectors.difficulties_open()
    else:
        rows = selectors.difficulties_open(unit_ids=actor.unit_ids(*policies.ALL_UNIT_ROLES))
    return render(request, "plans/difficulty_list.html", {"difficulties": rows})


# Unit implementation plans ------------------------------------------------------------------


@login_required
def unit_plan_list(request: HttpRequest) -> HttpResponse:
    """List unit plans: one's own unit's, or all submitted ones for the coordinator."""
    actor = actor_for(request.user)
    rows = selectors.unit_plans_visible(actor=actor)
    status = request.GET.get("trang_thai", "")
    if status:
        rows = rows.filter(status=status)
    plans = selectors.plans_visible(actor=actor).filter(status="issued")
    creatable = []
    writer_units = actor.unit_ids(*policies.UNIT_WRITERS)
    if writer_units:
        for plan in plans:
            have = set(
                UnitPlan.objects.filter(plan=plan, archived_at=None).values_list(
                    "unit_id", flat=True
                )
            )
            assigned = set(
                Assignment.objects.filter(
                    task__plan=plan, unit_id__in=writer_units, archived_at=None
                ).values_list("unit_id", flat=True)
            )
            for unit in Unit.objects.filter(pk__in=assigned - have):
                creatable.append((plan, unit))
    return render(
        request,
        "plans/unit_plan_list.html",
        {"unit_plans": rows, "creatable": creatable, "status": status},
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_plan_create(request: HttpRequest, plan_pk: int, unit_pk: int) -> HttpResponse:
    """Start a unit's implementation plan."""
    plan = _plan_for(request, plan_pk)
    unit = get_object_or_404(Unit, pk=unit_pk)
    require(policies.can_create_unit_plan(actor_for(request.user), unit.pk))
    initial = {
        "title": _("Kế hoạch triển khai %(symbol)s của %(unit)s")
        % {"symbol": plan.symbol, "unit": unit.name}
    }
    form = UnitPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        unit_plan = run_service(
            form,
            lambda: services.unit_plan_create(
                plan=plan,
                unit=unit,
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                by=request.user,
            ),
        )
        if unit_plan:
            messages.success(request, _("Đã tạo kế hoạch triển khai. Hãy thêm các hoạt động."))
            return redirect("plans:unit_plan", pk=unit_plan.pk)
    return render(
        request, "plans/unit_plan_create.html", {"form": form, "plan": plan, "unit": unit}
    )


def _unit_tasks(unit_plan: UnitPlan):  # type: ignore[no-untyped-def]
    return (
        Task.objects.filter(
            plan=unit_plan.plan,
            archived_at=None,
            assignments__unit=unit_plan.unit,
            assignments__archived_at=None,
        )
        .distinct()
        .order_by("position")
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show and edit a unit plan: header, activities, submission and review."""
    unit_plan = _unit_plan_for(request, pk)
    actor = actor_for(request.user)
    can_edit = policies.can_edit_unit_plan(actor, unit_plan)
    header = UnitPlanForm(
        None,
        initial={
            "title": unit_plan.title,
            "summary": unit_plan.summary,
            "version": unit_plan.version,
        },
    )
    activity_form = ActivityForm(None, tasks_qs=_unit_tasks(unit_plan))
    if request.method == "POST":
        require(can_edit)
        action = request.POST.get("action")
        if action == "save":
            header = UnitPlanForm(request.POST)
            if header.is_valid() and run_service(
                header,
                lambda: services.unit_plan_update(
                    unit_plan=unit_plan,
                    expected_version=header.cleaned_data["version"],
                    title=header.cleaned_data["title"],
                    summary=header.cleaned_data["summary"],
                    by=request.user,
                ),
            ):
                messages.success(request, _("Đã lưu kế hoạch triển khai."))
                return redirect("plans:unit_plan", pk=unit_plan.pk)
        elif action == "add_activity":
            activity_form = ActivityForm(request.POST, tasks_qs=_unit_tasks(unit_plan))
            if activity_form.is_valid() and run_service(
                activity_form,
                lambda: services.activity_add(
                    unit_plan=unit_plan, by=request.user, **activity_form.cleaned_data
                ),
            ):
                messages.success(request, _("Đã thêm hoạt động."))
                return redirect(f"{request.path}#hoat-dong")
        elif action == "remove_activity":
            raw = request.POST.get("activity", "")
            if not raw.isdigit() or len(raw) > 18:
                raise Http404
            activity = get_object_or_404(
                Activity, pk=int(raw), unit_plan=unit_plan, archived_at=None
            )
            services.activity_archive(activity=activity, by=request.user)
            messages.success(request, _("Đã bỏ hoạt động."))
            return redirect(f"{request.path}#hoat-dong")
        elif action == "submit":
            form = ReviewForm()
            if run_service(
                form, lambda: services.unit_plan_submit(unit_plan=unit_plan, by=request.user)
            ):
                messages.success(request, _("Đã trình kế hoạch triển khai tới Sở Nội vụ."))
            else:
                messages.error(request, " ".join(form.non_field_errors()))
            return redirect("plans:unit_plan", pk=unit_plan.pk)
    return render(
        request,
        "plans/unit_plan_detail.html",
        {
            "unit_plan": unit_plan,
            "activities": selectors.unit_plan_detail(unit_plan=unit_plan),
            "events": unit_plan.events.select_related("by"),
            "header": header,
            "activity_form": activity_form,
            "can_edit": can_edit,
            "can_submit": policies.can_submit_unit_plan(actor, unit_plan),
            "can_review": policies.can_review_unit_plan(actor, unit_plan),
            "review_form": ReviewForm(),
        },
    )


@login_required
@require_POST
def unit_plan_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or return a submitted unit plan (coordinator)."""
    unit_plan = _unit_plan_for(request, pk)
    actor = actor_for(request.user)
    require(policies.can_review_unit_plan(actor, unit_plan))
    form = ReviewForm(request.POST)
    if form.is_valid():
        comment = form.cleaned_data["comment"]
        if form.cleaned_data["decision"] == "accept":
            done = run_service(
                form,
                lambda: services.unit_plan_accept(
                    unit_plan=unit_plan, comment=comment, by=request.user
                ),
            )
            text = _("Đã chấp thuận kế hoạch triển khai.")
        else:
            done = run_service(
                form,
                lambda: services.unit_plan_return(
                    unit_plan=unit_plan, comment=comment, by=request.user
                ),
            )
            text = _("Đã trả lại kế hoạch triển khai kèm ý kiến.")
        if done:
            messages.success(request, text)
            return redirect("plans:unit_plan", pk=unit_plan.pk)
    return render(
        request,
        "plans/unit_plan_detail.html",
        {
            "unit_plan": unit_plan,
            "activities": selectors.unit_plan_detail(unit_plan=unit_plan),
            "events": unit_plan.events.select_related("by"),
            "can_review": True,
            "review_form": form,
        },
        status=422,
    )


@login_required
def plan_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the plan as its official document (DOCX, Decree 30 layout)."""
    plan = _plan_for(request, pk)
    response = HttpResponse(
        exports_docx.plan_docx(plan),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=exports_docx.plan_docx_filename(plan)
    )
    response["Cache-Control"] = "private, no-store"
    return response
