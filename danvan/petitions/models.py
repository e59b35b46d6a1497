"""Petitions (đơn thư): cases from every channel, their events, statutory deadlines, documents.

A denouncer's identity is a state secret: it lives encrypted in `DenouncerIdentity`, apart
from the case, and never reaches `search_text`, lists, exports, the API or notifications.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models import Archivable, TimeStamped, Versioned
from danvan.orgs.models import Unit


class Channel(models.TextChoices):
    DESK = "desk", _("Tại nơi tiếp công dân")
    POST = "post", _("Qua bưu chính")
    PORTAL = "portal", _("Cổng trực tuyến")
    TRANSFER = "transfer", _("Cơ quan khác chuyển đến")
    NATIONAL = "national", _("Hệ thống tiếp nhận, trả lời phản ánh, kiến nghị quốc gia")


class Kind(models.TextChoices):
    UNCLASSIFIED = "unclassified", _("Chưa phân loại")
    COMPLAINT = "complaint", _("Khiếu nại")
    DENUNCIATION = "denunciation", _("Tố cáo")
    FEEDBACK = "feedback", _("Kiến nghị, phản ánh")
    MIXED = "mixed", _("Hỗn hợp")


# Kinds whose submitter is (or may be) a denouncer: the identity is kept encrypted.
CONFIDENTIAL_KINDS = (Kind.DENUNCIATION, Kind.MIXED)


class Competence(models.TextChoices):
    UNKNOWN = "", _("Chưa xác định")
    OWN = "own", _("Thuộc thẩm quyền")
    LOWER = "lower", _("Thuộc thẩm quyền cấp dưới")
    OTHER = "other", _("Thuộc thẩm quyền cơ quan khác")


class NonAcceptanceGround(models.TextChoices):
    """The grounds of Luật Khiếu nại 2011, Art. 11, for not accepting a complaint."""

    INTERNAL = (
        "internal",
        _(
            "Quyết định, hành vi hành chính trong nội bộ cơ quan nhà nước để chỉ đạo, điều hành "
            "công tác (khoản 1)"
        ),
    )
    HIERARCHY = (
        "hierarchy",
        _(
            "Quyết định, hành vi trong chỉ đạo điều hành của cơ quan hành chính cấp trên với cấp "
            "dưới (khoản 2)"
        ),
    )
    NORMATIVE = "normative", _("Quyết định hành chính có chứa quy phạm pháp luật (khoản 3)")
    STATE_SECRET = (
        "state_secret",
        _("Thuộc phạm vi bí mật nhà nước trong lĩnh vực quốc phòng, an ninh, ngoại giao (khoản 4)"),
    )
    NO_DIRECT_INTEREST = (
        "no_direct_interest",
        _("Không liên quan trực tiếp đến quyền, lợi ích hợp pháp của người khiếu nại (khoản 5)"),
    )
    NO_CAPACITY = (
        "no_capacity",
        _(
            "Người khiếu nại không có năng lực hành vi dân sự đầy đủ mà không có người đại "
            "diện hợp pháp (khoản 6)"
        ),
    )
    UNLAWFUL_REPRESENTATIVE = (
        "unlawful_representative",
        _("Người đại diện không hợp pháp thực hiện khiếu nại (khoản 7)"),
    )
    UNSIGNED = "unsigned", _("Đơn không có chữ ký hoặc điểm chỉ của người khiếu nại (khoản 8)")
    TIME_BARRED = (
        "time_barred",
        _("Thời hiệu, thời hạn khiếu nại đã hết mà không có lý do chính đáng (khoản 9)"),
    )
    SECOND_DECIDED = (
        "second_decided",
        _("Khiếu nại đã có quyết định giải quyết khiếu nại lần hai (khoản 10)"),
    )
    SUSPENDED_LAPSED = (
        "suspended_lapsed",
        _(
            "Đã có thông báo đình chỉ mà sau 30 ngày người khiếu nại không tiếp tục khiếu nại "
            "(khoản 11)"
        ),
    )
    COURT = (
        "court",
        _(
            "Việc khiếu nại đã được Tòa án thụ lý hoặc giải quyết bằng bản án, quyết định "
            "(khoản 12)"
        ),
    )


class AnonymousHandling(models.TextChoices):
    """What to do with a denunciation without a (true) name, Luật Tố cáo 2018, Art. 25."""

    NONE = "", _("Không áp dụng")
    INSPECT = (
        "inspect",
        _("Nội dung rõ, có tài liệu, chứng cứ cụ thể: thanh tra, kiểm tra theo thẩm quyền"),
    )
    NOT_PROCESSED = "not_processed", _("Không xử lý như tố cáo (không đủ cơ sở)")


class Status(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    CLASSIFIED = "classified", _("Đã phân loại")
    ACCEPTED = "accepted", _("Đã thụ lý")
    NOT_ACCEPTED = "not_accepted", _("Không thụ lý")
    TRANSFERRED = "transferred", _("Đã chuyển đơn")
    GUIDED = "guided", _("Đã hướng dẫn")
    VERIFYING = "verifying", _("Đang xác minh")
    SUSPENDED = "suspended", _("Tạm đình chỉ")
    CONCLUDED = "concluded", _("Đã có quyết định, kết luận")
    PUBLISHED = "published", _("Đã công khai")
    WITHDRAWN = "withdrawn", _("Đã rút đơn")
    MERGED = "merged", _("Đã gộp vào hồ sơ khác")
    CLOSED = "closed", _("Đã kết thúc")


# A case in these statuses still needs work and its deadlines run.
OPEN_STATUSES = (
    Status.RECEIVED,
    Status.CLASSIFIED,
    Status.ACCEPTED,
    Status.VERIFYING,
    Status.SUSPENDED,
)


class Case(TimeStamped, Versioned):
    """A petition case (hồ sơ đơn thư): one identity across every channel it came through."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("cơ quan xử lý"), on_delete=models.PROTECT, related_name="cases"
    )
    channel = models.CharField(_("nguồn đơn"), max_length=16, choices=Channel.choices)
    kind = models.CharField(
        _("loại đơn"), max_length=16, choices=Kind.choices, default=Kind.UNCLASSIFIED
    )
    kind_hint = models.CharField(_("loại do người gửi chọn"), max_length=16, blank=True)
    competence = models.CharField(
        _("thẩm quyền"), max_length=8, choices=Competence.choices, default="", blank=True
    )
    non_acceptance_grounds = models.JSONField(_("lý do không thụ lý"), default=list, blank=True)
    anonymous = models.BooleanField(_("không rõ danh tính người gửi"), default=False)
    anonymous_handling = models.CharField(
        _("xử lý tố cáo nặc danh"),
        max_length=16,
        choices=AnonymousHandling.choices,
        default="",
        blank=True,
    )
    complex = models.BooleanField(_("vụ việc phức tạp"), default=False)
    especially_complex = models.BooleanField(_("vụ việc đặc biệt phức tạp"), default=False)
    remote = models.BooleanField(_("vùng sâu, vùng xa"), default=False)
    backlogged = models.BooleanField(_("tồn đọng, kéo dài"), default=False)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người được giao xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("khiếu nại lần đầu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="second_complaints",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("gộp vào hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_cases",
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    status_before_suspend = models.CharField(max_length=16, blank=True)
    suspended_on = models.DateField(_("tạm đình chỉ từ ngày"), null=True, blank=True)
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"))
    received_on = models.DateField(_("ngày tiếp nhận"), db_index=True)
    subject = models.CharField(_("tóm tắt"), max_length=300)
    content = models.TextField(_("nội dung"))
    source_body = models.CharField(_("cơ quan chuyển đến"), max_length=300, blank=True)
    source_reference = models.CharField(_("số hiệu đơn ở nguồn"), max_length=100, blank=True)
    transfer_to = models.CharField(_("chuyển đến cơ quan"), max_length=300, blank=True)
    guide_note = models.TextField(_("nội dung hướng dẫn"), blank=True)
    decision_number = models.CharField(_("số quyết định, kết luận"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định, kết luận"), null=True, blank=True)
    conclusion = models.TextField(_("nội dung quyết định, kết luận"), blank=True)
    public_answer = models.TextField(_("nội dung trả lời công khai"), blank=True)
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    # Denormalised from the open deadline so lists filter by them with an index.
    current_due = models.DateField(_("hạn của bước hiện tại"), null=True, blank=True)
    latest_due = models.DateField(_("hạn cuối cùng có thể"), null=True, blank=True)
    tracking_code = models.CharField(_("mã tra cứu"), max_length=20, unique=True)
    secret_hash = models.CharField(max_length=64)
    notify_email = models.EmailField(_("thư điện tử nhận thông báo"), blank=True)
    # Keyed hash of the submitter's ID number (or folded name) to find duplicates; not reversible.
    person_key = models.CharField(max_length=64, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Folded subject, content, code and (for non-denunciations only) the petitioner's name.
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("hồ sơ đơn thư")
        verbose_name_plural = _("hồ sơ đơn thư")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "status", "received_on"]),
            models.Index(fields=["status", "current_due"]),
            models.Index(fields=["status", "latest_due"]),
            models.Index(fields=["handler", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("id")), name="case_not_merged_into_itself"
            )
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} – {self.subject[:80]}"

    def is_open(self) -> bool:
        """Return whether the case still needs work."""
        return self.status in OPEN_STATUSES

    def is_second(self) -> bool:
        """Return whether this is a second complaint (linked to the first)."""
        return self.parent_id is not None

    def is_confidential(self) -> bool:
        """Return whether the submitter's identity must be kept secret."""
        return self.kind in CONFIDENTIAL_KINDS or self.kind_hint in CONFIDENTIAL_KINDS

    def is_overdue(self, today: dt.date) -> bool:
        """Return whether the open step is past its due date."""
        return self.is_open() and self.current_due is not None and self.current_due < today

    def is_prolonged(self, today: dt.date) -> bool:
        """Return whether the case is open past every deadline the law allows it."""
        return self.is_open() and self.latest_due is not None and self.latest_due < today

    def grounds_labels(self) -> list[str]:
        """Return the non-acceptance grounds in words."""
        labels = dict(NonAcceptanceGround.choices)
        return [str(labels.get(key, key)) for key in self.non_acceptance_grounds]


class CaseEvent(models.Model):
    """One transition of a case: from which status to which, by whom, why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("thời điểm"))
    action = models.CharField(_("thao tác"), max_length=32)
    from_status = models.CharField(_("từ trạng thái"), max_length=16, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("ghi chú"), blank=True)
    document = models.ForeignKey(
        "CaseDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    public = models.BooleanField(_("hiện cho người gửi"), default=True)

    class Meta:
        verbose_name = _("diễn biến hồ sơ")
        verbose_name_plural = _("diễn biến hồ sơ")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.from_status}→{self.to_status}"

    def to_label(self) -> str:
        """Return the new status in words."""
        return str(dict(Status.choices).get(self.to_status, self.to_status))


class Step(models.TextChoices):
    CLASSIFY = "classify", _("Phân loại, xử lý đơn")
    ACCEPT = "accept", _("Thụ lý")
    PROCESS = "process", _("Xử lý ban đầu thông tin tố cáo")
    RESOLVE = "resolve", _("Giải quyết")


class CaseDeadline(TimeStamped):
    """The stored due date of one step, with how it was computed; replaced, never edited."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    step = models.CharField(_("bước"), max_length=16, choices=Step.choices)
    rule_code = models.CharField(_("quy định"), max_length=64)
    rule_step = models.CharField(_("tên bước theo quy định"), max_length=200)
    start = models.DateField(_("tính từ ngày"))
    due = models.DateField(_("hạn"))
    latest_due = models.DateField(_("hạn tối đa nếu gia hạn hết"))
    days = models.PositiveIntegerField(_("số ngày"))
    unit = models.CharField(_("đơn vị tính"), max_length=16)
    basis = models.CharField(_("căn cứ"), max_length=300)
    explanation = models.TextField(_("cách tính"))
    skipped = models.JSONField(_("ngày không tính"), default=list, blank=True)
    complex = models.BooleanField(default=False)
    especially_complex = models.BooleanField(default=False)
    remote = models.BooleanField(default=False)
    variant = models.CharField(max_length=16, blank=True)
    extensions = models.PositiveIntegerField(_("số lần gia hạn"), default=0)
    extension_decisions = models.JSONField(_("quyết định gia hạn"), default=list, blank=True)
    max_extensions = models.PositiveIntegerField(_("số lần gia hạn được phép"), default=0)
    paused_days = models.PositiveIntegerField(_("số ngày tạm đình chỉ"), default=0)
    reason = models.CharField(_("lý do lập, thay đổi"), max_length=300)
    met_at = models.DateField(_("hoàn thành ngày"), null=True, blank=True)
    cancelled = models.BooleanField(_("không còn áp dụng"), default=False)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("thời hạn xử lý")
        verbose_name_plural = _("thời hạn xử lý")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "step"],
                condition=Q(superseded_by__isnull=True),
                name="casedeadline_one_current_per_step",
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule_code} {self.due:%d/%m/%Y}"

    def is_current(self) -> bool:
        """Return whether this is the live version of the step's deadline."""
        return self.superseded_by_id is None

    def is_pending(self) -> bool:
        """Return whether the step is still running (not met, cancelled or superseded)."""
        return self.is_current() and self.met_at is None and not self.cancelled

    def skipped_days(self) -> list[tuple[dt.date, str]]:
        """Return the days not counted, as (date, reason)."""
        return [(dt.date.fromisoformat(d["date"]), d["reason"]) for d in self.skipped]

    def on_time(self) -> bool | None:
        """Return whether the step was met by its due date (None while pending)."""
        if self.met_at is None:
            return None
        return self.met_at <= self.due


class Petitioner(models.Model):
    """Who submitted a complaint or feedback (not a denunciation): shown to the handling unit."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="petitioner")
    name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    id_number = models.CharField(_("số định danh cá nhân"), max_length=20, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    group_size = models.PositiveIntegerField(_("số người cùng gửi"), default=1)

    class Meta:
        verbose_name = _("người gửi đơn")
        verbose_name_plural = _("người gửi đơn")

    def __str__(self) -> str:
        return self.name or str(_("(không rõ)"))


class DenouncerIdentity(TimeStamped):
    """The denouncer's identity, encrypted at rest (Fernet); the key is never in the database.

    `token` holds the ciphertext of a JSON object (name, id_number, address, phone, email);
    `key_id` names the key that encrypted it, for rotation.
    """

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="identity")
    token = models.TextField()
    key_id = models.CharField(max_length=16)

    class Meta:
        verbose_name = _("danh tính người tố cáo (mã hóa)")
        verbose_name_plural = _("danh tính người tố cáo (mã hóa)")

    def __str__(self) -> str:
        return f"identity of case {self.case_id}"


class IdentityAccessLog(models.Model):
    """One view of a denouncer's identity: who, when, which case, why / from which page."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="identity_views")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    purpose = models.CharField(_("mục đích"), max_length=300)
    page = models.CharField(_("trang"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("lượt xem danh tính người tố cáo")
        verbose_name_plural = _("lượt xem danh tính người tố cáo")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} viewed identity of case {self.case_id}"


def attachment_path(instance: CaseAttachment, filename: str) -> str:
    """Return a storage path that never uses the uploaded name."""
    return f"petitions/{instance.case_id}/{instance.token}{instance.extension}"


class CaseAttachment(TimeStamped, Archivable):
    """A file received with the petition; downloaded only through a permission check."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    token = models.CharField(max_length=32, unique=True)
    extension = models.CharField(max_length=10)
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("tên tệp"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("dung lượng"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("tài liệu kèm đơn")
        verbose_name_plural = _("tài liệu kèm đơn")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class DocumentKind(models.TextChoices):
    ACCEPTANCE = "acceptance", _("Thông báo thụ lý")
    NON_ACCEPTANCE = "non_acceptance", _("Thông báo không thụ lý")
    TRANSFER = "transfer", _("Phiếu chuyển đơn")
    EXTENSION = "extension", _("Quyết định gia hạn")


class CaseDocument(TimeStamped):
    """A document issued for a step; its DOCX is generated from these fields on download."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("loại văn bản"), max_length=16, choices=DocumentKind.choices)
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"))
    details = models.JSONField(default=dict, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("văn bản xử lý đơn")
        verbose_name_plural = _("văn bản xử lý đơn")
        ordering = ["issued_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class LinkStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đề xuất")
    CONFIRMED = "confirmed", _("Đã xác nhận trùng, đã gộp")
    DISMISSED = "dismissed", _("Không trùng")


class DuplicateLink(TimeStamped):
    """A proposal that two cases are the same petition; merged only on explicit confirmation."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="duplicate_links")
    other = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    score = models.DecimalField(_("mức giống"), max_digits=4, decimal_places=3)
    status = models.CharField(
        max_length=16, choices=LinkStatus.choices, default=LinkStatus.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("đề xuất trùng đơn")
        verbose_name_plural = _("đề xuất trùng đơn")
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "other"], name="duplicatelink_unique_pair")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}~{self.other_id} ({self.score})"
