"""Form pieces every app shares: dates picked with the browser's date picker (shown the
Vietnamese way, dd/mm/yyyy, by a browser set to Vietnamese), or typed as dd/mm/yyyy."""

from typing import Any

from django import forms

from danvan.vi.numbers import parse_number

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


class CountField(forms.IntegerField):
    """A count typed the Vietnamese way ("1.200" people), as text with a phone's decimal keypad:
    an <input type="number"> refuses "1.200" in some browsers and shows a spinner, and the
    "numeric" keypad of some phones has no "."."""

    widget = forms.TextInput

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "inputmode": "decimal", "autocomplete": "off"}

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        try:
            number = parse_number(str(value))
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from error
        if not isinstance(number, int):
            raise forms.ValidationError(
                "Số này phải là số nguyên (không có phần thập phân).", code="invalid"
            )
        return number
