"""Forms of the index pages; they read Vietnamese numbers, services enforce the rules."""

from __future__ import annotations

import decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.plans.models import PlanStatus, Task

from . import importer, selectors
from .catalog import MAX_RANK
from .models import IndexKind, SubIndex


class ScoreField(forms.CharField):
    """A score typed as 65,12 or 65.12."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> decimal.Decimal | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        try:
            return importer.parse_number(text)
        except (ValueError, decimal.InvalidOperation) as exc:
            raise forms.ValidationError(
                _("Hãy nhập số, ví dụ 65,12 (tối đa 2 chữ số thập phân).")
            ) from exc


def _rank_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=1, max_value=MAX_RANK)


class ImportForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Tỉnh"), queryset=selectors.province_units())
    file = forms.FileField(
        label=_("Tệp điểm (.xlsx hoặc .csv)"),
        help_text=_(
            "Các cột: Chỉ số, Năm, Chỉ số thành phần (để trống với điểm tổng), Điểm, Xếp hạng. "
            "Tối đa 2 MB, 2.000 dòng."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.province_units()


class ScoreForm(forms.Form):
    """One year's result of one index, its components and the target of that year."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    year = forms.IntegerField(label=_("Năm"), min_value=importer.FIRST_YEAR, max_value=2100)
    score = ScoreField(label=_("Điểm chỉ số"))
    national_rank = _rank_field(_("Xếp hạng toàn quốc"))
    target_score = ScoreField(label=_("Điểm mục tiêu của năm"))
    target_rank = _rank_field(_("Thứ hạng mục tiêu"))

    def __init__(self, *args: Any, kind: IndexKind, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.subs = list(SubIndex.objects.filter(kind=kind).order_by("position"))
        for sub in self.subs:
            self.fields[f"sub_{sub.pk}"] = ScoreField(
                label=sub.name, help_text=_("Tối đa %(max)s") % {"max": f"{sub.max_score:g}"}
            )
        self.fields["score"].help_text = _("Tối đa %(max)s %(unit)s") % {
            "max": f"{kind.scale_max:g}",
            "unit": kind.score_unit,
        }

    def sub_fields(self) -> list[Any]:
        """Return the bound fields of the components, in order."""
        return [self[f"sub_{s.pk}"] for s in self.subs]

    def main_fields(self) -> list[Any]:
        """Return the bound fields of the overall result."""
        return [self["year"], self["score"], self["national_rank"]]

    def target_fields(self) -> list[Any]:
        """Return the bound fields of the target."""
        return [self["target_score"], self["target_rank"]]

    def sub_scores(self) -> dict[int, tuple[decimal.Decimal | None, None]]:
        """Return the typed component scores keyed by component id."""
        return {s.pk: (self.cleaned_data.get(f"sub_{s.pk}"), None) for s in self.subs}


class LinkForm(forms.Form):
    sub_index = forms.ModelChoiceField(label=_("Chỉ số thành phần"), queryset=SubIndex.objects)
    task = forms.ModelChoiceField(label=_("Nhiệm vụ khắc phục"), queryset=Task.objects.none())
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=300)

    def __init__(self, *args: Any, kind: IndexKind, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sub_index"].queryset = SubIndex.objects.filter(kind=kind).order_by("position")
        self.fields["task"].queryset = (
            Task.objects.filter(archived_at__isnull=True, plan__archived_at__isnull=True)
            .exclude(plan__status=PlanStatus.CLOSED)
            .select_related("plan")
            .order_by("-plan__year", "position")
        )
        self.fields["task"].label_from_instance = lambda t: f"{t.plan.year} · {t.code} {t.title}"
