"""Writes of the imports app: upload, read, review, make the draft plan, keep the registry."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import (
    DatabaseError,
    IntegrityError,
    OperationalError,
    close_old_connections,
    transaction,
)
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.access import actor_for, require
from danvan.core.audit import audit_record, snapshot
from danvan.core.errors import ApplicationError
from danvan.core.locking import lock_for_edit
from danvan.core.uploads import clean_filename
from danvan.lib.planparse import fold_word
from danvan.lib.vntext import fold, nfc
from danvan.orgs.models import Unit, UnitGroup
from danvan.orgs.selectors import province_committee
from danvan.plans import services as plan_services
from danvan.plans.models import Plan, PlanStatus, Responsibility, ResponsibilityRole

from . import policies
from .analysis import analyse, contract
from .models import Citation, ImportEvent, ImportJob, ImportStatus, LegalDocument
from .readers import DocumentReadError, Limits, precheck, read_document
from .selectors import unit_aliases

log = logging.getLogger(__name__)
T = TypeVar("T")
ROLES = set(ResponsibilityRole.values)
TITLE_MAX = 300


def _event(job: ImportJob, to_status: str, by: Any, note: str = "", from_status: str = "") -> None:
    ImportEvent.objects.create(
        job=job,
        by=by if getattr(by, "is_authenticated", False) else None,
        from_status=from_status,
        to_status=to_status,
        note=note[:2000],
    )


# Upload and reading -------------------------------------------------------------------------


@transaction.atomic
def import_job_create(*, upload: UploadedFile, by: Any) -> tuple[ImportJob, bool]:
    """Store an uploaded plan file and queue its reading; the same file again returns its job.

    The file is checked first (type by content, size, page count, zip bombs, encryption), so
    a bad file leaves nothing behind.
    """
    actor = actor_for(by)
    require(policies.can_upload(actor))
    name = clean_filename(upload.name or "")
    limits = Limits.from_settings()
    if upload.size is not None and upload.size > limits.max_bytes:
        raise DocumentReadError(
            _("Tệp vượt quá dung lượng cho phép (%(mb)d MB).")
            % {"mb": limits.max_bytes // (1024 * 1024)}
        )
    data = upload.read(limits.max_bytes + 1)
    precheck(data, name, limits)
    digest = hashlib.sha256(data).hexdigest()
    existing = ImportJob.objects.filter(sha256=digest, archived_at__isnull=True).first()
    if existing is not None:
        if not policies.can_view_job(actor, existing):
            raise ApplicationError(
                _("Tệp này đã được nhập trước đó (lần nhập số %(id)d); hãy liên hệ Sở Nội vụ.")
                % {"id": existing.pk},
                field="file",
                code="duplicate",
            )
        return existing, False
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    job = ImportJob(
        token=secrets.token_hex(16),
        sha256=digest,
        original_name=name,
        extension=ext,
        size=len(data),
        created_by=by,
    )
    job.file.save(f"{job.token}{ext}", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            job.save()
    except IntegrityError:
        # The same file uploaded twice at the same moment: keep the first one.
        job.file.delete(save=False)
        existing = ImportJob.objects.get(sha256=digest, archived_at__isnull=True)
        require(policies.can_view_job(actor, existing))
        return existing, False
    _event(job, ImportStatus.PENDING, by)
    audit_record(action="import_job.create", obj=job, by=by, after=_job_summary(job))
    transaction.on_commit(lambda: import_job_start(job_id=job.pk))
    return job, True


def _job_summary(job: ImportJob) -> dict[str, Any]:
    return snapshot(
        job, ["original_name", "size", "sha256", "status", "kind", "pages", "plan", "error"]
    )


def import_job_start(*, job_id: int) -> None:
    """Read the file now, in a background thread, or leave it to `import_jobs_run`."""
    mode = getattr(settings, "DANVAN_IMPORT_RUN", None) or "thread"
    if mode == "sync":
        import_job_process(job_id=job_id)
    elif mode == "thread":
        thread = threading.Thread(target=_process_in_thread, args=(job_id,), daemon=True)
        thread.start()


def _process_in_thread(job_id: int) -> None:
    try:
        import_job_process(job_id=job_id)
    except Exception:  # the job is marked failed inside; never crash the worker thread
        log.exception("import job %s failed", job_id)
    finally:
        close_old_connections()


def _retry_busy(write: Callable[[], T], attempts: int = 5) -> T:
    """Run a short write again when the database is busy (SQLite locks, PostgreSQL deadlocks).

    A background reading takes minutes; losing its result to one busy moment would make the
    user upload the file again.
    """
    for attempt in range(1, attempts + 1):
        try:
            return write()
        except OperationalError:
            if attempt == attempts:
                raise
            log.warning("database busy, retrying (%s/%s)", attempt, attempts, exc_info=True)
            time.sleep(0.2 * attempt)
    raise AssertionError("unreachable")


def _claim(job_id: int) -> str | None:
    """Take a pending job for reading; return the claim token, or None if someone else has it."""
    token = secrets.token_hex(16)

    def claim() -> int:
        now = timezone.now()
        return ImportJob.objects.filter(
            pk=job_id, status=ImportStatus.PENDING, archived_at__isnull=True
        ).update(status=ImportStatus.RUNNING, started_at=now, heartbeat_at=now, claim=token)

    return token if _retry_busy(claim) == 1 else None


def import_jobs_requeue_stale(*, older_than: dt.timedelta) -> int:
    """Put back in the queue the readings that a stopped server left half done.

    A reading beats at its claim and at every page; one that has not beaten for
    `older_than` was cut off (a page of OCR takes minutes at most).
    """
    cutoff = timezone.now() - older_than
    silent = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    running = ImportJob.objects.filter(silent, status=ImportStatus.RUNNING)
    requeued = 0
    for job_id in list(running.filter(archived_at__isnull=True).values_list("pk", flat=True)):
        with transaction.atomic():
            updated = running.filter(pk=job_id).update(
                status=ImportStatus.PENDING, progress_done=0, progress_message="", claim=""
            )
            if updated:
                job = ImportJob.objects.get(pk=job_id)
                _event(
                    job,
                    ImportStatus.PENDING,
                    None,
                    _("Đọc lại vì lần đọc trước bị gián đoạn"),
                    from_status=ImportStatus.RUNNING,
                )
                audit_record(action="import_job.requeue", obj=job, by=None, after=_job_summary(job))
                requeued += 1
    return requeued


def import_job_process(*, job_id: int) -> ImportJob | None:
    """Read a pending job's file, repair and parse it; safe to call twice (claims the row)."""
    token = _claim(job_id)
    if token is None:
        return None
    job = ImportJob.objects.get(pk=job_id)
    _retry_busy(lambda: _event(job, ImportStatus.RUNNING, None, from_status=ImportStatus.PENDING))

    def progress(done: int, total: int, message: str) -> None:
        try:
            ImportJob.objects.filter(pk=job_id, claim=token).update(
                progress_done=done,
                progress_total=total,
                progress_message=message[:200],
                heartbeat_at=timezone.now(),
            )
        except DatabaseError:
            # Progress is only shown to the user; a busy database must not fail the reading.
            log.warning("import job %s: progress not saved", job_id, exc_info=True)

    try:
        with job.file.open("rb") as handle:
            data = handle.read()
        extracted = read_document(data, job.original_name, progress=progress)
        analysis = analyse(extracted.text, aliases=unit_aliases())
        result = contract(analysis)
    except DocumentReadError as exc:
        reason = exc.message
        return _retry_busy(lambda: _fail(job, reason, token))
    except Exception as exc:
        log.exception("import job %s: unexpected error", job_id)
        message = _("Lỗi không mong đợi khi đọc tệp (%(e)s).") % {"e": type(exc).__name__}
        return _retry_busy(lambda: _fail(job, message, token))
    return _retry_busy(lambda: _save_reading(job_id, token, extracted, analysis, result))


def _still_ours(job: ImportJob, token: str) -> bool:
    if job.status == ImportStatus.RUNNING and job.claim == token:
        return True
    log.warning("import job %s: reading superseded (status %s), result dropped", job.pk, job.status)
    return False


def _save_reading(
    job_id: int, token: str, extracted: Any, analysis: Any, result: dict[str, Any]
) -> ImportJob:
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        if not _still_ours(job, token):
            return job
        job.kind = extracted.kind
        job.pages = extracted.pages
        job.ocr = extracted.ocr
        job.extracted_text = extracted.text
        job.restored_text = analysis.restored_text
        job.damage_ratio = analysis.damage
        job.repaired = analysis.repaired
        job.uncertain = analysis.uncertain
        job.parsed = result
        job.structure = _initial_structure(result)
        job.status = ImportStatus.READY
        job.finished_at = timezone.now()
        job.progress_done = job.progress_total = max(job.progress_total, 1)
        job.claim = ""
        job.save()
        _event(job, ImportStatus.READY, None, from_status=ImportStatus.RUNNING)
        audit_record(action="import_job.read", obj=job, by=None, after=_job_summary(job))
    return job


def _fail(job: ImportJob, message: str, token: str) -> ImportJob:
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if not _still_ours(job, token):
            return job
        job.status = ImportStatus.FAILED
        job.error = message
        job.finished_at = timezone.now()
        job.claim = ""
        job.save()
        _event(job, ImportStatus.FAILED, None, message, from_status=ImportStatus.RUNNING)
        audit_record(action="import_job.fail", obj=job, by=None, after=_job_summary(job))
    return job


def _initial_structure(result: dict[str, Any]) -> dict[str, Any]:
    tasks = [dict(t, include=True, title=t["title"][:TITLE_MAX]) for t in result["tasks"]]
    return {
        "header": dict(result["header"]),
        "preamble": "",
        "sections": result["sections"],
        "tasks": tasks,
        "actors": [dict(a) for a in result["actors"]],
        "actor_keys": [None for _a in result["actors"]],
        "citations": result["citations"],
    }


# Review ---------------------------------------------------------------------------------------


def _clean(value: Any, limit: int = 2000) -> str:
    return nfc(str(value or "")).strip()[:limit]


@transaction.atomic
def import_job_review(
    *, job: ImportJob, expected_version: int | None, changes: dict[str, Any], by: Any
) -> ImportJob:
    """Save the reviewer's corrections to the structure read from the file.

    `changes` has "header" (field -> text), "sections" (index -> title), "items"
    ((section, item) -> title), "tasks" (index -> {"title", "include"}) and "actors"
    (index -> {"unit_key", "role"}).
    """
    require(policies.can_review_job(actor_for(by), job))
    fresh = lock_for_edit(job, expected_version)
    structure = fresh.structure or {}
    before = {"structure": structure}
    header = structure.get("header", {})
    for field in ("issuer", "full_ref", "place", "type", "title"):
        if field in changes.get("header", {}):
            header[field] = _clean(changes["header"][field], 1000) or None
    if "date" in changes.get("header", {}):
        header["date"] = (
            changes["header"]["date"].isoformat() if changes["header"]["date"] else None
        )
    sections = structure.get("sections", [])
    for index, title in changes.get("sections", {}).items():
        if 0 <= index < len(sections) and _clean(title):
            sections[index]["title"] = _clean(title, 300)
    for (s_index, i_index), title in changes.get("items", {}).items():
        if 0 <= s_index < len(sections) and 0 <= i_index < len(sections[s_index]["items"]):
            sections[s_index]["items"][i_index]["title"] = _clean(title, 1000) or None
    tasks = structure.get("tasks", [])
    for index, task in changes.get("tasks", {}).items():
        if 0 <= index < len(tasks):
            title = _clean(task.get("title"), TITLE_MAX)
            if task.get("include", True) and not title:
                raise ApplicationError(
                    _("Nhiệm vụ %(code)s cần có tên.") % {"code": tasks[index]["code"]},
                    field=f"task-{index}-title",
                )
            tasks[index]["title"] = title or tasks[index]["title"]
            tasks[index]["include"] = bool(task.get("include", True))
    actors = structure.get("actors", [])
    keys = structure.setdefault("actor_keys", [None] * len(actors))
    valid = _valid_keys()
    for index, actor in changes.get("actors", {}).items():
        if 0 <= index < len(actors):
            key = actor.get("unit_key") or None
            if key is not None and key not in valid:
                raise ApplicationError(_("Đơn vị đã chọn không hợp lệ."), field=f"actor-{index}")
            keys[index] = key
            role = actor.get("role")
            if role:
                if role not in ROLES:
                    raise ApplicationError(_("Vai trò không hợp lệ."), field=f"actor-{index}-role")
                actors[index]["role"] = role
    fresh.structure = structure
    fresh.save()
    audit_record(action="import_job.review", obj=fresh, by=by, before=before)
    return fresh


def _valid_keys() -> set[str]:
    keys = {
        f"unit:{pk}"
        for pk in Unit.objects.filter(archived_at__isnull=True).values_list("pk", flat=True)
    }
    keys |= {
        f"group:{pk}"
        for pk in UnitGroup.objects.filter(archived_at__isnull=True).values_list("pk", flat=True)
    }
    return keys


def actor_key(structure: dict[str, Any], index: int) -> str | None:
    """Return the unit key chosen for an actor: the reviewer's pick, else the parser's match."""
    keys = structure.get("actor_keys") or []
    picked = keys[index] if index < len(keys) else None
    if picked:
        return str(picked)
    return None


# Draft plan ---------------------------------------------------------------------------------


def _issuer_unit(header: dict[str, Any], day: dt.date) -> Unit:
    wanted = fold(header.get("issuer") or "")
    if wanted:
        for unit in Unit.objects.filter(archived_at__isnull=True):
            names = [unit.name, *(unit.aliases or [])]
            if any(fold(n) == wanted for n in names if isinstance(n, str)):
                return unit
    unit = province_committee(on=day) or province_committee(on=timezone.localdate())
    if unit is None:
        raise ApplicationError(_("Chưa xác định được cơ quan ban hành kế hoạch."), field="issuer")
    return unit


def _doc_code(header: dict[str, Any]) -> str:
    symbol = header.get("symbol") or ""
    code = symbol.split("-")[0].split("/")[0] if symbol else ""
    return code[:10] or "KH"


def _plan_fields(structure: dict[str, Any]) -> tuple[dict[str, Any], dt.date]:
    header = structure.get("header", {})
    try:
        issued_on = dt.date.fromisoformat(header["date"]) if header.get("date") else None
    except ValueError:
        issued_on = None
    day = issued_on or timezone.localdate()
    number = header.get("number") or ""
    citations = structure.get("citations", [])
    return (
        {
            "title": header.get("title") or "",
            "year": day.year,
            "number": int(number) if str(number).isdigit() and int(number) < 2**31 else None,
            "symbol": (header.get("full_ref") or "")[:60],
            "doc_type": _doc_code(header),
            "place": (header.get("place") or "")[:100],
            "issued_on": issued_on,
            "preamble": structure.get("preamble") or "",
            "legal_bases": [_basis(c) for c in citations],
        },
        day,
    )


def _basis(citation: dict[str, Any]) -> str:
    if citation.get("family") == "law" or not (citation.get("full_ref") or "")[:1].isdigit():
        return citation["full_ref"]
    text = f"{citation.get('type') or ''} số {citation['full_ref']}".strip()
    if citation.get("date"):
        text += f" ngày {dt.date.fromisoformat(citation['date']):%d/%m/%Y}"
    if citation.get("issuer"):
        text += f" của {citation['issuer']}"
    if citation.get("subject"):
        text += f" về {citation['subject']}"
    return text


@transaction.atomic
def import_job_make_plan(*, job: ImportJob, by: Any) -> Plan:
    """Create the draft plan of a reviewed import, or bring its draft up to date.

    The plan stays a draft: it is issued through the normal plan flow after review.
    """
    require(policies.can_make_plan(actor_for(by), job))
    fresh = lock_for_edit(job, None)
    structure = fresh.structure or {}
    fields, day = _plan_fields(structure)
    if fresh.plan_id is None:
        issuer = _issuer_unit(structure.get("header", {}), day)
        title = fields.pop("title")
        year = fields.pop("year")
        plan = plan_services.plan_create(issuer=issuer, title=title, year=year, by=by, **fields)
        action = "import_job.draft"
    else:
        plan = Plan.objects.get(pk=fresh.plan_id)
        if plan.status != PlanStatus.DRAFT:
            raise ApplicationError(_("Kế hoạch đã ban hành; không cập nhật từ văn bản nhập."))
        plan = plan_services.plan_update(plan=plan, expected_version=None, by=by, **fields)
        action = "import_job.update_draft"
    _outline(plan, structure, by)
    _responsibilities(plan, structure, by)
    _citations(plan, fresh, structure, by)
    before_status = fresh.status
    fresh.plan = plan
    fresh.status = ImportStatus.DRAFTED
    fresh.save()
    if before_status != ImportStatus.DRAFTED:
        _event(fresh, ImportStatus.DRAFTED, by, from_status=before_status)
    audit_record(action=action, obj=fresh, by=by, after={"plan": plan.pk})
    return plan


def _outline(plan: Plan, structure: dict[str, Any], by: Any) -> None:
    sections = {s.numeral: s for s in plan.sections.all()}
    items: dict[tuple[str, str], Any] = {}
    for section in sections.values():
        for item in section.items.all():
            items[(section.numeral, item.number)] = item
    for s_row in structure.get("sections", []):
        section = sections.get(s_row["numeral"])
        if section is None:
            section = plan_services.section_add(
                plan=plan, numeral=s_row["numeral"], title=s_row["title"][:300], by=by
            )
            sections[section.numeral] = section
        for i_row in s_row.get("items", []):
            key = (section.numeral, i_row.get("number") or "")
            if key not in items:
                items[key] = plan_services.item_add(
                    section=section,
                    number=i_row.get("number") or "",
                    title=i_row.get("title") or "",
                    body=i_row.get("body") or "",
                    by=by,
                )
    existing = {t.code: t for t in plan.tasks.filter(archived_at__isnull=True)}
    for t_row in structure.get("tasks", []):
        if not t_row.get("include", True):
            continue
        item = items.get((t_row["section"], t_row.get("item") or ""))
        if item is None:
            continue
        title = (t_row.get("title") or "")[:TITLE_MAX]
        description = t_row.get("description") or ""
        task = existing.get(t_row["code"])
        if task is None:
            plan_services.task_create(
                item=item, code=t_row["code"], title=title, description=description, by=by
            )
        elif task.title != title or task.description != description:
            plan_services.task_update(
                task=task, expected_version=None, by=by, title=title, description=description
            )


def _responsibilities(plan: Plan, structure: dict[str, Any], by: Any) -> None:
    # No plans service writes responsibilities yet; rows are created here, audited, and never
    # deleted (an update only adds the ones that are new).
    have = {(fold_word(r.actor), r.role) for r in plan.responsibilities.all()}
    position = plan.responsibilities.count()
    for index, row in enumerate(structure.get("actors", [])):
        role = row.get("role")
        name = (row.get("name") or "")[:300]
        if role not in ROLES or not name or (fold_word(name), role) in have:
            continue
        resp = Responsibility.objects.create(
            plan=plan, actor=name, role=role, text=row.get("text") or "", position=position
        )
        position += 1
        have.add((fold_word(name), role))
        key = actor_key(structure, index) or row.get("unit_key")
        if key and key.startswith("unit:"):
            resp.units.set(Unit.objects.filter(pk=int(key[5:])))
        elif key and key.startswith("group:"):
            resp.groups.set(UnitGroup.objects.filter(pk=int(key[6:])))
        audit_record(action="responsibility.import", obj=resp, by=by)


def _document_key(row: dict[str, Any]) -> str:
    if row.get("family") == "law" or not (row.get("full_ref") or "")[:1].isdigit():
        return "law:" + fold(row.get("full_ref") or "")
    family = "party" if "-" in (row["full_ref"].split("/")[0]) else "state"
    return f"{family}:{fold(row['full_ref'])}"


def _legal_search_text(doc: LegalDocument) -> str:
    return fold(f"{doc.doc_type} {doc.full_ref} {doc.number} {doc.issuer} {doc.title}")


def legal_document_for(*, row: dict[str, Any], by: Any) -> LegalDocument:
    """Return the registry entry of a parsed citation, creating it the first time it is seen."""
    key = _document_key(row)
    doc = LegalDocument.objects.filter(key=key).first()
    if doc is not None:
        changed = False
        for attr, value in (("issuer", row.get("issuer")), ("title", row.get("subject"))):
            if value and not getattr(doc, attr):
                setattr(doc, attr, value[:2000] if attr == "title" else value[:200])
                changed = True
        if not doc.issued_on and row.get("date"):
            doc.issued_on = dt.date.fromisoformat(row["date"])
            changed = True
        if changed:
            doc.search_text = _legal_search_text(doc)
            doc.save()
        return doc
    family = key.split(":", 1)[0]
    doc = LegalDocument(
        key=key,
        family=family,
        doc_type=(row.get("type") or "")[:60],
        number=(row.get("number") or "")[:30],
        symbol=(row.get("symbol") or "")[:60],
        full_ref=(row.get("full_ref") or "")[:200],
        issued_on=dt.date.fromisoformat(row["date"]) if row.get("date") else None,
        issuer=(row.get("issuer") or "")[:200],
        title=row.get("subject") or "",
        flags=list(row.get("flags") or []),
    )
    doc.search_text = _legal_search_text(doc)
    doc.save()
    audit_record(action="legal_document.create", obj=doc, by=by)
    return doc


def _citations(plan: Plan, job: ImportJob, structure: dict[str, Any], by: Any) -> None:
    position = Citation.objects.filter(plan=plan).count()
    for row in structure.get("citations", []):
        doc = legal_document_for(row=row, by=by)
        for mention in row.get("mentions", []):
            offset = int(mention.get("offset") or 0)
            citation, created = Citation.objects.get_or_create(
                plan=plan,
                document=doc,
                offset=offset,
                defaults={
                    "job": job,
                    "section": mention.get("section") or "",
                    "item": mention.get("item") or "",
                    "mention": (mention.get("text") or "")[:2000],
                    "position": position,
                },
            )
            if created:
                position += 1
                audit_record(action="citation.create", obj=citation, by=by)


# Registry -----------------------------------------------------------------------------------

LEGAL_FIELDS = ("doc_type", "full_ref", "issued_on", "issuer", "title", "url")


@transaction.atomic
def legal_document_update(
    *, document: LegalDocument, expected_version: int | None, by: Any, **fields: Any
) -> LegalDocument:
    """Correct a registry entry; refused if someone else saved it first."""
    require(policies.can_edit_legal_document(actor_for(by)))
    unknown = set(fields) - set(LEGAL_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown fields: {sorted(unknown)}")
    fresh = lock_for_edit(document, expected_version)
    before = snapshot(fresh)
    for key, value in fields.items():
        setattr(fresh, key, _clean(value, 2000) if isinstance(value, str) else value)
    if not fresh.full_ref:
        raise ApplicationError(_("Số, ký hiệu không được để trống."), field="full_ref")
    if fresh.url and not fresh.url.startswith(("https://", "http://")):
        raise ApplicationError(_("Đường dẫn phải bắt đầu bằng https://"), field="url")
    fresh.search_text = _legal_search_text(fresh)
    fresh.save()
    audit_record(action="legal_document.update", obj=fresh, by=by, before=before)
    return fresh


@transaction.atomic
def plan_citations_record(*, plan: Plan, by: Any) -> int:
    """Record the documents a plan already in the system cites (its legal bases and items).

    For plans typed in rather than imported; safe to run again (nothing is recorded twice).
    Returns the number of new citations.
    """
    require(policies.can_edit_legal_document(actor_for(by)))
    from danvan.lib.planparse.citations import find_citations

    blocks: list[tuple[str, str, str]] = [("", "", basis) for basis in plan.legal_bases]
    if plan.preamble:
        blocks.append(("", "", plan.preamble))
    for section in plan.sections.prefetch_related("items"):
        for item in section.items.all():
            blocks.append((section.numeral, item.number, f"{item.title}\n\n{item.body}"))
    made = 0
    position = Citation.objects.filter(plan=plan).count()
    own = plan.symbol or None
    base = 0
    for section, number, text in blocks:
        for citation in find_citations(text, own_ref=own):
            doc = legal_document_for(row=citation.as_json() | {"family": citation.family}, by=by)
            for mention in citation.mentions:
                row, created = Citation.objects.get_or_create(
                    plan=plan,
                    document=doc,
                    offset=base + mention.start,
                    defaults={
                        "section": section,
                        "item": number,
                        "mention": mention.text[:2000],
                        "position": position,
                    },
                )
                if created:
                    position += 1
                    made += 1
                    audit_record(action="citation.create", obj=row, by=by)
        base += len(text) + 1
    return made
