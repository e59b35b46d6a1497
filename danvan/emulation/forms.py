"""Forms of the registry pages; they validate input, services enforce the rules."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from danvan.orgs.models import Role, Unit

from .models import SCORE_MAX, SCORE_MIN, EmulationField, ExemplarKind, RecognitionLevel

DATE = {"type": "date"}


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class UnitChoiceMixin(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())

    def limit_units(self, unit_ids: set[int]) -> None:
        """Offer only the given units; hide the field when there is one."""
        field = self.fields["unit"]
        field.queryset = Unit.objects.filter(pk__in=unit_ids).order_by("name")  # type: ignore[attr-defined]
        if len(unit_ids) == 1:
            field.initial = next(iter(unit_ids))
            field.widget = forms.HiddenInput()


class ModelForm(VersionedForm):
    year = forms.IntegerField(label=_("Năm đăng ký"), min_value=2000, max_value=2100)
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=EmulationField.choices)
    title = forms.CharField(label=_("Tên mô hình"), max_length=300)
    description = forms.CharField(
        label=_("Nội dung, cách làm"), widget=forms.Textarea(attrs={"rows": 6})
    )
    participants_count = forms.IntegerField(
        label=_("Số người tham gia"), min_value=0, max_value=10_000_000, required=False
    )
    participants = forms.CharField(
        label=_("Đối tượng, lực lượng tham gia"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    results = forms.CharField(
        label=_("Kết quả đạt được"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    started_on = forms.DateField(
        label=_("Ngày bắt đầu thực hiện"), required=False, widget=forms.DateInput(attrs=DATE)
    )


class ModelCreateForm(UnitChoiceMixin, ModelForm):
    field_order = ["unit"]


class PhotoForm(forms.Form):
    # A plain file field: Django's ImageField would decode the whole image before our service
    # has checked its header for decompression bombs.
    photo = forms.FileField(
        label=_("Ảnh (JPEG, PNG hoặc WebP, tối đa 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(label=_("Chú thích ảnh"), max_length=300, required=False)


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("Tài liệu (PDF hoặc DOCX)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.docx,application/pdf,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        ),
    )


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Nội dung cần bổ sung"), widget=forms.Textarea(attrs={"rows": 3})
    )


class EvaluationForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("Thành viên Hội đồng"), queryset=get_user_model().objects.none()
    )
    score = forms.IntegerField(label=_("Điểm (0–100)"), min_value=SCORE_MIN, max_value=SCORE_MAX)
    comment = forms.CharField(
        label=_("Nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        from danvan.orgs.models import RoleAssignment

        # The council is drawn from the coordinating office and the leadership.
        ids = RoleAssignment.objects.filter(
            role__in=[Role.COORDINATOR, Role.VIEWER, Role.ADMIN], archived_at__isnull=True
        ).values_list("user_id", flat=True)
        self.fields["member"].queryset = (  # type: ignore[attr-defined]
            get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("username")
        )
        self.fields["member"].label_from_instance = (  # type: ignore[attr-defined]
            # Vietnamese order: family name first ("Trần Thị Ngọc Hân").
            lambda u: " ".join(p for p in (u.last_name, u.first_name) if p) or u.username
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Kết luận của Hội đồng"),
        choices=[("recognise", _("Công nhận")), ("reject", _("Không công nhận"))],
        widget=forms.RadioSelect,
    )
    level = forms.ChoiceField(
        label=_("Cấp công nhận"),
        choices=[("", "—"), *RecognitionLevel.choices],
        required=False,
    )
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)
    decision_date = forms.DateField(
        label=_("Ngày quyết định"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    comment = forms.CharField(
        label=_("Ý kiến của Hội đồng (bắt buộc khi không công nhận)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    public = forms.BooleanField(
        label=_("Công bố trên trang giới thiệu công khai"), required=False, initial=True
    )


class ReplicationForm(UnitChoiceMixin, forms.Form):
    applied_on = forms.DateField(
        label=_("Ngày bắt đầu áp dụng"), widget=forms.DateInput(attrs=DATE)
    )
    notes = forms.CharField(
        label=_("Cách áp dụng, kết quả bước đầu"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ExemplarForm(VersionedForm):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Loại"), choices=ExemplarKind.choices)
    name = forms.CharField(label=_("Tên cá nhân, tập thể"), max_length=200)
    position = forms.CharField(label=_("Chức vụ, đơn vị công tác"), max_length=300, required=False)
    achievements = forms.CharField(
        label=_("Thành tích tiêu biểu"), widget=forms.Textarea(attrs={"rows": 6})
    )
    date_of_birth = forms.DateField(
        label=_("Ngày sinh"), required=False, widget=forms.DateInput(attrs=DATE)
    )
    id_number = forms.CharField(label=_("Số định danh cá nhân"), max_length=20, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)


class ExemplarCreateForm(UnitChoiceMixin, ExemplarForm):
    field_order = ["unit"]


def form_data(form: forms.Form, *, drop: tuple[str, ...] = ("version", "unit")) -> dict:
    """Return the cleaned data without the version and unit fields."""
    return {k: v for k, v in form.cleaned_data.items() if k not in drop}
