"""Forms of the imports app: upload, review of the structure read, registry entries."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.orgs.models import Unit, UnitGroup
from danvan.plans.models import ResponsibilityRole

from .models import LegalDocument


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp kế hoạch"),
        help_text=_(
            "Word (.docx), PDF (có lớp chữ hoặc bản quét), ảnh chụp (.png, .jpg) hoặc văn bản "
            "(.txt). Bản quét được nhận dạng chữ tiếng Việt từng trang."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.pdf,.png,.jpg,.jpeg,.txt"}),
    )


def unit_choices() -> list[tuple[str, str]]:
    """Return the choices of the unit picker: groups first, then active units."""
    choices: list[tuple[str, str]] = [("", str(_("— Chưa khớp đơn vị —")))]
    for group in UnitGroup.objects.filter(archived_at__isnull=True).order_by("name"):
        choices.append((f"group:{group.pk}", f"{_('Nhóm')}: {group.name}"))
    for unit in Unit.objects.filter(archived_at__isnull=True).order_by("name"):
        choices.append((f"unit:{unit.pk}", unit.name))
    return choices


class ReviewForm(forms.Form):
    """The header, section and item titles, tasks and actor units of one import, editable."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=300, required=False)
    full_ref = forms.CharField(label=_("Số, ký hiệu"), max_length=60, required=False)
    doc_type = forms.CharField(label=_("Loại văn bản"), max_length=60, required=False)
    place = forms.CharField(label=_("Địa danh"), max_length=100, required=False)
    date = forms.DateField(
        label=_("Ngày ban hành"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    title = forms.CharField(
        label=_("Trích yếu"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, structure: dict[str, Any], version: int, **kwargs: Any):
        header = structure.get("header", {})
        initial = {
            "version": version,
            "issuer": header.get("issuer") or "",
            "full_ref": header.get("full_ref") or "",
            "doc_type": header.get("type") or "",
            "place": header.get("place") or "",
            "date": header.get("date") or None,
            "title": header.get("title") or "",
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.structure = structure
        self.section_rows: list[tuple[Any, dict[str, Any], list[tuple[Any, dict[str, Any]]]]] = []
        for s_index, section in enumerate(structure.get("sections", [])):
            name = f"section-{s_index}"
            self.fields[name] = forms.CharField(
                label=_("Tiêu đề phần %(n)s") % {"n": section["numeral"]},
                max_length=300,
                initial=section["title"],
            )
            items = []
            for i_index, item in enumerate(section.get("items", [])):
                if not item.get("number") or section.get("kind") == "organisation":
                    # Items of "Tổ chức thực hiện" have no titles: their actors are below.
                    continue
                item_name = f"item-{s_index}-{i_index}"
                self.fields[item_name] = forms.CharField(
                    label=_("Mục %(s)s.%(n)s") % {"s": section["numeral"], "n": item["number"]},
                    max_length=1000,
                    required=False,
                    initial=item.get("title") or "",
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
                items.append((self[item_name], item))
            self.section_rows.append((self[name], section, items))
        self.task_rows = []
        for index, task in enumerate(structure.get("tasks", [])):
            include = f"task-{index}-include"
            title = f"task-{index}-title"
            self.fields[include] = forms.BooleanField(
                label=_("Tạo nhiệm vụ %(code)s") % {"code": task["code"]},
                required=False,
                initial=task.get("include", True),
            )
            self.fields[title] = forms.CharField(
                label=_("Tên nhiệm vụ %(code)s") % {"code": task["code"]},
                max_length=300,
                required=False,
                initial=task["title"],
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.task_rows.append((task, self[include], self[title]))
        choices = unit_choices()
        keys = structure.get("actor_keys") or []
        self.actor_rows = []
        for index, actor in enumerate(structure.get("actors", [])):
            unit = f"actor-{index}"
            role = f"actor-{index}-role"
            picked = keys[index] if index < len(keys) and keys[index] else actor.get("unit_key")
            self.fields[unit] = forms.ChoiceField(
                label=_("Đơn vị của “%(name)s”") % {"name": actor["name"]},
                choices=choices,
                required=False,
                initial=picked or "",
            )
            self.fields[role] = forms.ChoiceField(
                label=_("Vai trò của “%(name)s”") % {"name": actor["name"]},
                choices=ResponsibilityRole.choices,
                initial=actor["role"],
            )
            self.actor_rows.append((actor, self[unit], self[role]))

    def changes(self) -> dict[str, Any]:
        """Return the corrections in the shape `import_job_review` takes."""
        data = self.cleaned_data
        header = {
            "issuer": data["issuer"],
            "full_ref": data["full_ref"],
            "type": data["doc_type"],
            "place": data["place"],
            "date": data["date"],
            "title": data["title"],
        }
        sections = {}
        items = {}
        for s_index, section in enumerate(self.structure.get("sections", [])):
            sections[s_index] = data.get(f"section-{s_index}", section["title"])
            for i_index, _item in enumerate(section.get("items", [])):
                name = f"item-{s_index}-{i_index}"
                if name in data:
                    items[(s_index, i_index)] = data[name]
        tasks = {
            index: {
                "title": data.get(f"task-{index}-title", ""),
                "include": data.get(f"task-{index}-include", False),
            }
            for index in range(len(self.structure.get("tasks", [])))
        }
        actors = {
            index: {
                "unit_key": data.get(f"actor-{index}") or None,
                "role": data.get(f"actor-{index}-role"),
            }
            for index in range(len(self.structure.get("actors", [])))
        }
        return {
            "header": header,
            "sections": sections,
            "items": items,
            "tasks": tasks,
            "actors": actors,
        }


class LegalDocumentForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    url = forms.URLField(
        label=_("Đường dẫn văn bản chính thức"),
        max_length=500,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = LegalDocument
        fields = ["doc_type", "full_ref", "issued_on", "issuer", "title", "url"]
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "title": forms.Textarea(attrs={"rows": 3}),
        }
