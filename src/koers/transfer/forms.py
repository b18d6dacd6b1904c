from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from koers.transfer.columns import field_choices
from koers.transfer.kinds import ACCOUNTS, kind_named
from koers.transfer.services import check_mapping


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A CSV file (separated by semicolons, commas or tabs) or an Excel file (.xlsx); "
            "the first row holds the column names."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,.tsv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_UPLOAD_MB * 1024 * 1024
        if upload.size > limit:
            raise ValidationError(
                _("The file is larger than %(size)s MB."),
                code="too_large",
                params={"size": settings.IMPORT_MAX_UPLOAD_MB},
            )
        return upload


class MappingForm(forms.Form):
    """One select per column of the file; the header is the label."""

    save_as = forms.CharField(
        label=_("Save this mapping as"),
        required=False,
        max_length=100,
        help_text=_("Give it a name to offer it again for your next file."),
    )

    def __init__(
        self,
        *args: Any,
        headers: list[str],
        samples: list[list[str]],
        mapping: dict[str, str],
        kind: str = ACCOUNTS,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.headers = headers
        self.kind = kind
        other = kind_named(kind)
        choices = field_choices(other.fields if other else None)
        self.columns: list[dict[str, Any]] = []
        for index, header in enumerate(headers):
            name = f"col_{index}"
            self.fields[name] = forms.ChoiceField(
                label=header, choices=choices, required=False, initial=mapping.get(header, "")
            )
            examples = [row[index] for row in samples if index < len(row) and row[index]]
            self.columns.append({"field": name, "header": header, "examples": examples[:3]})
        self.fields["save_as"] = self.fields.pop("save_as")

    def column_fields(self) -> list[tuple[forms.BoundField, list[str]]]:
        return [(self[c["field"]], c["examples"]) for c in self.columns]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        mapping = {h: data.get(f"col_{i}") or "" for i, h in enumerate(self.headers)}
        check_mapping(mapping, self.kind)
        data["mapping"] = mapping
        return data
