"""Reads on consultations: public and staff lists, comments, the summary, report figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.access import Actor
from danvan.lib.vntext import fold
from danvan.plans.policies import ALL_UNIT_ROLES, UNIT_WRITERS

from .models import (
    PUBLIC_STATUSES,
    Comment,
    CommentStatus,
    Consultation,
    ConsultationFile,
    ConsultationStatus,
    DraftSection,
    FileKind,
)


def _filter(
    qs: QuerySet[Consultation], *, q: str = "", status: str = "", kind: str = ""
) -> QuerySet[Consultation]:
    if q.strip():
        for word in fold(q).split():
            qs = qs.filter(search_text__contains=word)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def consultations_public(
    *, q: str = "", status: str = "", kind: str = ""
) -> QuerySet[Consultation]:
    """Return the consultations the public may read, newest first."""
    qs = Consultation.objects.filter(status__in=PUBLIC_STATUSES, archived_at__isnull=True)
    if status and status not in PUBLIC_STATUSES:
        return qs.none()
    qs = _filter(qs, q=q, status=status, kind=kind)
    return (
        qs.select_related("unit")
        .annotate(
            approved_count=Count("comments", filter=Q(comments__status=CommentStatus.APPROVED))
        )
        .order_by("-opens_at", "-id")
    )


def consultations_visible(
    *,
    actor: Actor,
    q: str = "",
    status: str = "",
    kind: str = "",
    unit_id: int | None = None,
) -> QuerySet[Consultation]:
    """Return the consultations a signed-in user reads in the staff pages (see policies)."""
    qs = Consultation.objects.filter(archived_at__isnull=True)
    if not actor.is_coordinator:
        own = actor.unit_ids(*ALL_UNIT_ROLES)
        if actor.sees_province:
            qs = qs.filter(Q(unit_id__in=own) | ~Q(status=ConsultationStatus.DRAFT))
        else:
            qs = qs.filter(unit_id__in=own)
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    qs = _filter(qs, q=q, status=status, kind=kind)
    return (
        qs.select_related("unit")
        .annotate(
            total_count=Count("comments", filter=~Q(comments__status=CommentStatus.UNVERIFIED)),
            pending_count=Count("comments", filter=Q(comments__status=CommentStatus.PENDING)),
            approved_count=Count("comments", filter=Q(comments__status=CommentStatus.APPROVED)),
            answered_count=Count(
                "comments",
                filter=Q(comments__status=CommentStatus.APPROVED) & ~Q(comments__answer_kind=""),
            ),
        )
        .order_by("-opens_at", "-id")
    )


def writer_units(*, actor: Actor) -> set[int]:
    """Return the units for which the user may start a consultation (all for the coordinator)."""
    return actor.unit_ids(*UNIT_WRITERS)


def sections_of(*, consultation: Consultation) -> list[DraftSection]:
    """Return the live sections in order."""
    return list(consultation.sections.filter(archived_at__isnull=True))


def current_file(*, consultation: Consultation, kind: str) -> ConsultationFile | None:
    """Return the current draft or final text file, if any."""
    return consultation.files.filter(kind=kind, archived_at__isnull=True).first()


def draft_file(*, consultation: Consultation) -> ConsultationFile | None:
    """Return the draft's full text file, if any."""
    return current_file(consultation=consultation, kind=FileKind.DRAFT)


def final_file(*, consultation: Consultation) -> ConsultationFile | None:
    """Return the final text file, if any."""
    return current_file(consultation=consultation, kind=FileKind.FINAL)


def comments_for_staff(*, consultation: Consultation, status: str = "") -> QuerySet[Comment]:
    """Return the comments staff see (never the unverified ones), oldest first."""
    qs = consultation.comments.exclude(status=CommentStatus.UNVERIFIED)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("section", "moderated_by", "answered_by", "author_user")


def comments_approved(*, consultation: Consultation) -> QuerySet[Comment]:
    """Return the approved comments, oldest first."""
    return consultation.comments.filter(status=CommentStatus.APPROVED).select_related("section")


@dataclass
class SectionComments:
    """The approved comments about one section (or the whole draft, `section` None)."""

    section: DraftSection | None
    comments: list[Comment] = field(default_factory=list)

    @property
    def label(self) -> str:
        """Return the heading, or "Toàn bộ dự thảo"."""
        return self.section.heading if self.section else _("Góp ý chung cho toàn bộ dự thảo")


def comments_by_section(*, consultation: Consultation) -> list[SectionComments]:
    """Return the approved comments grouped: whole draft first, then sections in order."""
    groups = [SectionComments(None)] + [
        SectionComments(s) for s in consultation.sections.order_by("position", "id")
    ]
    by_id = {g.section.pk: g for g in groups if g.section is not None}
    for comment in comments_approved(consultation=consultation):
        group = by_id.get(comment.section_id) if comment.section_id else groups[0]
        (group or groups[0]).comments.append(comment)
    return [g for g in groups if g.comments]


def public_sections(*, consultation: Consultation) -> list[DraftSection]:
    """Return the live sections, each with its approved comments prefetched."""
    approved = Comment.objects.filter(status=CommentStatus.APPROVED).order_by("created_at", "id")
    return list(
        consultation.sections.filter(archived_at__isnull=True).prefetch_related(
            Prefetch("comments", queryset=approved, to_attr="approved_comments")
        )
    )


def general_comments(*, consultation: Consultation) -> list[Comment]:
    """Return the approved comments on the whole draft."""
    return list(comments_approved(consultation=consultation).filter(section__isnull=True))


@dataclass(frozen=True)
class Counts:
    received: int
    pending: int
    approved: int
    rejected: int
    answered: int
    taken_up: int
    partial: int
    explained: int
    organisations: int


def comment_counts(*, consultation: Consultation) -> Counts:
    """Return the figures of a consultation's comments (unverified ones are not received)."""
    row = consultation.comments.exclude(status=CommentStatus.UNVERIFIED).aggregate(
        received=Count("id"),
        pending=Count("id", filter=Q(status=CommentStatus.PENDING)),
        approved=Count("id", filter=Q(status=CommentStatus.APPROVED)),
        rejected=Count("id", filter=Q(status=CommentStatus.REJECTED)),
        answered=Count("id", filter=Q(status=CommentStatus.APPROVED) & ~Q(answer_kind="")),
        taken_up=Count("id", filter=Q(status=CommentStatus.APPROVED, answer_kind="taken_up")),
        partial=Count("id", filter=Q(status=CommentStatus.APPROVED, answer_kind="partial")),
        explained=Count("id", filter=Q(status=CommentStatus.APPROVED, answer_kind="explained")),
        organisations=Count("id", filter=Q(status=CommentStatus.APPROVED, as_organisation=True)),
    )
    return Counts(**row)


def _local_bounds(starts_on: dt.date, ends_on: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(starts_on, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(ends_on + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def comments_received_count(*, unit_id: int, starts_on: dt.date, ends_on: dt.date) -> int:
    """Return the approved comments on the unit's consultations closed within the dates."""
    start, end = _local_bounds(starts_on, ends_on)
    return Comment.objects.filter(
        status=CommentStatus.APPROVED,
        consultation__unit_id=unit_id,
        consultation__archived_at__isnull=True,
        consultation__closed_at__gte=start,
        consultation__closed_at__lt=end,
    ).count()


def comments_received_source(report: Any) -> tuple[int, str] | None:
    """Report source `consultation.comments_received` for a unit report."""
    period = report.period
    start, end = _local_bounds(period.starts_on, period.ends_on)
    consultations = Consultation.objects.filter(
        unit_id=report.unit_id,
        archived_at__isnull=True,
        closed_at__gte=start,
        closed_at__lt=end,
    ).count()
    value = comments_received_count(
        unit_id=report.unit_id, starts_on=period.starts_on, ends_on=period.ends_on
    )
    detail = _(
        "Tự động: %(n)d ý kiến được duyệt trên %(c)d dự thảo kết thúc lấy ý kiến trong kỳ "
        "(phân hệ Lấy ý kiến dự thảo)."
    ) % {"n": value, "c": consultations}
    return value, detail
