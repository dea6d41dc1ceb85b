"""Form pieces every app shares: dates picked with the browser's date picker (shown the
Vietnamese way, dd/mm/yyyy, by a browser set to Vietnamese), or typed as dd/mm/yyyy."""

from typing import Any

from django import forms

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        # An <input type="date"> carries its value as yyyy-mm-dd whatever it shows.
        super().__init__(format="%Y-%m-%d")


def date_field(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        error_messages={
            "invalid": "Ngày không hợp lệ: chọn trên lịch, hoặc viết ngày/tháng/năm "
            "(ví dụ 31/03/2021).",
            "required": "Cần chọn ngày.",
        },
    )


EMPTY_CHOICE = "— Chọn —"


def vietnamese_choices(form: forms.BaseForm) -> None:
    """Django's "---------" for "nothing chosen yet" becomes Vietnamese."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
            field.empty_label = EMPTY_CHOICE
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            options: Any = field.choices
            field.choices = [
                ("", EMPTY_CHOICE) if value == "" else (value, label) for value, label in options
            ]
