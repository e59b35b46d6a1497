"""The "Dân vận khéo" registry: models, exemplars, council evaluations, replications, photos."""

from __future__ import annotations

import datetime as dt
import statistics

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models import Archivable, TimeStamped, Versioned
from danvan.orgs.models import Unit


class EmulationField(models.TextChoices):
    ECONOMY = "economy", _("Kinh tế")
    CULTURE_SOCIETY = "culture_society", _("Văn hóa - xã hội")
    DEFENCE_SECURITY = "defence_security", _("Quốc phòng - an ninh")
    POLITICAL_SYSTEM = "political_system", _("Xây dựng hệ thống chính trị")


class ModelStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    REGISTERED = "registered", _("Đã đăng ký")
    UNDER_EVALUATION = "under_evaluation", _("Đang đánh giá")
    RECOGNISED = "recognised", _("Được công nhận")
    NOT_RECOGNISED = "not_recognised", _("Không được công nhận")
    ARCHIVED = "archived", _("Đã lưu trữ")


class ExemplarStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    PROPOSED = "proposed", _("Đã đề xuất")
    UNDER_EVALUATION = "under_evaluation", _("Đang đánh giá")
    RECOGNISED = "recognised", _("Được công nhận")
    NOT_RECOGNISED = "not_recognised", _("Không được công nhận")
    ARCHIVED = "archived", _("Đã lưu trữ")


class RecognitionLevel(models.TextChoices):
    """Level of the body that recognised a model (cơ sở, huyện, tỉnh, Trung ương)."""

    GRASSROOTS = "grassroots", _("Cấp cơ sở")
    DISTRICT = "district", _("Cấp huyện")
    PROVINCE = "province", _("Cấp tỉnh")
    NATIONAL = "national", _("Cấp Trung ương")


class ExemplarKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    GROUP = "group", _("Tập thể")


# Statuses from which a record has reached the coordinator (counted as "registered").
REGISTERED_OR_LATER = (
    ModelStatus.REGISTERED,
    ModelStatus.UNDER_EVALUATION,
    ModelStatus.RECOGNISED,
    ModelStatus.NOT_RECOGNISED,
)
SCORE_MIN, SCORE_MAX = 0, 100


class Decision(models.Model):
    """The fields of the recognition decision shared by models and exemplars."""

    level = models.CharField(
        _("cấp công nhận"), max_length=12, choices=RecognitionLevel.choices, blank=True
    )
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_comment = models.TextField(_("ý kiến của Hội đồng"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True

    def level_in_sentence(self) -> str:
        """Return the level as written inside a sentence: "cấp tỉnh", "cấp Trung ương"."""
        label = str(self.get_level_display()) if self.level else ""  # type: ignore[attr-defined]
        return label[:1].lower() + label[1:]


class EmulationModel(TimeStamped, Versioned, Decision):
    """A "Dân vận khéo" model (mô hình "Dân vận khéo") a unit registers for one year."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="emulation_models"
    )
    year = models.PositiveIntegerField(_("năm đăng ký"))
    field = models.CharField(_("lĩnh vực"), max_length=20, choices=EmulationField.choices)
    title = models.CharField(_("tên mô hình"), max_length=300)
    description = models.TextField(_("nội dung, cách làm"))
    participants_count = models.PositiveIntegerField(_("số người tham gia"), null=True, blank=True)
    participants = models.TextField(_("đối tượng, lực lượng tham gia"), blank=True)
    results = models.TextField(_("kết quả đạt được"), blank=True)
    started_on = models.DateField(_("ngày bắt đầu thực hiện"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ModelStatus.choices, default=ModelStatus.DRAFT
    )
    public = models.BooleanField(_("công bố trên trang giới thiệu"), default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("mô hình “Dân vận khéo”")
        verbose_name_plural = _("mô hình “Dân vận khéo”")
        ordering = ["-year", "unit__name", "title", "id"]
        indexes = [models.Index(fields=["year", "status"]), models.Index(fields=["unit", "year"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="recognised") | ~Q(level=""), name="emulation_model_level"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_editable(self) -> bool:
        """Return whether the unit may still change the model (only while a draft)."""
        return self.status == ModelStatus.DRAFT

    def on_showcase(self) -> bool:
        """Return whether the model is shown to the public."""
        return self.status == ModelStatus.RECOGNISED and self.public


class Exemplar(TimeStamped, Versioned, Decision):
    """An exemplary individual or group (điển hình tiên tiến) in "Học tập và làm theo Bác"."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị đề xuất"), on_delete=models.PROTECT, related_name="exemplars"
    )
    year = models.PositiveIntegerField(_("năm"))
    kind = models.CharField(_("loại"), max_length=12, choices=ExemplarKind.choices)
    name = models.CharField(_("tên cá nhân, tập thể"), max_length=200)
    position = models.CharField(_("chức vụ, đơn vị công tác"), max_length=300, blank=True)
    achievements = models.TextField(_("thành tích tiêu biểu"))
    # Personal data: shown only to the proposing unit and the coordinator.
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    id_number = models.CharField(_("số định danh cá nhân"), max_length=20, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=ExemplarStatus.choices,
        default=ExemplarStatus.DRAFT,
    )
    public = models.BooleanField(_("công bố trên trang giới thiệu"), default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("điển hình tiên tiến")
        verbose_name_plural = _("điển hình tiên tiến")
        ordering = ["-year", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="recognised") | ~Q(level=""), name="exemplar_level"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def is_editable(self) -> bool:
        """Return whether the unit may still change the nomination (only while a draft)."""
        return self.status == ExemplarStatus.DRAFT

    def on_showcase(self) -> bool:
        """Return whether the exemplar is shown to the public."""
        return self.status == ExemplarStatus.RECOGNISED and self.public


class Evaluation(TimeStamped):
    """One council member's score (0–100) and comment on a model or an exemplar."""

    emulation_model = models.ForeignKey(
        EmulationModel, null=True, blank=True, on_delete=models.CASCADE, related_name="evaluations"
    )
    exemplar = models.ForeignKey(
        Exemplar, null=True, blank=True, on_delete=models.CASCADE, related_name="evaluations"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("thành viên Hội đồng"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    score = models.PositiveSmallIntegerField(_("điểm"))
    comment = models.TextField(_("nhận xét"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("phiếu đánh giá")
        verbose_name_plural = _("phiếu đánh giá")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(score__lte=SCORE_MAX), name="evaluation_score"),
            models.CheckConstraint(
                condition=Q(emulation_model__isnull=False, exemplar__isnull=True)
                | Q(emulation_model__isnull=True, exemplar__isnull=False),
                name="evaluation_one_subject",
            ),
            models.UniqueConstraint(
                fields=["emulation_model", "member"], name="evaluation_model_member"
            ),
            models.UniqueConstraint(
                fields=["exemplar", "member"], name="evaluation_exemplar_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.score}"


def average_score(evaluations: list[Evaluation]) -> float | None:
    """Return the mean score of evaluations rounded to one decimal, or None without any."""
    if not evaluations:
        return None
    return round(statistics.fmean(e.score for e in evaluations), 1)


class StatusEvent(models.Model):
    """A status change of a model or an exemplar, with who made it and why."""

    emulation_model = models.ForeignKey(
        EmulationModel, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    exemplar = models.ForeignKey(
        Exemplar, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=20, choices=ModelStatus.choices)
    to_status = models.CharField(max_length=20, choices=ModelStatus.choices)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"

    def status_label(self, value: str) -> str:
        """Return a status in words, using the exemplar wording for exemplars."""
        choices = ExemplarStatus if self.exemplar_id else ModelStatus
        return str(dict(choices.choices).get(value, value))

    def from_label(self) -> str:
        """Return the previous status in words."""
        return self.status_label(self.from_status)

    def to_label(self) -> str:
        """Return the new status in words."""
        return self.status_label(self.to_status)


class Replication(TimeStamped, Archivable):
    """Another unit declares that it applies a model (nhân rộng mô hình)."""

    emulation_model = models.ForeignKey(
        EmulationModel, on_delete=models.PROTECT, related_name="replications"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị áp dụng"), on_delete=models.PROTECT, related_name="+"
    )
    applied_on = models.DateField(_("ngày bắt đầu áp dụng"))
    notes = models.TextField(_("cách áp dụng, kết quả"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("nhân rộng mô hình")
        verbose_name_plural = _("nhân rộng mô hình")
        ordering = ["applied_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["emulation_model", "unit"],
                condition=Q(archived_at__isnull=True),
                name="replication_unique_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.emulation_model_id} → {self.unit}"


def photo_path(instance: Photo, filename: str) -> str:
    """Return a storage path that never uses the uploaded name."""
    return f"emulation/photos/{instance.emulation_model_id}/{instance.token}{instance.extension}"


class Photo(TimeStamped, Archivable):
    """A photo of a model, re-encoded on upload (no metadata, capped size)."""

    emulation_model = models.ForeignKey(
        EmulationModel, on_delete=models.PROTECT, related_name="photos"
    )
    token = models.CharField(max_length=32, unique=True)
    extension = models.CharField(max_length=6)
    file = models.FileField(upload_to=photo_path, max_length=200)
    content_type = models.CharField(max_length=40)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField(_("dung lượng"))
    caption = models.CharField(_("chú thích ảnh"), max_length=300, blank=True)
    original_name = models.CharField(_("tên tệp"), max_length=200)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("ảnh mô hình")
        verbose_name_plural = _("ảnh mô hình")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.caption or self.original_name


def document_path(instance: Document, filename: str) -> str:
    """Return a storage path that never uses the uploaded name."""
    return f"emulation/documents/{instance.emulation_model_id}/{instance.token}{instance.extension}"


class Document(TimeStamped, Archivable):
    """A document of a model (PDF or DOCX): the registration, a report of results."""

    emulation_model = models.ForeignKey(
        EmulationModel, on_delete=models.PROTECT, related_name="documents"
    )
    token = models.CharField(max_length=32, unique=True)
    extension = models.CharField(max_length=10)
    file = models.FileField(upload_to=document_path, max_length=200)
    original_name = models.CharField(_("tên tệp"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("dung lượng"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("tài liệu mô hình")
        verbose_name_plural = _("tài liệu mô hình")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.original_name


def year_choices(today: dt.date) -> list[int]:
    """Return the years offered in filters: from 2020 to next year, newest first."""
    return list(range(today.year + 1, 2019, -1))
