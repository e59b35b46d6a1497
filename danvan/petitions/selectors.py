"""Reads on petition cases: lists with filters, the dashboard, statistics, public status.

Nothing here returns a denouncer's identity: it is decrypted only by
`services.identity_reveal`, which checks the policy and logs the view.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from danvan.core.access import Actor
from danvan.lib.vntext import fold
from danvan.orgs.models import Unit

from . import crypto, policies
from .models import (
    OPEN_STATUSES,
    Case,
    CaseDeadline,
    CaseEvent,
    Channel,
    Kind,
    Petitioner,
    Status,
    Step,
)

DUE_SOON_DAYS = 5
# A dummy hash compared when the code is unknown, so both paths take the same time.
_DUMMY_HASH = "0" * 64


def cases_visible(*, actor: Actor) -> QuerySet[Case]:
    """Return the cases the actor may read: province-wide readers all, units their own."""
    qs = Case.objects.select_related("unit", "handler")
    if actor.sees_province:
        return qs
    return qs.filter(unit_id__in=actor.unit_ids(*policies.UNIT_WORKERS))


@dataclass(frozen=True)
class CaseFilters:
    """The filters of the case list (all optional)."""

    q: str = ""
    status: str = ""
    kind: str = ""
    channel: str = ""
    unit_id: int | None = None
    handler_id: int | None = None
    due: str = ""  # "soon", "overdue", "prolonged"
    flag: str = ""  # "complex", "backlogged", "prolonged"
    open_only: bool = False


def cases_filtered(
    *, actor: Actor, filters: CaseFilters, today: dt.date | None = None
) -> QuerySet[Case]:
    """Return the visible cases matching the filters, newest first."""
    today = today or timezone.localdate()
    qs = cases_visible(actor=actor)
    if filters.q:
        for word in fold(filters.q).split()[:8]:
            qs = qs.filter(search_text__contains=word)
    if filters.status in Status.values:
        qs = qs.filter(status=filters.status)
    if filters.kind in Kind.values:
        qs = qs.filter(kind=filters.kind)
    if filters.channel in Channel.values:
        qs = qs.filter(channel=filters.channel)
    if filters.unit_id:
        qs = qs.filter(unit_id=filters.unit_id)
    if filters.handler_id:
        qs = qs.filter(handler_id=filters.handler_id)
    if filters.open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if filters.due == "soon":
        qs = qs.filter(
            status__in=OPEN_STATUSES,
            current_due__gte=today,
            current_due__lte=today + dt.timedelta(days=DUE_SOON_DAYS),
        )
    elif filters.due == "overdue":
        qs = qs.filter(status__in=OPEN_STATUSES, current_due__lt=today)
    elif filters.due == "prolonged":
        qs = qs.filter(status__in=OPEN_STATUSES, latest_due__lt=today)
    if filters.flag == "complex":
        qs = qs.filter(complex=True)
    elif filters.flag == "backlogged":
        qs = qs.filter(backlogged=True)
    elif filters.flag == "prolonged":
        qs = qs.filter(status__in=OPEN_STATUSES, latest_due__lt=today)
    return qs.order_by("-received_at", "-id")


def petitioner_names(cases: list[Case]) -> dict[int, str]:
    """Return the submitter's name of the listed non-confidential cases (one query)."""
    ids = [c.pk for c in cases if not c.is_confidential() and not c.anonymous]
    rows = Petitioner.objects.filter(case_id__in=ids).values_list("case_id", "name")
    return dict(rows)


def case_timeline(*, case: Case) -> QuerySet[CaseEvent]:
    """Return the events of a case, oldest first."""
    return case.events.select_related("actor", "document")


def case_deadlines(*, case: Case) -> list[CaseDeadline]:
    """Return the deadlines of a case: current ones first, then the superseded history."""
    rows = list(case.deadlines.order_by("created_at", "id"))
    return sorted(rows, key=lambda d: (not d.is_current(), d.created_at, d.pk))


def dashboard(*, actor: Actor, today: dt.date | None = None) -> dict[str, Any]:
    """Return due-soon, overdue and prolonged counts by unit and by handler."""
    today = today or timezone.localdate()
    open_cases = cases_visible(actor=actor).filter(status__in=OPEN_STATUSES)
    soon = Q(current_due__gte=today, current_due__lte=today + dt.timedelta(days=DUE_SOON_DAYS))
    measures = {
        "open": Count("id"),
        "soon": Count("id", filter=soon),
        "overdue": Count("id", filter=Q(current_due__lt=today)),
        "prolonged": Count("id", filter=Q(latest_due__lt=today)),
    }
    by_unit = list(
        open_cases.values("unit_id", "unit__name").annotate(**measures).order_by("unit__name")
    )
    by_handler = list(
        open_cases.values(
            "unit__name",
            "handler_id",
            "handler__username",
            "handler__last_name",
            "handler__first_name",
        )
        .annotate(**measures)
        .order_by("unit__name", "handler__username")
    )
    totals = open_cases.aggregate(**measures)
    return {"by_unit": by_unit, "by_handler": by_handler, "totals": totals, "today": today}


def _on_time_rate(met: int, late: int) -> float | None:
    return round(100 * met / (met + late), 1) if met + late else None


def resolution_counts(deadlines: QuerySet[CaseDeadline]) -> tuple[int, int]:
    """Return (met on time, met late) of the resolution deadlines given."""
    row = deadlines.filter(step=Step.RESOLVE, superseded_by__isnull=True).aggregate(
        on_time=Count("id", filter=Q(met_at__isnull=False, met_at__lte=F("due"))),
        late=Count("id", filter=Q(met_at__isnull=False, met_at__gt=F("due"))),
    )
    return row["on_time"], row["late"]


def statistics(
    *, actor: Actor, starts_on: dt.date, ends_on: dt.date, unit_id: int | None = None
) -> dict[str, Any]:
    """Return counts by kind, channel, unit and month of the cases received in the period,
    with the share of resolution deadlines met on time."""
    cases = cases_visible(actor=actor).filter(received_on__gte=starts_on, received_on__lte=ends_on)
    if unit_id:
        cases = cases.filter(unit_id=unit_id)
    kinds = dict(Kind.choices)
    channels = dict(Channel.choices)
    by_kind = [
        {"key": r["kind"], "label": str(kinds.get(r["kind"], r["kind"])), "n": r["n"]}
        for r in cases.values("kind").annotate(n=Count("id")).order_by("kind")
    ]
    by_channel = [
        {"key": r["channel"], "label": str(channels.get(r["channel"], r["channel"])), "n": r["n"]}
        for r in cases.values("channel").annotate(n=Count("id")).order_by("channel")
    ]
    deadlines = CaseDeadline.objects.filter(case__in=cases)
    unit_rates: dict[int, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for row in (
        deadlines.filter(step=Step.RESOLVE, superseded_by__isnull=True, met_at__isnull=False)
        .values("case__unit_id")
        .annotate(
            on_time=Count("id", filter=Q(met_at__lte=F("due"))),
            late=Count("id", filter=Q(met_at__gt=F("due"))),
        )
    ):
        unit_rates[row["case__unit_id"]] = (row["on_time"], row["late"])
    by_unit = []
    for r in cases.values("unit_id", "unit__name").annotate(n=Count("id")).order_by("unit__name"):
        met, late = unit_rates[r["unit_id"]]
        by_unit.append(
            {
                "unit_id": r["unit_id"],
                "label": r["unit__name"],
                "n": r["n"],
                "on_time": met,
                "late": late,
                "rate": _on_time_rate(met, late),
            }
        )
    by_month = [
        {"month": r["month"].strftime("%m/%Y") if r["month"] else "", "n": r["n"]}
        for r in cases.annotate(month=TruncMonth("received_at"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    ]
    met, late = resolution_counts(deadlines)
    return {
        "total": cases.count(),
        "by_kind": by_kind,
        "by_channel": by_channel,
        "by_unit": by_unit,
        "by_month": by_month,
        "on_time": met,
        "late": late,
        "on_time_rate": _on_time_rate(met, late),
    }


def unit_received_count(*, unit_id: int, starts_on: dt.date, ends_on: dt.date) -> int:
    """Return how many cases the unit received in the period."""
    return Case.objects.filter(
        unit_id=unit_id, received_on__gte=starts_on, received_on__lte=ends_on
    ).count()


def unit_uses_register(*, unit_id: int, by: dt.date) -> bool:
    """Return whether the unit had registered at least one case on or before `by`."""
    return Case.objects.filter(unit_id=unit_id, received_on__lte=by).exists()


def unit_on_time(*, unit_id: int, starts_on: dt.date, ends_on: dt.date) -> tuple[int, int]:
    """Return (on time, late) of the unit's resolutions completed in the period."""
    rows = CaseDeadline.objects.filter(
        case__unit_id=unit_id, met_at__gte=starts_on, met_at__lte=ends_on
    )
    return resolution_counts(rows)


_PUBLIC_COLUMNS = (
    "pk",
    "tracking_code",
    "secret_hash",
    "status",
    "kind",
    "received_on",
    "public_answer",
    "published_at",
    "unit__name",
    "merged_into__tracking_code",
)


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _as_datetime(value: Any) -> dt.datetime | None:
    """Return an aware datetime from a raw column (SQLite gives UTC text, PostgreSQL a value)."""
    if value is None or isinstance(value, dt.datetime):
        return value if value is None or timezone.is_aware(value) else value.replace(tzinfo=dt.UTC)
    parsed = dt.datetime.fromisoformat(str(value))
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=dt.UTC)


def _public_case_row(code: str) -> dict[str, Any] | None:
    case, unit = Case._meta.db_table, Unit._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.id, c.tracking_code, c.secret_hash, c.status, c.kind, c.received_on, "  # noqa: S608 - table names only
            "c.public_answer, c.published_at, u.name, m.tracking_code "
            f"FROM {case} c JOIN {unit} u ON u.id = c.unit_id "
            f"LEFT JOIN {case} m ON m.id = c.merged_into_id WHERE c.tracking_code = %s",
            [code],
        )
        found = cursor.fetchone()
    if found is None:
        return None
    row = dict(zip(_PUBLIC_COLUMNS, found, strict=True))
    row["received_on"] = _as_date(row["received_on"])
    row["published_at"] = _as_datetime(row["published_at"])
    return row


def _public_events(case_id: int) -> list[tuple[dt.datetime, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT at, to_status FROM {CaseEvent._meta.db_table} "  # noqa: S608 - table name only
            "WHERE case_id = %s AND public = %s ORDER BY at, id",
            [case_id, True],
        )
        return [(_as_datetime(at), status) for at, status in cursor.fetchall()]  # type: ignore[misc]


def case_public_status(*, tracking_code: str, secret: str) -> dict[str, Any] | None:
    """Return what a citizen may read about a case, or None unless both codes match.

    The comparison takes the same time whether the code exists or not. The answer has no
    personal data: status, dates, the public steps and the answer the agency published.
    """
    code = crypto.normalise_code(tracking_code)
    # The public lookup is served at volume: two indexed reads in plain SQL, because building
    # ORM queries costs more than running them (bench/petitions.py measures it).
    row = _public_case_row(code) if code else None
    stored = row["secret_hash"] if row is not None else _DUMMY_HASH
    key_index = crypto.secret_match(secret or "", stored)
    if row is None or key_index is None:
        return None
    if key_index:
        # Stored under a key that has since been rotated to the fallbacks: store it anew.
        Case.objects.filter(pk=row["pk"], secret_hash=stored).update(
            secret_hash=crypto.secret_hash(secret)
        )
    labels = dict(Status.choices)
    steps = [
        {
            "date": timezone.localtime(at).date().isoformat(),
            "status": to_status,
            "label": str(labels.get(to_status, to_status)),
        }
        for at, to_status in _public_events(row["pk"])
    ]
    published = row["status"] in (Status.PUBLISHED, Status.CLOSED) and bool(row["public_answer"])
    answers = (
        [
            {
                "date": timezone.localtime(row["published_at"]).date().isoformat()
                if row["published_at"]
                else "",
                "text": row["public_answer"],
            }
        ]
        if published
        else []
    )
    return {
        "tracking_code": row["tracking_code"],
        "status": row["status"],
        "status_label": str(labels.get(row["status"], row["status"])),
        "received_on": row["received_on"].isoformat(),
        "unit": row["unit__name"],
        "kind_label": str(dict(Kind.choices).get(row["kind"], row["kind"])),
        "steps": steps,
        "answers": answers,
        "merged_into": row["merged_into__tracking_code"] or "",
    }
